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

export const githubReporter: Reporter = (ctx) => {
  const root = rootOf(ctx);
  const lines: string[] = [];
  for (const f of ctx.result.findings) {
    const file = rootRelative(root, f.path) ?? f.path;
    const p: Record<string, string | number> = { file, line: f.line, col: f.column };
    // a project-level finding is a point; GitHub only honours endColumn on one-line annotations
    if (f.endLine > f.line) p.endLine = f.endLine;
    else if (f.endColumn > f.column) Object.assign(p, { endLine: f.endLine, endColumn: f.endColumn });
    p.title = f.code;
    lines.push(`::${COMMAND[f.severity]} ${props(p)}::${escapeData(`${f.message} [${f.code}]`)}`);
  }
  for (const e of ctx.result.errors) {
    lines.push(`::error ${props({ file: rootRelative(root, e.path) ?? e.path, title: 'rfsn-upgrade: file not checked' })}::${escapeData(e.message)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
};
