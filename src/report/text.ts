import chalk from 'chalk';
import { filesByLanguage } from '../core/language';
import { ruleByCode } from '../rules/registry';
import { SEVERITIES, type Finding, type Severity } from '../core/finding';
import { upgradeById } from '../upgrades';
import { escapeTerminal } from './escape';
import type { Reporter, ReportContext } from './types';

type ChalkInstance = chalk.Chalk;
const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };
const n = (x: number): string => x.toLocaleString('en-US');
const plural = (x: number, word: string): string => `${n(x)} ${word}${x === 1 ? '' : 's'}`;

/**
 * Findings grouped by file (path order), in line order within each file (the
 * highest severities first with `--sort severity`), each on a line that starts
 * with its `path:line:col` and followed by its source line; totals at the end (not with `--quiet`). `--min-severity`
 * lists only what reaches it and says how many lower ones it left out;
 * `--statistics` prints one line per code instead. Text from the scanned code
 * is escaped so it cannot drive the terminal.
 */
export const textReporter: Reporter = function* (ctx) {
  const c = new chalk.Instance({ level: ctx.color ? (Math.max(chalk.level, 1) as 1 | 2 | 3) : 0 });
  // line by line as it is made: a file can hold 100,000 findings
  for (const line of ctx.view?.statistics ? statistics(ctx, c) : listing(ctx, c)) yield `${line}\n`;
  const r = ctx.result;
  for (const e of r.errors) yield `${c.red('error')}: ${escapeTerminal(e.path)}: ${escapeTerminal(e.message)}\n`;
  if (ctx.view?.quiet) return;
  if (r.errors.length) yield '\n';
  for (const line of summaryLines(ctx, c)) yield `${line}\n`;
  for (const note of ctx.notes ?? []) yield `${c.dim(escapeTerminal(note))}\n`;
};

/**
 * One line per finding, `path:line:col: CODE message` (ruff's `concise`), in
 * path and line order: what terminals make clickable and an editor's problem
 * matcher reads. Errors as `path: error: message`; one total line unless
 * `--quiet`.
 * @public loaded by name in report/index.ts
 */
export const conciseReporter: Reporter = function* (ctx) {
  // coloured as ruff colours its concise lines (--color always, or a terminal): the path bold, the separators cyan, the code by severity
  const c = new chalk.Instance({ level: ctx.color ? (Math.max(chalk.level, 1) as 1 | 2 | 3) : 0 });
  const sev = severityStyle(c);
  const colon = c.cyan(':');
  const list = [...shown(ctx)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || byLine(a, b));
  for (const f of list) yield `${c.bold(escapeTerminal(f.path))}${colon}${f.line}${colon}${f.column}${colon} ${sev[f.severity](f.code)} ${escapeTerminal(f.message)}\n`;
  for (const e of ctx.result.errors) yield `${c.bold(escapeTerminal(e.path))}${colon} ${c.red('error')}${colon} ${escapeTerminal(e.message)}\n`;
  if (ctx.view?.quiet) return;
  const fixable = list.filter((f) => f.fix?.safety === 'safe').length;
  yield list.length ? `Found ${plural(list.length, 'finding')}${fixable ? ` (${n(fixable)} fixable with \`rfsn-upgrade fix\`)` : ''}.\n` : 'All checks passed.\n';
};

function byLine(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity] || a.code.localeCompare(b.code);
}

function severityStyle(c: ChalkInstance): Record<Severity, (s: string) => string> {
  return { high: (s) => c.red.bold(s), medium: (s) => c.yellow(s), low: (s) => c.cyan(s), info: (s) => c.gray(s) };
}

function shown(ctx: ReportContext): Finding[] {
  const min = ctx.view?.minSeverity;
  return min ? ctx.result.findings.filter((f) => RANK[f.severity] <= RANK[min]) : ctx.result.findings;
}

function* listing(ctx: ReportContext, c: ChalkInstance): Generator<string> {
  const sev = severityStyle(c);
  const byFile = new Map<string, Finding[]>();
  for (const f of shown(ctx)) {
    let list = byFile.get(f.path);
    if (!list) byFile.set(f.path, (list = []));
    list.push(f);
  }
  for (const file of [...byFile.keys()].sort()) {
    const list = byFile.get(file)!.sort(ctx.view?.sort === 'severity' ? (a, b) => RANK[a.severity] - RANK[b.severity] || byLine(a, b) : byLine);
    const source = ctx.source?.(file);
    // not Math.max(...list): a file may hold 150,000 findings, more arguments than one call takes
    const width = list.reduce((w, f) => Math.max(w, `${f.line}:${f.column}`.length), 0);
    for (const f of list) {
      // `path:line:col` (the path as given, relative to the cwd), as ruff prints it: what a terminal opens at the finding
      const at = `${f.line}:${f.column}`;
      const loc = `${c.bold(`${escapeTerminal(file)}:${at}`)}${' '.repeat(width - at.length)}`;
      const fix = f.fix ? c.green(f.fix.safety === 'safe' ? ' [*]' : ' [unsafe fix]') : '';
      yield `${loc}  ${sev[f.severity](f.severity.padEnd(6))} ${c.bold(f.code)}  ${escapeTerminal(f.message)}${fix}`;
      const src = source && f.line >= 1 && f.line <= source.lineCount ? source.lineText(f.line) : undefined;
      if (src !== undefined && src.trim()) yield c.dim(`    │ ${escapeTerminal(truncate(src.replace(/\t/g, '    '), 120))}`);
    }
    yield '';
  }
}

/** Ruff's `--statistics`: count, code, severity, fixable count, rule name; most frequent first. */
function statistics(ctx: ReportContext, c: ChalkInstance): string[] {
  const sev = severityStyle(c);
  const by = new Map<string, { count: number; fixable: number; severities: Set<Severity> }>();
  for (const f of shown(ctx)) {
    let s = by.get(f.code);
    if (!s) by.set(f.code, (s = { count: 0, fixable: 0, severities: new Set() }));
    s.count++;
    if (f.fix) s.fixable++;
    s.severities.add(f.severity);
  }
  const rows = [...by].sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  const width = rows.reduce((w, [, s]) => Math.max(w, n(s.count).length), 5);
  const out = rows.map(([code, s]) => {
    const worst = [...s.severities].sort((a, b) => RANK[a] - RANK[b])[0];
    const fixable = s.fixable ? c.green(`${n(s.fixable)} fixable`.padEnd(14)) : ''.padEnd(14);
    return `${n(s.count).padStart(width)}  ${c.bold(code.padEnd(8))} ${sev[worst](worst.padEnd(6))} ${fixable} ${ruleByCode(code)?.name ?? ''}`.trimEnd();
  });
  if (out.length) out.push('');
  return out;
}

function summaryLines(ctx: ReportContext, c: ChalkInstance): string[] {
  const { findings, files, errors } = ctx.result;
  const lines: string[] = [];
  const byLang = ctx.result.scanned ? filesByLanguage(ctx.result.scanned) : null;
  const checked = `${plural(files, 'file')} checked${byLang && byLang.js ? ` (${n(byLang.python)} Python, ${n(byLang.js)} JS/TS)` : ''}`;
  if (findings.length === 0) {
    lines.push(files === 0 ? c.yellow('No Python or JS/TS files found to check.') : c.green(`No findings; ${checked}.`));
  } else {
    const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, x]) => x > 0);
    const touched = new Set(findings.map((f) => f.path)).size;
    lines.push(c.bold(`Found ${plural(findings.length, 'finding')} in ${plural(touched, 'file')}`) + ` (${counts.map(([s, x]) => `${n(x)} ${s}`).join(', ')}); ${checked}.`);
    const min = ctx.view?.minSeverity;
    const hidden = min ? findings.filter((f) => RANK[f.severity] > RANK[min]).length : 0;
    if (hidden) lines.push(`${plural(hidden, 'finding')} below ${min} not listed (--min-severity ${min}; --min-severity info lists them).`);
    const byUpgrade = new Map<string, number>();
    for (const f of findings) byUpgrade.set(f.upgrade, (byUpgrade.get(f.upgrade) ?? 0) + 1);
    lines.push('By upgrade:');
    for (const [id, x] of [...byUpgrade].sort()) lines.push(`  ${id} ${(upgradeById(id)?.title ?? '').padEnd(42)} ${n(x).padStart(6)}`);
    const safe = findings.filter((f) => f.fix?.safety === 'safe').length;
    const unsafe = findings.filter((f) => f.fix?.safety === 'unsafe').length;
    if (safe || unsafe) {
      lines.push(`${n(safe)} fixable now with \`rfsn-upgrade fix\`${unsafe ? `, ${n(unsafe)} more with --unsafe-fixes` : ''}; fix runs to a fixed point and may make more.`);
    }
  }
  if (errors.length) lines.push(c.red(`${plural(errors.length, 'input')} could not be checked (see above).`));
  return lines;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
