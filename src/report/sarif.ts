import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../core/finding';
import { languageOfPath } from '../core/language';
import type { Rule } from '../core/rule';
import { upgradeById } from '../upgrades';
import { VERSION } from '../version';
import { fingerprintsOf, reportRules, rootOf, rootRelative } from './paths';
import { jsonChunks, LazyArray } from './stream';
import type { Reporter, ReportContext } from './types';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Paths are
 * relative to the repository root through the `%SRCROOT%` base id; columns
 * count Unicode code points, as the findings do; a finding's fix becomes a
 * SARIF fix whose replacements are line/column regions of the file.
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://www.npmjs.com/package/rfsn-upgrade';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub reads 9.0+ as critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const PROBLEM_SEVERITY: Record<Severity, string> = { high: 'error', medium: 'warning', low: 'recommendation', info: 'recommendation' };

/** A sentence: SARIF viewers expect messages to end with a period. */
function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function pascal(kebab: string): string {
  return kebab.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_, __, c: string) => c.toUpperCase());
}

/** The "What it does" paragraph of a rule's docs, as plain text. */
function whatItDoes(rule: Rule): string {
  const m = /##\s*What it does\s*\n([\s\S]*?)(\n##\s|$)/.exec(rule.docs);
  const text = (m ? m[1] : '').replace(/`/g, '').replace(/\s+/g, ' ').trim();
  return sentence(text || rule.summary);
}

function ruleDescriptor(rule: Rule): Record<string, unknown> {
  const tags = [rule.security ? 'security' : 'maintainability', `upgrade/${rule.upgrade}`];
  if (rule.cwe) tags.push(`external/cwe/cwe-${rule.cwe}`);
  const up = upgradeById(rule.upgrade);
  const docs = rule.docs.trim() || rule.summary;
  // a user's semgrep rule (src/engine/engines.ts): its message is the summary, its first reference the help page
  const semgrep = (rule as { semgrep?: { ruleId: string; references: string[] } }).semgrep;
  if (semgrep) tags.push('semgrep');
  const helpUri = semgrep?.references.find((r) => /^https?:\/\//.test(r));
  return {
    id: rule.code,
    name: pascal(rule.name),
    shortDescription: { text: sentence(rule.summary) },
    ...(helpUri ? { helpUri } : {}),
    fullDescription: { text: whatItDoes(rule) },
    help: { text: docs, markdown: docs },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags,
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
      ...(rule.security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
      upgrade: rule.upgrade,
      ...(up ? { upgradeTitle: up.title } : {}),
      fixable: rule.fixable ?? 'never',
    },
  };
}

function artifactLocation(root: string, p: string): Record<string, string> {
  const r = rootRelative(root, p);
  return r === null ? { uri: pathToFileURL(p).href } : { uri: encodeURI(r), uriBaseId: SRCROOT };
}

function region(f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): Record<string, number> {
  const r: Record<string, number> = { startLine: f.line, startColumn: f.column };
  if (f.endLine > f.line || (f.endLine === f.line && f.endColumn > f.column)) {
    r.endLine = f.endLine;
    r.endColumn = f.endColumn;
  }
  return r;
}

function sarifFix(f: Finding, root: string, source: ReportContext['source']): Record<string, unknown> | null {
  if (!f.fix || f.fix.edits.length === 0) return null;
  const file = source?.(f.path);
  if (!file) return null;
  const replacements = [...f.fix.edits]
    .sort((a, b) => a.start - b.start)
    .map((e) => {
      const s = file.position(e.start);
      const end = file.position(e.end);
      return {
        deletedRegion: { startLine: s.line, startColumn: s.column, endLine: end.line, endColumn: end.column },
        insertedContent: { text: e.text },
      };
    });
  const safety = f.fix.safety === 'safe' ? 'safe fix' : 'unsafe fix: review it, it may change behaviour';
  return {
    description: { text: sentence(`${f.fix.description.replace(/[.\s]+$/, '')} (${safety})`) },
    artifactChanges: [{ artifactLocation: artifactLocation(root, f.path), replacements }],
  };
}

/** The SARIF log; `lazy`: its results are made one at a time as it is written (a LazyArray), else an array. */
export function toSarif(ctx: ReportContext, lazy = false): Record<string, unknown> {
  const root = rootOf(ctx);
  const rules = reportRules(ctx);
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const findings = ctx.result.findings;
  const fps = fingerprintsOf(ctx);
  const result = (f: Finding, i: number): Record<string, unknown> => {
    const fix = sarifFix(f, root, ctx.source);
    return {
      ruleId: f.code,
      ruleIndex: index.get(f.code),
      level: LEVEL[f.severity],
      message: { text: sentence(f.message) },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(root, f.path), region: region(f) } }],
      partialFingerprints: { 'rfsnFingerprint/v1': fps[i] },
      ...(ctx.baselineApplied ? { baselineState: 'new' } : {}),
      ...(fix ? { fixes: [fix] } : {}),
      properties: { severity: f.severity, upgrade: f.upgrade, language: f.language ?? languageOfPath(f.path) },
    };
  };
  function* each(): Generator<Record<string, unknown>> {
    for (let i = 0; i < findings.length; i++) yield result(findings[i], i);
  }
  const results = lazy ? new LazyArray(each()) : [...each()];
  const notifications = ctx.result.errors.map((e) => ({
    level: 'error',
    message: { text: sentence(e.message) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(root, e.path) } }],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rfsn-upgrade',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } },
        columnKind: 'unicodeCodePoints',
        invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        results,
      },
    ],
  };
}

/** @public loaded by name in report/index.ts */
export const sarifReporter: Reporter = function* (ctx) {
  // log → runs → run → results: opened, each result written whole as it is made
  yield* jsonChunks(toSarif(ctx, true), 4);
  yield '\n';
};
