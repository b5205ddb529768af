import { ruleByCode } from '../rules/registry';
import { upgradeById } from '../upgrades';
import type { AppliedFix } from './engine';
import type { WithProjectFixes } from './project';
import type { FixRunResult } from './run';
import type { VerifiedResult } from './bisect';

/**
 * The migration guide `fix --report FILE` writes: what changed, upgrade by
 * upgrade and rule by rule (files, counts, one before/after example), and
 * what a person still has to do after each kind of fix.
 */
interface Group {
  code: string;
  fixes: Array<AppliedFix & { path: string }>;
}

function fence(s: string, lang: string): string {
  const ticks = s.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${s}\n${ticks}`;
}

export function migrationReport(result: FixRunResult, opts: { dryRun: boolean }): string {
  const groups = new Map<string, Group>();
  for (const o of result.outcomes) {
    if (!o.changed || o.refused) continue;
    for (const a of o.applied) {
      const g = groups.get(a.code) ?? { code: a.code, fixes: [] };
      g.fixes.push({ ...a, path: o.path });
      groups.set(a.code, g);
    }
  }
  const out: string[] = [];
  out.push('# Migration guide', '');
  out.push(
    `${opts.dryRun ? 'What `rfsn-upgrade fix` would change' : 'What `rfsn-upgrade fix` changed'} (target ${result.targetVersion}): ` +
      `${result.fixes} fix${result.fixes === 1 ? '' : 'es'} in ${result.changedFiles} file${result.changedFiles === 1 ? '' : 's'}.`,
    '',
  );
  if (groups.size === 0) out.push('Nothing was changed.', '');
  const byUpgrade = new Map<string, Group[]>();
  for (const g of [...groups.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const up = ruleByCode(g.code)?.upgrade ?? 'U??';
    byUpgrade.set(up, [...(byUpgrade.get(up) ?? []), g]);
  }
  if (groups.size) {
    out.push('| Upgrade | Rule | Fixes | Files |', '|---|---|---:|---:|');
    for (const [up, gs] of [...byUpgrade].sort(([a], [b]) => a.localeCompare(b))) {
      for (const g of gs) out.push(`| ${up} ${upgradeById(up)?.title ?? ''} | ${g.code} | ${g.fixes.length} | ${new Set(g.fixes.map((f) => f.path)).size} |`);
    }
    out.push('');
  }
  for (const [up, gs] of [...byUpgrade].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`## ${up} ${upgradeById(up)?.title ?? ''}`, '');
    for (const g of gs) {
      const rule = ruleByCode(g.code);
      out.push(`### ${g.code} ${rule?.name ?? ''}`, '');
      if (rule) out.push(`${rule.summary}.`, '');
      const perFile = new Map<string, number>();
      for (const f of g.fixes) perFile.set(f.path, (perFile.get(f.path) ?? 0) + 1);
      out.push(`${g.fixes.length} fix${g.fixes.length === 1 ? '' : 'es'} (${g.fixes.some((f) => f.safety === 'unsafe') ? 'unsafe' : 'safe'}):`, '');
      if (rule?.projectFix) {
        // a project-level fix edits whole files (a manifest, a CLI module): each change says what it did
        for (const f of g.fixes) out.push(`- \`${f.path}\`:${f.line} ${f.description}`);
        out.push('');
      } else {
        for (const [p, n] of [...perFile].sort(([a], [b]) => a.localeCompare(b))) out.push(`- \`${p}\`: ${n}`);
        out.push('');
        const ex = g.fixes.find((f) => f.before.trim() !== f.after.trim()) ?? g.fixes[0];
        out.push(`Example (\`${ex.path}\`, line ${ex.line}):`, '');
        out.push(fence(`${ex.before.split('\n').map((l) => `- ${l}`).join('\n')}\n${ex.after.split('\n').map((l) => `+ ${l}`).join('\n')}`, 'diff'), '');
      }
      if (rule?.followUp) out.push(`**Follow-up:** ${rule.followUp}`, '');
      // once per upgrade when its rules share it (DEP001-DEP003)
      const byHand = rule?.byHand;
      if (byHand && !gs.slice(gs.indexOf(g) + 1).some((o) => ruleByCode(o.code)?.byHand === byHand)) out.push(`**By hand next:** ${byHand}`, '');
      // what the rule itself adds under its fixes (SEC006: the environment variables to set)
      if (rule?.migrationNotes) out.push(...rule.migrationNotes(g.fixes));
    }
  }
  const verify = (result as VerifiedResult).verify;
  if (verify) {
    // what the project's own tests decided: the fixes they caught are not in the changes above
    out.push('## Checked by the test suite', '');
    out.push(`\`${verify.command.replace(/`/g, "'")}\` ran ${verify.runs} time${verify.runs === 1 ? '' : 's'}${verify.failingAtBaseline ? ` (${verify.failingAtBaseline} test${verify.failingAtBaseline === 1 ? '' : 's'} failed before any fix and did not count)` : ''}.`, '');
    if (!verify.green) out.push(`**Not green:** ${verify.failure}.`, '');
    if (verify.reverted.length) {
      out.push('Reverted, because a test that passed before failed with them:', '', '| File | Line | Rule | Fix | Tests it broke |', '|---|---:|---|---|---|');
      const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      for (const r of verify.reverted) out.push(`| \`${r.path}\` | ${r.line} | ${r.code} | ${cell(r.description)} | ${cell(r.tests.join(', '))} |`);
      out.push('');
    } else out.push('No fix was reverted.', '');
  }
  const refused = result.outcomes.filter((o) => o.changed && o.refused);
  const rejected = result.outcomes.filter((o) => o.rejected.length);
  const unfixed = result.outcomes.filter((o) => o.unfixed.length);
  const declined = (result as WithProjectFixes).projectDeclined ?? [];
  if (refused.length || rejected.length || unfixed.length || declined.length || result.unsafeSkipped) {
    out.push('## Not changed', '');
    for (const o of refused) out.push(`- \`${o.path}\`: ${o.refused}`);
    for (const o of rejected) for (const r of o.rejected) out.push(`- \`${o.path}\`: ${r}`);
    for (const o of unfixed) for (const u of o.unfixed) out.push(`- \`${o.path}\`: ${u.code} left as it is: ${u.reason}`);
    for (const d of declined) out.push(`- ${d.path ? `\`${d.path}\`: ` : ''}${d.code} left as it is: ${d.reason}`);
    if (result.unsafeSkipped) out.push(`- ${result.unsafeSkipped} unsafe fix${result.unsafeSkipped === 1 ? '' : 'es'} not applied: run with \`--unsafe-fixes\` to apply them.`);
    out.push('');
  }
  const left = new Map<string, number>();
  for (const f of result.findings) left.set(f.code, (left.get(f.code) ?? 0) + 1);
  if (left.size) {
    out.push('## Still to do by hand', '', '| Rule | Findings |', '|---|---:|');
    for (const [c, n] of [...left].sort(([a], [b]) => a.localeCompare(b))) out.push(`| ${c} ${ruleByCode(c)?.summary ?? ''} | ${n} |`);
    out.push('');
  }
  out.push('## Verify', '', '```sh', 'rfsn-upgrade scan .', 'python -m compileall -q .', '# and your test suite', '```', '');
  return out.join('\n');
}
