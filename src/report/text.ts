import chalk from 'chalk';

type ChalkInstance = chalk.Chalk;
import { SEVERITIES, type Finding, type Severity } from '../core/finding';
import { upgradeById } from '../upgrades';
import type { Reporter } from './types';
import fs from 'node:fs';

/** Findings grouped by file, each with its source line; totals at the end. */
export const textReporter: Reporter = (ctx) => {
  const c = new chalk.Instance({ level: ctx.color ? (Math.max(chalk.level, 1) as 1 | 2 | 3) : 0 });
  const sev: Record<Severity, (s: string) => string> = {
    high: (s) => c.red.bold(s),
    medium: (s) => c.yellow(s),
    low: (s) => c.cyan(s),
    info: (s) => c.gray(s),
  };
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of ctx.result.findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  for (const [file, list] of byFile) {
    out.push(c.bold.underline(file));
    const lines = sourceLines(file);
    for (const f of list) {
      const loc = c.dim(`${f.line}:${f.column}`.padEnd(8));
      const fix = f.fix ? c.green(f.fix.safety === 'safe' ? ' [*]' : ' [unsafe fix]') : '';
      out.push(`  ${loc} ${sev[f.severity](f.severity.padEnd(6))} ${c.bold(f.code)}  ${f.message}${fix}`);
      const src = lines?.[f.line - 1];
      if (src !== undefined && src.trim()) out.push(c.dim(`           │ ${truncate(src.replace(/\t/g, '    '), 120)}`));
    }
    out.push('');
  }
  const r = ctx.result;
  for (const e of r.errors) out.push(`${c.red('error')}: ${e.path}: ${e.message}`);
  if (r.errors.length) out.push('');
  out.push(summaryLines(ctx.result.findings, r.files, r.errors.length, c).join('\n'));
  for (const n of ctx.notes ?? []) out.push(c.dim(n));
  return `${out.join('\n')}\n`;
};

function summaryLines(findings: Finding[], files: number, errors: number, c: ChalkInstance): string[] {
  const lines: string[] = [];
  if (findings.length === 0) {
    lines.push(c.green(`No findings in ${files} file${files === 1 ? '' : 's'}.`));
  } else {
    const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
    lines.push(c.bold(`Found ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${new Set(findings.map((f) => f.path)).size} of ${files} files`) + ` (${counts.map(([s, n]) => `${n} ${s}`).join(', ')}).`);
    const byUpgrade = new Map<string, number>();
    for (const f of findings) byUpgrade.set(f.upgrade, (byUpgrade.get(f.upgrade) ?? 0) + 1);
    lines.push('By upgrade:');
    for (const [id, n] of [...byUpgrade].sort()) lines.push(`  ${id} ${(upgradeById(id)?.title ?? '').padEnd(42)} ${String(n).padStart(5)}`);
    const safe = findings.filter((f) => f.fix?.safety === 'safe').length;
    const unsafe = findings.filter((f) => f.fix?.safety === 'unsafe').length;
    if (safe || unsafe) lines.push(`${safe} fixable with \`rfsn-upgrade fix\`${unsafe ? `, ${unsafe} more with --unsafe-fixes` : ''}.`);
  }
  if (errors) lines.push(c.red(`${errors} file error${errors === 1 ? '' : 's'} (see above).`));
  return lines;
}

function sourceLines(file: string): string[] | null {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
  } catch {
    return null;
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
