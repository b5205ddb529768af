import path from 'node:path';
import { ruleByCode } from '../rules/registry';
import type { Finding } from '../core/finding';
import type { Rule } from '../core/rule';
import type { ReportContext } from './types';
import { toPosix } from '../core/paths';

/** The root that CI formats make paths relative to: the one given (cli/report-input.ts finds the repository's), else the cwd. */
export function rootOf(ctx: ReportContext): string {
  return ctx.root ?? process.cwd();
}

/** The findings' fingerprints, which the caller works out (cli/report-input.ts): SARIF and GitLab are not written without them. */
export function fingerprintsOf(ctx: ReportContext): string[] {
  if (!ctx.fingerprints) throw new Error("internal error: this format needs the findings' fingerprints (ReportContext.fingerprints)");
  return ctx.fingerprints();
}

/** A finding's path relative to the root (`/` separators), or null when the file lies outside it. */
export function rootRelative(root: string, p: string): string | null {
  const r = path.relative(root, path.resolve(p));
  if (!r || r.startsWith('..') || path.isAbsolute(r)) return null;
  return toPosix(r);
}

/** The rules a report lists: those that ran, else those of the findings (after `merge`), plus any code this build does not know. */
export function reportRules(ctx: ReportContext): Rule[] {
  const out = new Map<string, Rule>();
  for (const r of ctx.result.rules ?? []) out.set(r.code, r);
  for (const f of ctx.result.findings) if (!out.has(f.code)) out.set(f.code, ruleByCode(f.code) ?? unknownRule(f));
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

function unknownRule(f: Finding): Rule {
  return { code: f.code, name: f.code.toLowerCase(), upgrade: f.upgrade, severity: f.severity, summary: f.code, docs: '' };
}
