import path from 'node:path';
import ignore from 'ignore';
import { matchesSelector } from '../rules/registry';
import { compareFindings, type FileError, type Finding } from '../core/finding';
import type { FileOptions, ProjectContext, Rule } from '../core/rule';
import { relPosix } from '../core/paths';
import { rel } from './config';
import { isSuppressed, type LineSuppression } from './suppress';
import { ADAPTERS } from './languages';

/**
 * The one way a run is finished, for scan, fix and merge: project-level
 * rules over the facts every file gave, `# noqa` for their findings (file
 * findings were filtered where the file was read), per-file-ignores, and
 * one order for findings and errors.
 */
export interface ProjectRulesInput {
  rules: Rule[];
  /** display path -> rule code -> facts, for every file read */
  facts: Map<string, Record<string, unknown>>;
  absOf: (displayPath: string) => string;
  root: string;
  options: FileOptions;
  /** each project-level rule's context, as it was built (`fix` hands it to the rule's projectFix, src/fix/project.ts) */
  onContext?: (rule: Rule, ctx: ProjectContext) => void;
}

/** A project-level rule that could not judge this project, and why (status shows its upgrade as unknown). */
export interface SkippedRule {
  code: string;
  /** the project root it was to run for (display path) */
  root: string;
  reason: string;
}

/**
 * The project-level rules, one runner for every language: each rule's side
 * in each language (ADAPTERS) judges the files that language owns, with the
 * facts it kept for them. A side whose language owns none of the files runs
 * only when its checks judge the project itself (Python's: manifests,
 * folders).
 */
export function runProjectRules(input: ProjectRulesInput): { findings: Finding[]; errors: FileError[]; skipped: SkippedRule[] } {
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const skipped: SkippedRule[] = [];
  const paths = [...input.facts.keys()].sort();
  // one options object for every rule: helpers that say a problem once per settings (reportOnce) key on it
  const options = input.options.settings.projectRoot === input.root ? input.options : { ...input.options, settings: { ...input.options.settings, projectRoot: input.root } };
  for (const adapter of ADAPTERS) {
    const owned = paths.filter((p) => adapter.owns(p));
    if (!owned.length && !adapter.projectWithoutFiles) continue;
    for (const rule of input.rules) {
      const check = adapter.projectCheck(rule);
      if (!check) continue;
      const key = adapter.factsKey(rule.code);
      const ctx: ProjectContext = {
        root: input.root,
        files: owned.map((p) => ({ path: p, absPath: input.absOf(p), facts: input.facts.get(p)![key] })),
        options,
        report: (a) => {
          const line = a.line ?? 1;
          const column = a.column ?? 1;
          findings.push({
            code: rule.code,
            upgrade: rule.upgrade,
            severity: rule.severity,
            message: a.message,
            path: path.isAbsolute(a.path) ? rel(a.path) : a.path,
            line,
            column,
            endLine: line,
            endColumn: column,
            fix: null,
            project: true,
            ...(adapter.marksProjectFindings ? { language: adapter.language } : {}),
          });
        },
        error: (p, message) => errors.push({ path: path.isAbsolute(p) ? rel(p) : p, message }),
        skip: (reason) => skipped.push({ code: rule.code, root: rel(input.root), reason }),
      };
      if (adapter.projectFixes) input.onContext?.(rule, ctx);
      try {
        check(ctx);
      } catch (err) {
        errors.push({ path: rel(input.root), message: `internal error in rule ${rule.code} (project): ${(err as Error).message}`, internal: true });
      }
    }
  }
  return { findings, errors, skipped };
}

/** `# noqa` holds for project-level findings reported on a scanned file's line. */
export function suppressProjectFindings(findings: Finding[], suppressionsOf: (path: string) => Map<number, LineSuppression> | undefined): Finding[] {
  return findings.filter((f) => !f.project || !isSuppressed(f.code, suppressionsOf(f.path)?.get(f.line)));
}

/**
 * per-file-ignores: the code selectors a file's path (relative to the project
 * root, gitignore globs) switches off; `fix` skips those rules for the file.
 */
export function perFileIgnores(pfi: Record<string, string[]> | undefined, root: string): (file: string) => string[] {
  const matchers = Object.entries(pfi ?? {}).map(([glob, codes]) => ({ ig: ignore().add(glob), codes }));
  return (file) => {
    if (!matchers.length) return [];
    const r = relPosix(root, path.resolve(file));
    if (r.startsWith('..')) return [];
    return matchers.filter((m) => m.ig.ignores(r)).flatMap((m) => m.codes);
  };
}

/** Drop findings whose code per-file-ignores switches off for their file. */
export function applyPerFileIgnores(findings: Finding[], pfi: Record<string, string[]> | undefined, root: string): Finding[] {
  if (!pfi || Object.keys(pfi).length === 0) return findings;
  const ignoredFor = perFileIgnores(pfi, root);
  return findings.filter((f) => !ignoredFor(f.path).some((c) => matchesSelector(f.code, c)));
}

/** The order every report shows: findings by path, line, column, code; errors by path. */
export function sortResults(findings: Finding[], errors: FileError[]): void {
  findings.sort(compareFindings);
  errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
