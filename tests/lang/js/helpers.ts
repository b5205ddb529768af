import { JsSourceFile } from '../../../src/lang/js/source';
import { allRules } from '../../../src/rules/registry';
import type { FileOptions, Rule } from '../../../src/core/rule';
import { runProjectRules } from '../../../src/engine/finish';
import type { FileResult } from '../../../src/engine/check';

export const FIXTURES = __dirname;

export function options(root = FIXTURES, settings: Record<string, unknown> = {}): FileOptions {
  return { targetMinor: 12, settings: { projectRoot: root, pyprojectPath: null, ...settings } };
}

export function rulesFor(...codes: string[]) {
  return allRules().filter((r) => r.js && codes.includes(r.code));
}


/**
 * The `// ruleid: CODE` and `// ok: CODE` marks of a fixture, read from its
 * comments (the parsed ones: a mark inside a string is not a mark), each at
 * the line where the mark's text is.
 */
export function marks(source: JsSourceFile): { ruleid: Map<string, Set<number>>; ok: Map<string, Set<number>> } {
  const ruleid = new Map<string, Set<number>>();
  const ok = new Map<string, Set<number>>();
  for (const c of source.comments) {
    for (const m of c.text.matchAll(/\b(ruleid|ok):\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)/g)) {
      const line = source.lineOf(c.start + m.index!);
      const map = m[1] === 'ruleid' ? ruleid : ok;
      for (const code of m[2].split(/\s*,\s*/)) {
        if (!map.has(code)) map.set(code, new Set());
        map.get(code)!.add(line);
      }
    }
  }
  return { ruleid, ok };
}

/** Lines marked ruleid that got no finding, lines with a finding that were not marked, and ok lines that got one. */
export function markDiff(result: FileResult, source: JsSourceFile, code: string): { missed: number[]; unexpected: number[]; okHit: number[] } {
  const { ruleid, ok } = marks(source);
  const want = ruleid.get(code) ?? new Set<number>();
  const got = result.findings.filter((f) => f.code === code);
  const covers = (line: number) => got.some((f) => f.line <= line && line <= f.endLine);
  const missed = [...want].filter((l) => !covers(l));
  const unexpected = got.filter((f) => ![...want].some((l) => f.line <= l && l <= f.endLine)).map((f) => f.line);
  const okHit = [...(ok.get(code) ?? [])].filter((l) => got.some((f) => f.line === l));
  return { missed, unexpected, okHit };
}

/**
 * The JS sides of the rules' project-level checks over these files, through
 * the engine's one project-rule runner (the Python sides left out).
 */
export function runJsProject(rules: Rule[], files: Array<{ path: string; absPath: string; facts: Record<string, unknown> }>, opts: FileOptions): ReturnType<typeof runProjectRules> {
  const facts = new Map(files.map((f) => [f.path, f.facts]));
  const abs = new Map(files.map((f) => [f.path, f.absPath]));
  const jsOnly = rules.filter((r) => r.js).map((r) => ({ ...r, project: undefined, projectFix: undefined }));
  return runProjectRules({ rules: jsOnly, facts, absOf: (p) => abs.get(p)!, root: opts.settings.projectRoot, options: opts });
}
