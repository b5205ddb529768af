import { upgradeById } from '../upgrades';
import { cell, code, groupBy } from './markdown';
import { rootOf, rootRelative } from './paths';
import type { ReportContext, Reporter } from './types';

/**
 * `--format checklist`: the findings as a GitHub task list to paste into an
 * issue (or commit as TODO.md), one `- [ ]` item per finding, grouped by
 * upgrade, each with a `path:line` link. Links are permalinks
 * (https://github.com/OWNER/REPO/blob/SHA/path#L12) when the repository is
 * known — GITHUB_SERVER_URL / GITHUB_REPOSITORY / GITHUB_SHA in Actions, else
 * the git remote `origin` on GitHub and HEAD — so they resolve from an issue;
 * otherwise they are relative to the repository root, which resolves in a
 * Markdown file committed at the root. For `--select TODO001` this is the
 * plan's "resolve TODO/FIXME" as a list to work through.
 */
const MAX_ITEMS = 2_500; // GitHub renders at most this many task list items per issue or comment body well; the rest are counted

interface Blob {
  base: string;
}

function encodePath(p: string): string {
  // parentheses too: an unbalanced one would end the link's destination
  return p.split('/').map((part) => encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}

/** The text of a link label: a table cell's escaping (controls, HTML, line breaks), and no brackets. */
function label(s: string): string {
  return cell(s).replace(/[[\]]/g, (c) => `\\${c}`);
}

export function checklistFor(ctx: ReportContext, blob: Blob | null): string {
  const root = rootOf(ctx);
  const findings = [...ctx.result.findings];
  const out: string[] = [];
  const n = findings.length;
  out.push(n ? `## rfsn-upgrade checklist: ${n} item${n === 1 ? '' : 's'}` : '## rfsn-upgrade checklist: nothing to do', '');
  const byUpgrade = groupBy(findings, (f) => f.upgrade);
  let listed = 0;
  for (const [id, list] of [...byUpgrade].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`### ${id} ${cell(upgradeById(id)?.title ?? '')} (${list.length})`, '');
    for (const f of list) {
      if (listed >= MAX_ITEMS) break;
      listed++;
      const rel = rootRelative(root, f.path);
      const where = `${rel ?? f.path}:${f.line}`;
      const link = rel === null ? code(where) : `[${label(where)}](${blob ? `${blob.base}/${encodePath(rel)}` : encodePath(rel)}#L${f.line})`;
      out.push(`- [ ] ${link} ${f.code}: ${cell(f.message)}`);
    }
    out.push('');
  }
  if (listed < n) out.push(`…and ${n - listed} more (run with --select or a narrower path).`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

export const checklistReporter: Reporter = (ctx) => {
  const base = ctx.blobBase?.() ?? null;
  return checklistFor(ctx, base ? { base } : null);
};
