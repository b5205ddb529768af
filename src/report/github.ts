import type { Severity } from '../core/finding';
import { escapeTerminal, hasControl } from './escape';
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

/**
 * The runner decodes only %25, %0D, %0A, %3A and %2C in a property: a path
 * with another control character (ESC, BEL, DEL…) cannot name its file there.
 * Shown escaped (`\x1b`) it would name another file; raw it would drive the
 * log viewer. Such an annotation names no file; its message says where.
 */
function fileProperty(p: string): boolean {
  return !hasControl(p, true);
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
  const repoPath = (p: string): string => rootRelative(root, p) ?? p;
  // one warning, first (so GitHub's 10 per level keep it), when some path cannot be a file property
  const fileless = [...ctx.result.errors, ...ctx.result.findings].filter((x) => !fileProperty(repoPath(x.path)));
  if (fileless.length) {
    left.warning--;
    const paths = [...new Set(fileless.map((x) => repoPath(x.path)))];
    const named = `${paths.slice(0, 3).map((p) => escapeTerminal(p)).join(', ')}${paths.length > 3 ? ', …' : ''}`;
    lines.push(`::warning ${props({ title: 'rfsn-upgrade: paths with control characters' })}::${escapeData(`${fileless.length === 1 ? '1 annotation names' : `${fileless.length} annotations name`} no file: ${paths.length === 1 ? 'its path holds' : `${paths.length} paths hold`} a control character GitHub's workflow commands cannot carry (${named}); the message says where`)}`);
  }
  for (const e of ctx.result.errors) {
    if (left.error > 0) {
      left.error--;
      const file = repoPath(e.path);
      if (fileProperty(file)) lines.push(`::error ${props({ file, title: 'rfsn-upgrade: file not checked' })}::${escapeData(e.message)}`);
      else lines.push(`::error ${props({ title: 'rfsn-upgrade: file not checked' })}::${escapeData(`${file}: ${e.message}`)}`);
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
    const file = repoPath(f.path);
    if (!fileProperty(file)) {
      lines.push(`::${level} ${props({ title: f.code })}::${escapeData(`${file}:${f.line}:${f.column}: ${f.message} [${f.code}]`)}`);
      continue;
    }
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
