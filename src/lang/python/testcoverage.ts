import path from 'node:path';
import type { ProjectContext } from '../../core/rule';
import { isProjectModule, ModuleMap, type ImportFact, type ModuleFacts, type ModuleInfo } from './modules';
import { factsOf, moduleMapFor } from './project';
import { readPyproject, sourceRoots } from './pyproject';

/**
 * Which of the project's modules have tests (TST001's judgement), below the
 * rules so that the engine (merge of shards) and the CLI summaries compute
 * the same figures from the same facts without reaching into the rule.
 */
export interface TestCoverage {
  /** modules that some test imports or that have a test_<name>.py */
  tested: number;
  /** modules that should have tests (see TST001) */
  total: number;
  /** dotted names of the modules without tests, sorted */
  untested: string[];
}

export interface JudgedModule {
  module: ModuleInfo;
  tested: boolean;
  /** the test file name that would count: test_<name>.py */
  testFile: string;
}

/**
 * The modules a from-import of `names` out of `pkg` reaches through `pkg`'s
 * own re-exports: `from pkg import Thing` with `from .core import Thing` in
 * pkg/__init__.py reaches pkg.core (and on through pkg.core's re-exports).
 * A star import reaches every from-import of the module it names.
 */
function reExported(map: ModuleMap, factsByModule: Map<ModuleInfo, ModuleFacts | undefined>, pkg: ModuleInfo, names: string[], seen: Set<string>): ModuleInfo[] {
  const facts = factsByModule.get(pkg);
  const fromImports = (facts?.imports ?? []).filter((imp) => imp.names && !imp.dynamic);
  // a name the module binds itself (a def or an explicit from-import) does not come from its star imports
  const explicit = new Set([...(facts?.defs ?? []).map((d) => d.name), ...fromImports.flatMap((imp) => imp.names!.filter((n) => n !== '*'))]);
  const out: ModuleInfo[] = [];
  for (const imp of fromImports) {
    const star = imp.names!.includes('*');
    const passed = names.includes('*') ? (star ? ['*'] : imp.names!) : star ? names.filter((n) => !explicit.has(n)) : imp.names!.filter((n) => names.includes(n));
    if (!passed.length) continue;
    const narrowed: ImportFact = { ...imp, names: star ? ['*'] : passed };
    for (const t of map.resolve(pkg, narrowed).targets) {
      const key = `${t.absPath}\0${passed.join(',')}`;
      if (t === pkg || seen.has(key)) continue;
      seen.add(key);
      out.push(t, ...reExported(map, factsByModule, t, passed, seen));
    }
  }
  return out;
}

/**
 * Which of the project's modules have tests: a test file (test_*.py,
 * *_test.py, conftest.py, anything under tests/) imports it (directly, or a
 * name it defines through a package's re-export), or a file test_<name>.py /
 * <name>_test.py exists for it.
 */
export function judgeTests(map: ModuleMap, files: Array<{ absPath: string; facts: ModuleFacts | undefined }>): JudgedModule[] {
  const importedByTests = new Set<ModuleInfo>();
  const testNames = new Set<string>();
  const factsByModule = new Map<ModuleInfo, ModuleFacts | undefined>();
  for (const f of files) {
    const m = map.moduleAt(f.absPath);
    if (m) factsByModule.set(m, f.facts);
  }
  for (const [m, facts] of factsByModule) {
    if (!m.isTest) continue;
    const base = path.basename(m.absPath, '.py');
    const named = /^test_(.+)$/.exec(base)?.[1] ?? /^(.+)_test$/.exec(base)?.[1];
    if (named) testNames.add(named);
    for (const imp of facts?.imports ?? []) {
      for (const t of map.resolve(m, imp).targets) {
        importedByTests.add(t);
        if (imp.names) for (const r of reExported(map, factsByModule, t, imp.names, new Set())) importedByTests.add(r);
      }
    }
  }
  const out: JudgedModule[] = [];
  for (const m of map.modules) {
    if (!isProjectModule(m)) continue;
    const last = m.name.split('.').pop()!;
    if (last === '__main__') continue;
    if (m.isPackage && !factsByModule.get(m)?.hasCode) continue; // an __init__.py that only imports and re-exports
    const base = m.isPackage ? last : path.basename(m.absPath, '.py');
    out.push({ module: m, tested: importedByTests.has(m) || testNames.has(base), testFile: `test_${base}.py` });
  }
  return out;
}

/**
 * judgeTests over a project's files, once per run: TST001's project rule and
 * the scan summary's coverage judge the same files with the same facts, so
 * the second call gets the first one's answer (the same root, source roots,
 * files and facts objects; anything else is judged afresh).
 */
let last: { key: string; facts: unknown[]; judged: JudgedModule[] } | null = null;

export function judgeProject(files: Array<{ path: string; absPath: string; facts: unknown }>, root: string, roots: string[], map: () => ModuleMap): JudgedModule[] {
  const sorted = [...files].sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
  const key = `${root}\0${roots.join('\0')}\0${sorted.map((f) => f.absPath).join('\0')}`;
  const facts = sorted.map((f) => f.facts);
  if (last && last.key === key && last.facts.every((x, i) => x === facts[i])) return last.judged;
  const judged = judgeTests(map(), files.map((f) => ({ absPath: f.absPath, facts: factsOf(f) })));
  last = { key, facts, judged };
  return judged;
}

function coverageOf(judged: JudgedModule[]): TestCoverage {
  const untested = judged.filter((j) => !j.tested).map((j) => j.module.name).sort();
  return { tested: judged.length - untested.length, total: judged.length, untested };
}

/** Tested / total modules of a project rule's context (the files carry TST001's facts). */
export function projectTestCoverage(ctx: ProjectContext): TestCoverage {
  return coverageOf(judgeOfContext(ctx));
}

/** judgeProject for a project rule's context. */
export function judgeOfContext(ctx: ProjectContext): JudgedModule[] {
  return judgeProject(ctx.files, ctx.root, sourceRoots(ctx.root, readPyproject(ctx.options.settings)?.doc ?? null), () => moduleMapFor(ctx));
}

/** Tested / total modules from per-file facts (path, absolute path, TST001's facts) of a project rooted at `root`. */
export function testCoverageOf(files: Array<{ path: string; absPath: string; facts: unknown }>, root: string, settings: Record<string, unknown>, only?: ReadonlySet<string>): TestCoverage {
  const roots = sourceRoots(root, readPyproject(settings)?.doc ?? null);
  const judged = judgeProject(files, root, roots, () => new ModuleMap(files, root, roots));
  // a scan of some files: the whole project judges them, the figures count only the named ones
  return coverageOf(only ? judged.filter((j) => only.has(path.resolve(j.module.absPath))) : judged);
}

/** The summary figures of a TestCoverage: `scan`'s JSON `summary.testCoverage`. */
export function testCoverageSummary(tc: TestCoverage): { tested: number; total: number; percent: number } {
  return { tested: tc.tested, total: tc.total, percent: tc.total ? Math.round((tc.tested * 1000) / tc.total) / 10 : 100 };
}
