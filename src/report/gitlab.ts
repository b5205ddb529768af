import crypto from 'node:crypto';
import type { Finding, Severity } from '../core/finding';
import { fingerprintsOf, reportRules, rootOf, rootRelative } from './paths';
import { jsonChunks, LazyArray } from './stream';
import type { Reporter } from './types';

/**
 * GitLab Code Quality (a JSON array of Code Climate issues), shown in merge
 * requests. The fingerprint is the baseline fingerprint (rule, path,
 * normalised line text, occurrence), so an issue keeps its identity when code
 * moves; GitLab wants it as an MD5-sized hex string.
 */
const SEVERITY: Record<Severity, 'critical' | 'major' | 'minor' | 'info'> = { high: 'critical', medium: 'major', low: 'minor', info: 'info' };

export const gitlabReporter: Reporter = function* (ctx) {
  const root = rootOf(ctx);
  const findings = ctx.result.findings;
  const repoPath = (p: string): string => rootRelative(root, p) ?? p;
  const fps = fingerprintsOf(ctx);
  const security = new Set(reportRules(ctx).filter((r) => r.security).map((r) => r.code));
  const issue = (f: Finding, i: number): Record<string, unknown> => ({
    type: 'issue',
    check_name: f.code,
    description: `${f.code}: ${f.message}`,
    categories: [security.has(f.code) ? 'Security' : 'Style'],
    severity: SEVERITY[f.severity],
    fingerprint: crypto.createHash('md5').update(fps[i]).digest('hex'),
    location: { path: repoPath(f.path), lines: { begin: f.line, end: f.endLine } },
  });
  function* issues(): Generator<Record<string, unknown>> {
    for (let i = 0; i < findings.length; i++) yield issue(findings[i], i);
  }
  yield* jsonChunks(new LazyArray(issues()), 1);
  yield '\n';
};
