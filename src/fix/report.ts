import type { StructuredPatchHunk } from 'diff';
import type { Finding } from '../core/finding';
import { ruleByCode } from '../rules/registry';
import { upgradeById } from '../upgrades';
import { CONTEXT, diffHunks } from './diff';
import type { AppliedFix } from './engine';
import type { WithProjectFixes } from './project';
import type { FixOutcome, FixRunResult } from './run';
import type { VerifiedResult } from './bisect';

/**
 * The migration guide `fix --report FILE` writes: what changed, upgrade by
 * upgrade and rule by rule (files, counts, one example: a hunk of the diff
 * as applied), what a person still has to do after each kind of fix, and
 * what is left, upgrade by upgrade, with the rules' own advice.
 */
interface Group {
  code: string;
  fixes: Array<AppliedFix & { path: string }>;
}

function fence(s: string, lang: string): string {
  const ticks = s.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${s}\n${ticks}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** most lines an example shows of its hunk */
const EXAMPLE_LINES = 20;
/** findings listed per rule in "Still to do by hand" */
const LISTED = 5;

/** The non-blank lines of an edit's text, trimmed. */
const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * How well these diff lines show the fix: 3 when what it removed is among
 * their removed lines and what it wrote among the added ones; 2 when what it
 * removed is (a later fix or pass rewrote what it wrote: a fix's `after` is
 * its own edit only); 1 for an insertion whose text was added; else 0.
 */
function match(lines: string[], f: AppliedFix): number {
  const side = (mark: string): string =>
    lines
      .filter((l) => l[0] === mark)
      .map((l) => l.slice(1))
      .join('\n');
  const within = (text: string, mark: string): boolean => linesOf(text).every((l) => side(mark).includes(l));
  const removed = linesOf(f.before).length > 0 && within(f.before, '-');
  if (removed) return within(f.after, '+') ? 3 : 2;
  return !linesOf(f.before).length && linesOf(f.after).length && within(f.after, '+') ? 1 : 0;
}

const isChange = (l: string): boolean => l[0] === '-' || l[0] === '+';

/** The runs of changed lines of a hunk, as [start, end) indexes of its lines. */
function runsOf(h: StructuredPatchHunk): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  h.lines.forEach((l, i) => {
    if (!isChange(l)) return;
    const last = out[out.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else out.push([i, i + 1]);
  });
  return out;
}

interface Example {
  path: string;
  /** line in the fixed file of the first change shown */
  line: number;
  lines: string[];
}

/** The changed lines [s, e) of a hunk with the diff's context either side, at most EXAMPLE_LINES: a piece of the diff as it is. */
function excerpt(path: string, h: StructuredPatchHunk, s: number, e: number): Example {
  const from = Math.max(0, s - CONTEXT);
  const to = Math.min(h.lines.length, e + CONTEXT, from + EXAMPLE_LINES);
  // the new file's line of h.lines[s]: the context and added lines before it
  const line = h.newStart + h.lines.slice(0, s).filter((l) => l[0] === ' ' || l[0] === '+').length;
  return { path, line, lines: h.lines.slice(from, to) };
}

/**
 * The example of a rule's fixes: a piece of its file's diff as applied (what
 * `fix --diff` prints), the first run of changed lines that shows one of the
 * fixes. A fix's own before/after is not shown: later fixes and passes
 * rewrite the same lines.
 */
function exampleOf(fixes: Array<AppliedFix & { path: string }>, outcomes: Map<string, FixOutcome>): Example | null {
  const hunks = new Map<string, StructuredPatchHunk[]>();
  let best: { score: number; example: Example } | null = null;
  for (const f of fixes) {
    const o = outcomes.get(f.path);
    if (o?.original === undefined || o.text === undefined) continue;
    if (!hunks.has(f.path)) hunks.set(f.path, diffHunks(o.original, o.text));
    let near: { distance: number; example: Example } | null = null;
    for (const h of hunks.get(f.path)!) {
      for (const [s, e] of runsOf(h)) {
        const score = match(h.lines.slice(s, e), f);
        if (score > (best?.score ?? 0)) best = { score, example: excerpt(f.path, h, s, e) };
        if (score === 3) return best!.example;
        // the run nearest the fix's line (of the text its pass started from), when nothing matches
        const distance = Math.abs(h.oldStart + h.lines.slice(0, s).filter((l) => l[0] !== '+').length - f.line);
        if (!near || distance < near.distance) near = { distance, example: excerpt(f.path, h, s, e) };
      }
    }
    if (!best && near) best = { score: 0, example: near.example };
  }
  return best?.example ?? null;
}

/** "safe", "unsafe" or "2 safe, 1 unsafe". */
function safetyOf(fixes: AppliedFix[]): string {
  const unsafe = fixes.filter((f) => f.safety === 'unsafe').length;
  return unsafe === 0 ? 'safe' : unsafe === fixes.length ? 'unsafe' : `${fixes.length - unsafe} safe, ${unsafe} unsafe`;
}

/**
 * `remaining`: what is left after the fix, as a scan reports it (project-level
 * findings included); default the per-file findings of the fix run.
 */
export function migrationReport(result: FixRunResult, opts: { dryRun: boolean; remaining?: Finding[] }): string {
  const groups = new Map<string, Group>();
  for (const o of result.outcomes) {
    if (!o.changed || o.refused) continue;
    for (const a of o.applied) {
      const g = groups.get(a.code) ?? { code: a.code, fixes: [] };
      g.fixes.push({ ...a, path: o.path });
      groups.set(a.code, g);
    }
  }
  const changedOf = new Map(result.outcomes.filter((o) => o.changed && !o.refused).map((o) => [o.path, o]));
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
      out.push(`${plural(g.fixes.length, 'fix', 'fixes')} (${safetyOf(g.fixes)}):`, '');
      if (rule?.projectFix) {
        // a project-level fix edits whole files (a manifest, a CLI module): each change says what it did
        for (const f of g.fixes) out.push(`- \`${f.path}\`:${f.line} ${f.description}`);
        out.push('');
      } else {
        for (const [p, n] of [...perFile].sort(([a], [b]) => a.localeCompare(b))) out.push(`- \`${p}\`: ${n}`);
        out.push('');
        const ex = exampleOf(g.fixes, changedOf);
        if (ex) out.push(`Example (\`${ex.path}\`, line ${ex.line} as fixed):`, '', fence(ex.lines.join('\n'), 'diff'), '');
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
  out.push(...byHandSection(opts.remaining ?? result.findings, opts.dryRun));
  out.push('## Verify', '', '```sh', 'rfsn-upgrade scan .', 'python -m compileall -q .', '# and your test suite', '```', '');
  return out.join('\n');
}

/**
 * What is left, upgrade by upgrade: the upgrade's action, then each rule with
 * findings (fixed in part or not at all), its own by-hand advice, and where.
 */
function byHandSection(remaining: Finding[], dryRun: boolean): string[] {
  if (!remaining.length) return [];
  const out = ['## Still to do by hand', ''];
  out.push(`What ${dryRun ? 'would be' : 'is'} left${dryRun ? ' (project-level findings as the files are now: `--diff` wrote nothing)' : ''}, as \`rfsn-upgrade scan\` reports it: ${plural(remaining.length, 'finding')}.`, '');
  const byUpgrade = new Map<string, Map<string, Finding[]>>();
  for (const f of remaining) {
    const codes = byUpgrade.get(f.upgrade) ?? new Map<string, Finding[]>();
    codes.set(f.code, [...(codes.get(f.code) ?? []), f]);
    byUpgrade.set(f.upgrade, codes);
  }
  for (const [up, codes] of [...byUpgrade].sort(([a], [b]) => a.localeCompare(b))) {
    const upgrade = upgradeById(up);
    out.push(`### ${up} ${upgrade?.title ?? ''}`.trimEnd(), '');
    if (upgrade) out.push(upgrade.action, '');
    for (const [code, list] of [...codes].sort(([a], [b]) => a.localeCompare(b))) {
      const rule = ruleByCode(code);
      out.push(`- **${code}**${rule ? ` ${rule.name}` : ''}: ${plural(list.length, 'finding')}${rule ? `. ${rule.summary}.` : '.'}${rule?.byHand ? ` By hand: ${rule.byHand}` : ''}`);
      const sorted = [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
      for (const f of sorted.slice(0, LISTED)) out.push(`  - \`${f.path}\`:${f.line} ${f.message.replace(/\s+/g, ' ')}`);
      if (sorted.length > LISTED) out.push(`  - …and ${sorted.length - LISTED} more: \`rfsn-upgrade scan --select ${code}\``);
    }
    out.push('');
  }
  return out;
}
