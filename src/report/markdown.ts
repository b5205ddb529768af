import { SEVERITIES, type Finding } from '../core/finding';
import { upgradeById } from '../upgrades';
import { escapeTerminal } from './escape';
import type { Reporter } from './types';

/**
 * A report to post as a pull-request comment: totals, a table per upgrade,
 * the files with the most findings. Long tables are cut so the comment stays
 * under GitHub's 65,536-character limit.
 */
export const MAX_ROWS_PER_UPGRADE = 50;
const TOP_FILES = 10;
const BUDGET = 60_000;

/** Text safe inside a Markdown table cell: no pipes, line breaks or HTML. */
export function cell(s: string): string {
  return escapeTerminal(s, true)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** A code span (a path): Markdown shows it literally, so only the controls (as `\x1b`), backticks and pipes need care. */
export function code(s: string): string {
  return `\`${escapeTerminal(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const markdownReporter: Reporter = (ctx) => {
  const { findings, files, errors } = ctx.result;
  const out: string[] = [];
  const touched = new Set(findings.map((f) => f.path)).size;
  out.push(findings.length ? `## rfsn-upgrade: ${plural(findings.length, 'finding')} in ${touched} of ${plural(files, 'file')}` : `## rfsn-upgrade: no findings in ${plural(files, 'file')}`, '');
  if (findings.length) {
    out.push('| Severity | Findings |', '| --- | ---: |');
    for (const s of SEVERITIES) {
      const n = findings.filter((f) => f.severity === s).length;
      if (n) out.push(`| ${s} | ${n} |`);
    }
    out.push('');
    const safe = findings.filter((f) => f.fix?.safety === 'safe').length;
    const unsafe = findings.filter((f) => f.fix?.safety === 'unsafe').length;
    if (safe || unsafe) out.push(`${safe} fixable with \`rfsn-upgrade fix\`${unsafe ? `, ${unsafe} more with \`--unsafe-fixes\`` : ''}.`, '');
  }
  for (const n of ctx.notes ?? []) out.push(n.startsWith('  ') ? `- ${cell(n.trim())}` : cell(n));
  if (ctx.notes?.length) out.push('');

  const byUpgrade = groupBy(findings, (f) => f.upgrade);
  const tables: string[][] = [];
  for (const [id, list] of [...byUpgrade].sort(([a], [b]) => a.localeCompare(b))) {
    const t: string[] = [];
    t.push(`### ${id} ${cell(upgradeById(id)?.title ?? '')} (${list.length})`, '', '| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |');
    for (const f of list.slice(0, MAX_ROWS_PER_UPGRADE)) t.push(`| ${f.severity} | ${f.code} | ${code(`${f.path}:${f.line}:${f.column}`)} | ${cell(f.message)} |`);
    if (list.length > MAX_ROWS_PER_UPGRADE) t.push('', `…and ${list.length - MAX_ROWS_PER_UPGRADE} more (see the full report).`);
    t.push('');
    tables.push(t);
  }
  const top = topFiles(findings);
  const tail: string[] = [];
  if (top.length) {
    tail.push('### Top files', '', '| File | Findings | high | medium | low |', '| --- | ---: | ---: | ---: | ---: |');
    for (const [file, list] of top) {
      const n = (s: string): number => list.filter((f) => f.severity === s).length;
      tail.push(`| ${code(file)} | ${list.length} | ${n('high')} | ${n('medium')} | ${n('low')} |`);
    }
    tail.push('');
  }
  if (errors.length) {
    tail.push(`### ${plural(errors.length, 'file')} not checked`, '');
    for (const e of errors.slice(0, 50)) tail.push(`- ${code(e.path)}: ${cell(e.message)}`);
    if (errors.length > 50) tail.push(`- …and ${errors.length - 50} more`);
    tail.push('');
  }
  let used = out.join('\n').length + tail.join('\n').length;
  let cut = 0;
  for (const t of tables) {
    const len = t.join('\n').length;
    if (used + len > BUDGET) {
      cut++;
      continue;
    }
    used += len;
    out.push(...t);
  }
  if (cut) out.push(`${plural(cut, 'upgrade table')} left out to fit a comment; see the full report.`, '');
  out.push(...tail);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
};

/** Findings by key, in their order (appended, not copied: a group can hold 100,000 findings). */
export function groupBy(findings: Finding[], key: (f: Finding) => string): Map<string, Finding[]> {
  const by = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = key(f);
    const list = by.get(k);
    if (list) list.push(f);
    else by.set(k, [f]);
  }
  return by;
}

function topFiles(findings: Finding[]): Array<[string, Finding[]]> {
  return [...groupBy(findings, (f) => f.path)].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b)).slice(0, TOP_FILES);
}
