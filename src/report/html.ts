import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SEVERITIES, compareFindings, type Finding } from '../core/finding';
import { judgeUpgrades, type UpgradeJudgement, type UpgradeStatus } from '../upgrades';
import { VERSION } from '../version';
import { PAGE_CSS } from './html/page-css';
import { PAGE_JS } from './html/page-js';
import { summarize } from './json';
import { jsonChunks } from './stream';
import type { Reporter, ReportContext, SourceText } from './types';
import { toPosix } from '../core/paths';

/**
 * `--format html`: the upgrade dashboard, one self-contained page (inline CSS
 * and JS, no network, opens from file://). Everything taken from the scanned
 * code travels as JSON in a `<script type="application/json">` block with
 * `<`, `>`, `&` and the JS line separators escaped, and the page's script
 * writes it with `textContent` only, so no text from the source can become
 * markup or script.
 *
 * The findings are columnar: strings (paths, codes, messages, source lines)
 * once each in tables, and one flat array of small integers per finding, so
 * the CPython standard library's report stays a few MB.
 */

const MAX_SOURCE = 200;

interface DashboardData {
  /**
   * root: the project root the paths are relative to (absolute, `/` separators; null when the run did not say, e.g. after `merge`);
   * docs: what a rule code's page name is appended to (a relative link when the report is written inside the repository that holds docs/rules)
   */
  meta: { tool: string; version: string; date: string; commit: string | null; paths: string[]; folder: string; root: string | null; docs: string; files: number; findings: number; errors: number; scaffoldsJudged: boolean };
  summary: Record<string, unknown>;
  upgrades: Array<{
    id: string;
    title: string;
    priority: string;
    state: string;
    checked: boolean;
    findings: number;
    files: number;
    safe: number;
    unsafe: number;
    helps: string[];
    scaffolds: Array<{ kind: string; at: string | null }>;
    action: string;
  }>;
  sev: string[];
  paths: string[];
  codes: string[];
  codeUpgrade: string[];
  msgs: string[];
  srcs: string[];
  /** seven integers per finding: path, line, code, severity, message, source line (indexes into the tables above), fix (0 none, 1 safe, 2 unsafe) */
  f: number[];
  errors: Array<{ path: string; message: string }>;
  history: NonNullable<NonNullable<ReportContext['dashboard']>['history']> | null;
}

class Table {
  readonly items: string[] = [];
  private index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

function statusesOf(ctx: ReportContext): { statuses: Array<UpgradeStatus | UpgradeJudgement>; judged: boolean } {
  if (ctx.dashboard?.statuses) return { statuses: ctx.dashboard.statuses, judged: true };
  // no status judgement was handed in: judge from the findings alone (scaffold presence unknown)
  const ran = new Set((ctx.result.rules ?? []).map((r) => r.code));
  if (!ctx.result.rules) for (const f of ctx.result.findings) ran.add(f.code);
  return { statuses: judgeUpgrades(ctx.result.findings, ran, { root: ctx.root ?? process.cwd(), files: [] }), judged: false };
}

function dashboardData(ctx: ReportContext, now = new Date()): DashboardData {
  const findings = [...ctx.result.findings].sort(compareFindings);
  const { statuses, judged } = statusesOf(ctx);
  const paths = new Table();
  const codes = new Table();
  const msgs = new Table();
  const srcs = new Table();
  const codeUpgrade: string[] = [];
  // one look-up per file, not per finding (the caller's source resolves the path each time)
  const files = new Map<string, SourceText | null>();
  const lineOf = (p: string, line: number): string => {
    if (!files.has(p)) files.set(p, (p.endsWith('.py') || p.endsWith('.pyi')) && ctx.source ? ctx.source(p) : null);
    const file = files.get(p);
    return file && line >= 1 && line <= file.lineCount ? file.lineText(line) : '';
  };
  const root = projectRoot(ctx);
  const shownPath = (p: string): string => {
    if (root === null) return p;
    const r = path.relative(root, path.resolve(p));
    return toPosix(r && !r.startsWith('..') && !path.isAbsolute(r) ? r : path.resolve(p));
  };
  const f: number[] = [];
  const safeBy = new Map<string, number>();
  const unsafeBy = new Map<string, number>();
  for (const x of findings) {
    const c = codes.id(x.code);
    codeUpgrade[c] = x.upgrade;
    let src = lineOf(x.path, x.line).trim();
    if (src.length > MAX_SOURCE) src = `${src.slice(0, MAX_SOURCE - 1)}…`;
    const fix = fixKind(x);
    if (fix === 1) safeBy.set(x.upgrade, (safeBy.get(x.upgrade) ?? 0) + 1);
    if (fix === 2) unsafeBy.set(x.upgrade, (unsafeBy.get(x.upgrade) ?? 0) + 1);
    f.push(paths.id(shownPath(x.path)), x.line, c, SEVERITIES.indexOf(x.severity), msgs.id(x.message), srcs.id(src), fix);
  }
  const scanned = ctx.dashboard?.paths ?? [commonFolder(ctx.result.scanned ?? paths.items)];
  return {
    meta: {
      tool: 'rfsn-upgrade',
      version: VERSION,
      date: now.toISOString(),
      commit: ctx.commit?.() ?? null,
      paths: scanned,
      folder: path.basename(process.cwd()),
      root: root === null ? null : toPosix(root),
      docs: ruleDocsHref(ctx.outputFile),
      files: ctx.result.files,
      findings: findings.length,
      errors: ctx.result.errors.length,
      scaffoldsJudged: judged,
    },
    summary: summarize(ctx),
    upgrades: statuses.map((s) => ({
      id: s.upgrade.id,
      title: s.upgrade.title,
      priority: s.upgrade.priority,
      state: s.state,
      checked: s.checked,
      findings: s.findings,
      files: s.files.length,
      safe: safeBy.get(s.upgrade.id) ?? 0,
      unsafe: unsafeBy.get(s.upgrade.id) ?? 0,
      helps: s.upgrade.scaffolds,
      scaffolds: s.scaffolds,
      action: s.upgrade.action,
    })),
    sev: [...SEVERITIES],
    paths: paths.items,
    codes: codes.items,
    codeUpgrade,
    msgs: msgs.items,
    srcs: srcs.items,
    f,
    errors: ctx.result.errors,
    history: ctx.dashboard?.history ?? null,
  };
}

/**
 * The project root the dashboard shows paths from: a person reads `taskr/db.py`,
 * not `../../somewhere/project/taskr/db.py` when the scan ran from elsewhere.
 * Several roots: the folder they share.
 */
function projectRoot(ctx: ReportContext): string | null {
  const roots = (ctx.result.roots ?? []).map((r) => path.resolve(r.root));
  if (!roots.length) return null;
  return roots.reduce((a, b) => {
    while (path.relative(a, b).startsWith('..')) a = path.dirname(a);
    return a;
  });
}

/** The repository's docs/rules/CODE.md pages (scripts/rule-docs.js); dist/report/html.js is two folders below the repository. */
const RULE_DOCS = path.resolve(__dirname, '..', '..', 'docs', 'rules');

/**
 * The start of a rule page's link: relative from the report to docs/rules/
 * when the report is written inside the repository that holds them (it opens
 * from file:// beside them); else the page's name in the repository, as the
 * absolute path of this machine would break once the report is moved.
 */
function ruleDocsHref(outputFile: string | undefined): string {
  const repo = path.dirname(path.dirname(RULE_DOCS));
  if (outputFile && fs.existsSync(RULE_DOCS)) {
    const out = path.resolve(outputFile);
    const inRepo = path.relative(repo, out);
    if (inRepo && !inRepo.startsWith('..') && !path.isAbsolute(inRepo)) return `${toPosix(path.relative(path.dirname(out), RULE_DOCS))}/`;
  }
  return 'docs/rules/';
}

/** The folder every scanned file is under (relative to the cwd), for a report that was not told the paths. */
function commonFolder(files: string[]): string {
  const rels = files.map((f) => toPosix(path.isAbsolute(f) ? path.relative(process.cwd(), f) : f));
  if (!rels.length) return '.';
  let parts = rels[0].split('/').slice(0, -1);
  for (const r of rels.slice(1)) {
    const q = r.split('/').slice(0, -1);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/') || '.';
}

function fixKind(x: Finding): number {
  if (!x.fix) return 0;
  return x.fix.safety === 'safe' ? 1 : 2;
}

/**
 * JSON that is inert inside a `<script>` element: no `</script>`, `<!--`, or line separators can end or bend it.
 * In pieces (the tables and the finding integers one at a time); each escaped on its own, as the escapes are per character.
 */
function* scriptJson(value: unknown): Generator<string> {
  for (const chunk of jsonChunks(value, 2, 0)) yield chunk.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only the page's own script may run (CSP hash): a second line of defence behind the escaping. */
const SCRIPT_HASH = `sha256-${createHash('sha256').update(PAGE_JS).digest('base64')}`;

/** @public loaded by name in report/index.ts */
export const htmlReporter: Reporter = function* (ctx) {
  const data = dashboardData(ctx);
  const title = `Upgrade dashboard · ${data.meta.paths.join(', ')}`;
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<noscript>This report needs JavaScript to draw its charts and findings table.</noscript>
<div id="app"></div>
<script type="application/json" id="rfsn-data">`;
  yield* scriptJson(data);
  yield `</script>
<script>${PAGE_JS}</script>
</body>
</html>
`;
};
