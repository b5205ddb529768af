import path from 'node:path';
import type { ProjectContext } from '../../core/rule';
import { isProjectModule, ModuleMap, type ImportFact, type ModuleFacts, type ModuleInfo } from './modules';
import type { NameResolver } from './names';
import type { Node } from './parser';
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
  /** test functions that only skip (stubs "to be written"), with the files that hold them */
  toWrite: { tests: number; files: string[] };
}

/** A file's test functions (TST001's facts add them to the shared module facts). */
export interface TestFunctions {
  /** `test*` functions at module level or in a `Test*` class */
  total: number;
  /** those that skip before doing anything: a skip decorator without a condition, or a body that starts with a skip */
  stubs: number;
}

const SKIP_DECORATORS = new Set(['pytest.mark.skip', 'unittest.skip']);
const SKIP_CALLS = new Set(['pytest.skip', 'unittest.SkipTest', 'unittest.case.SkipTest', 'pytest.skip.Exception']);

/** Whether a test function skips before it tests anything. */
function isStub(def: Node, names: NameResolver): boolean {
  const decorated = def.parent?.type === 'decorated_definition' ? def.parent : null;
  for (const d of decorated?.namedChildren ?? []) {
    if (d?.type !== 'decorator') continue;
    const e = d.namedChildren[0];
    const fn = e?.type === 'call' ? e.childForFieldName('function') : e;
    if (fn && SKIP_DECORATORS.has(names.qualifiedName(fn) ?? '')) return true;
  }
  const body = (def.childForFieldName('body')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
  const first = body[0]?.type === 'expression_statement' && body[0].namedChildren[0]?.type === 'string' ? body[1] : body[0];
  if (!first) return false;
  const expr = first.type === 'expression_statement' || first.type === 'raise_statement' ? first.namedChildren[0] : null;
  const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
  if (!callee) return false;
  // self.skipTest(...) in a unittest.TestCase
  if (callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'skipTest' && callee.childForFieldName('object')?.text === 'self') return true;
  return SKIP_CALLS.has(names.qualifiedName(callee) ?? '');
}

/** The test functions among a file's function definitions (every `function_definition` node, in any order). */
export function testFunctions(defs: Node[], names: NameResolver): TestFunctions {
  let total = 0;
  let stubs = 0;
  for (const def of defs) {
    if (!/^test/.test(def.childForFieldName('name')?.text ?? '')) continue;
    const holder = def.parent?.type === 'decorated_definition' ? def.parent.parent : def.parent;
    const cls = holder?.type === 'block' && holder.parent?.type === 'class_definition' ? holder.parent : null;
    if (holder?.type !== 'module' && !(cls && /^Test/.test(cls.childForFieldName('name')?.text ?? ''))) continue;
    if (cls && cls.parent?.type !== 'module' && cls.parent?.type !== 'decorated_definition') continue;
    total++;
    if (isStub(def, names)) stubs++;
  }
  return { total, stubs };
}

function testsOf(facts: ModuleFacts | undefined): TestFunctions {
  const t = (facts as { tests?: Partial<TestFunctions> } | undefined)?.tests;
  return { total: typeof t?.total === 'number' ? t.total : 0, stubs: typeof t?.stubs === 'number' ? t.stubs : 0 };
}

export interface JudgedModule {
  module: ModuleInfo;
  tested: boolean;
  /** the test file name that would count: test_<name>.py */
  testFile: string;
  /** test files that import it but whose every test skips (stubs to be written) */
  stubsOnly: string[];
  /** test files named for it (test_<name>.py) that test another module of that name */
  namesakes: string[];
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
 * *_test.py, conftest.py, anything under tests/) with a test that does not
 * just skip imports it (directly, or a name it defines through a package's
 * re-export), or a file test_<name>.py / <name>_test.py exists for it that
 * does not test another module of that name (tests/test_cli.py importing
 * other.cli does not test pkg/cli.py) and does not only skip.
 */
export function judgeTests(map: ModuleMap, files: Array<{ absPath: string; facts: ModuleFacts | undefined }>): JudgedModule[] {
  const importedByTests = new Set<ModuleInfo>();
  const onlyStubs = new Map<ModuleInfo, string[]>();
  const testNames = new Map<string, Array<{ file: string; reached: Set<ModuleInfo> }>>();
  const factsByModule = new Map<ModuleInfo, ModuleFacts | undefined>();
  for (const f of files) {
    const m = map.moduleAt(f.absPath);
    if (m) factsByModule.set(m, f.facts);
  }
  for (const [m, facts] of factsByModule) {
    if (!m.isTest) continue;
    const tests = testsOf(facts);
    // a file with tests that all skip tests nothing yet; one without tests (conftest, helpers) counts by its imports
    const runs = tests.total === 0 || tests.stubs < tests.total;
    const reached = new Set<ModuleInfo>();
    for (const imp of facts?.imports ?? []) {
      for (const t of map.resolve(m, imp).targets) {
        reached.add(t);
        if (imp.names) for (const r of reExported(map, factsByModule, t, imp.names, new Set())) reached.add(r);
      }
    }
    for (const t of reached) {
      if (runs) importedByTests.add(t);
      else onlyStubs.set(t, [...(onlyStubs.get(t) ?? []), m.absPath]);
    }
    const base = path.basename(m.absPath, '.py');
    const named = /^test_(.+)$/.exec(base)?.[1] ?? /^(.+)_test$/.exec(base)?.[1];
    if (named && runs) testNames.set(named, [...(testNames.get(named) ?? []), { file: m.absPath, reached }]);
  }
  const out: JudgedModule[] = [];
  for (const m of map.modules) {
    if (!isProjectModule(m)) continue;
    const last = m.name.split('.').pop()!;
    if (last === '__main__') continue;
    if (m.isPackage && !factsByModule.get(m)?.hasCode) continue; // an __init__.py that only imports and re-exports
    const base = m.isPackage ? last : path.basename(m.absPath, '.py');
    // test_<base>.py counts unless it imports another project module of that name: that module's test
    const named = testNames.get(base) ?? [];
    const namesakes = named.filter(({ reached }) => [...reached].some((t) => t !== m && isProjectModule(t) && t.name.split('.').pop() === base)).map((n) => n.file);
    const tested = importedByTests.has(m) || named.length > namesakes.length;
    out.push({ module: m, tested, testFile: `test_${base}.py`, stubsOnly: tested ? [] : (onlyStubs.get(m) ?? []), namesakes: tested ? [] : namesakes });
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

function coverageOf(judged: JudgedModule[], toWrite: TestCoverage['toWrite']): TestCoverage {
  const untested = judged.filter((j) => !j.tested).map((j) => j.module.name).sort();
  return { tested: judged.length - untested.length, total: judged.length, untested, toWrite };
}

/** The stubs of the test files among `files` (paths as given, sorted). */
function stubsOf(files: Array<{ path: string; absPath: string; facts: unknown }>): TestCoverage['toWrite'] {
  let tests = 0;
  const with_: string[] = [];
  for (const f of files) {
    const n = testsOf(factsOf(f)).stubs;
    if (n) {
      tests += n;
      with_.push(f.path);
    }
  }
  return { tests, files: with_.sort() };
}

/** Tested / total modules of a project rule's context (the files carry TST001's facts). */
export function projectTestCoverage(ctx: ProjectContext): TestCoverage {
  return coverageOf(judgeOfContext(ctx), stubsOf(ctx.files));
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
  return coverageOf(only ? judged.filter((j) => only.has(path.resolve(j.module.absPath))) : judged, stubsOf(files));
}

/** The summary figures of a TestCoverage: `scan`'s JSON `summary.testCoverage`. */
export function testCoverageSummary(tc: TestCoverage): { tested: number; total: number; percent: number } {
  return { tested: tc.tested, total: tc.total, percent: tc.total ? Math.round((tc.tested * 1000) / tc.total) / 10 : 100 };
}
