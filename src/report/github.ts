import type { Severity } from '../core/finding';
import { escapeTerminal } from './escape';
import { rootOf, rootRelative } from './paths';
import type { Reporter } from './types';

/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the
 * pull request's diff. Paths are relative to the repository root, as GitHub
 * needs. Escaping follows the runner's rules: in the message `%`, CR and LF;
 * in property values also `:` and `,`.
 */
const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

export function escapeData(s: string): string {
  // controls other than line breaks are shown escaped (a log viewer would act on them); then the runner's own escaping
  return escapeTerminal(s, true).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function props(p: Record<string, string | number>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
}

/**
 * GitHub shows at most 10 annotations of each level per step (50 per job):
 * the worst go out as annotations (severity first; with --changed-since the
 * findings on changed lines before the others; then path order), and one
 * notice counts the rest, which the job summary lists in full.
 */
export const PER_LEVEL = 10;
const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

export const githubReporter: Reporter = (ctx) => {
  const root = rootOf(ctx);
  const lines: string[] = [];
  const left: Record<'error' | 'warning' | 'notice', number> = { error: PER_LEVEL, warning: PER_LEVEL, notice: PER_LEVEL - 1 };
  let rest = 0;
  const restBy: Partial<Record<Severity, number>> = {};
  for (const e of ctx.result.errors) {
    if (left.error > 0) {
      left.error--;
      lines.push(`::error ${props({ file: rootRelative(root, e.path) ?? e.path, title: 'rfsn-upgrade: file not checked' })}::${escapeData(e.message)}`);
    } else rest++;
  }
  const changed = ctx.view?.changedLines;
  const ranked = ctx.result.findings
    .map((f, i) => ({ f, i, onChange: changed ? changed(f.path, f.line) : false }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || Number(b.onChange) - Number(a.onChange) || a.i - b.i);
  for (const { f } of ranked) {
    const level = COMMAND[f.severity];
    if (left[level] <= 0) {
      rest++;
      restBy[f.severity] = (restBy[f.severity] ?? 0) + 1;
      continue;
    }
    left[level]--;
    const file = rootRelative(root, f.path) ?? f.path;
    const p: Record<string, string | number> = { file, line: f.line, col: f.column };
    // a project-level finding is a point; GitHub only honours endColumn on one-line annotations
    if (f.endLine > f.line) p.endLine = f.endLine;
    else if (f.endColumn > f.column) Object.assign(p, { endLine: f.endLine, endColumn: f.endColumn });
    p.title = f.code;
    lines.push(`::${level} ${props(p)}::${escapeData(`${f.message} [${f.code}]`)}`);
  }
  if (rest) {
    const by = (Object.keys(RANK) as Severity[]).filter((s) => restBy[s]).map((s) => `${restBy[s]} ${s}`);
    const summary = process.env.GITHUB_STEP_SUMMARY ? 'the job summary lists them all' : 'run `rfsn-upgrade scan --format markdown` for the full list';
    lines.push(`::notice ${props({ title: 'rfsn-upgrade: more findings' })}::${escapeData(`${rest} more not shown as annotations (GitHub shows 10 per level and step)${by.length ? `: ${by.join(', ')}` : ''}; ${summary}`)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
};
