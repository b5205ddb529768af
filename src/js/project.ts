import * as path from 'path';
import type { Finding, FileError } from '../core/finding';
import type { FileOptions, ProjectContext, Rule } from '../core/rule';
import { isJsPath } from '../core/language';
import { jsFactsKey, jsOf } from './check';

/**
 * Runs the JS sides' project-level checks over the facts of the checked
 * files (what the engine's finish step does for Python's `project`), for
 * tests and the bench until the engine calls `rule.js.project` itself.
 */
export function runJsProject(rules: Rule[], files: Array<{ path: string; absPath: string; facts: Record<string, unknown> }>, options: FileOptions): { findings: Finding[]; errors: FileError[] } {
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  for (const rule of rules) {
    const js = jsOf(rule);
    if (!js?.project) continue;
    const ctx: ProjectContext = {
      root: options.settings.projectRoot,
      files: files.map((f) => ({ path: f.path, absPath: f.absPath, facts: f.facts[jsFactsKey(rule.code)] })),
      options,
      report: (a) => {
        const p = path.isAbsolute(a.path) ? path.relative(process.cwd(), a.path).split(path.sep).join('/') : a.path;
        findings.push({ code: rule.code, upgrade: rule.upgrade, severity: rule.severity, message: a.message, path: p, line: a.line ?? 1, column: a.column ?? 1, endLine: a.line ?? 1, endColumn: a.column ?? 1, fix: null, project: true, language: 'js' });
      },
      error: (p, message) => errors.push({ path: p, message }),
    };
    try {
      js.project(ctx);
    } catch (err) {
      errors.push({ path: options.settings.projectRoot, message: `internal error in rule ${rule.code} (project): ${(err as Error).message}` });
    }
  }
  return { findings, errors };
}

/**
 * The engine's entry for the JS/TS project-level checks, shaped like
 * src/engine/finish.ts `runProjectRules` (same input, same output): run it
 * beside that one per project root, with the facts of the JS/TS files only
 * (the Python one gets the Python files only). Findings carry
 * `language: 'js'`; paths are display paths (relative to the cwd).
 */
export function runJsProjectRules(input: {
  rules: Rule[];
  facts: Map<string, Record<string, unknown>>;
  absOf: (displayPath: string) => string;
  root: string;
  options: FileOptions;
}): { findings: Finding[]; errors: FileError[]; skipped: Array<{ code: string; root: string; reason: string }> } {
  const files = [...input.facts.keys()]
    .filter((p) => isJsPath(p))
    .sort()
    .map((p) => ({ path: p, absPath: input.absOf(p), facts: input.facts.get(p)! }));
  if (!files.length) return { findings: [], errors: [], skipped: [] };
  const { findings, errors } = runJsProject(input.rules, files, { ...input.options, settings: { ...input.options.settings, projectRoot: input.root } });
  const rel = (p: string) => (path.isAbsolute(p) ? path.relative(process.cwd(), p).split(path.sep).join('/') : p);
  return { findings, errors: errors.map((e) => ({ ...e, path: rel(e.path) })), skipped: [] };
}
