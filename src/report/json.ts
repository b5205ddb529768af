import { languageOfPath } from '../core/language';
import { VERSION } from '../version';
import { publicError, SEVERITIES, type Finding } from '../core/finding';
import { jsonChunks } from './stream';
import type { Reporter, ReportContext } from './types';

/** The `scan --format json` contract of DESIGN.md (version 1). */
export function summarize(ctx: ReportContext): Record<string, unknown> {
  const { result } = ctx;
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const byCode: Record<string, number> = {};
  const byUpgrade: Record<string, number> = {};
  for (const f of result.findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    byUpgrade[f.upgrade] = (byUpgrade[f.upgrade] ?? 0) + 1;
  }
  return {
    files: result.files,
    findings: result.findings.length,
    bySeverity,
    byCode: sortKeys(byCode),
    byUpgrade: sortKeys(byUpgrade),
    ...(ctx.extraSummary ?? {}),
  };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export function publicFinding(f: Finding): Omit<Finding, 'start' | 'end'> {
  const { code, upgrade, severity, message, path, line, column, endLine, endColumn, fix } = f;
  // last, so the keys before it keep their order; a finding from an older cache entry has none yet
  return { code, upgrade, severity, message, path, line, column, endLine, endColumn, fix, language: f.language ?? languageOfPath(path) };
}

export function toJsonObject(ctx: ReportContext): Record<string, unknown> {
  return {
    version: 1,
    tool: { name: 'rfsn-upgrade', version: VERSION },
    summary: summarize(ctx),
    findings: ctx.result.findings.map(publicFinding),
    errors: ctx.result.errors.map(publicError),
    ...(ctx.shard ? { shard: ctx.shard } : {}),
  };
}

/** @public loaded by name in report/index.ts */
export const jsonReporter: Reporter = function* (ctx) {
  // the findings and errors one at a time (stream.ts); the output is JSON.stringify's, indent 2
  yield* jsonChunks(toJsonObject(ctx), 2);
  yield '\n';
};
