import path from 'node:path';
import type { ModuleFacts, ModuleInfo } from '../../python/modules';
import { ModuleMap } from '../../python/modules';
import { factsOf, moduleMapFor, sharedFactHandlers, sharedFacts } from '../../python/project';
import { readPyproject, sourceRoots } from '../../python/pyproject';
import type { ProjectContext, ProjectFile, Rule } from '../../core/rule';
import type { ScanResult } from '../../engine/run';
import { isProjectModule } from '../integration/_graph';

export interface TestCoverage {
  /** modules that some test imports or that have a test_<name>.py */
  tested: number;
  /** modules that should have tests (see TST001) */
  total: number;
  /** dotted names of the modules without tests, sorted */
  untested: string[];
}

interface Judged {
  module: ModuleInfo;
  tested: boolean;
  testFile: string;
}

/**
 * Which of the project's modules have tests: a test file (test_*.py,
 * *_test.py, conftest.py, anything under tests/) imports it, or a file
 * test_<name>.py / <name>_test.py exists for it.
 */
function judge(map: ModuleMap, files: Array<{ absPath: string; facts: ModuleFacts | undefined }>): Judged[] {
  const importedByTests = new Set<ModuleInfo>();
  const testNames = new Set<string>();
  const factsByModule = new Map<ModuleInfo, ModuleFacts | undefined>();
  for (const f of files) {
    const m = map.moduleAt(f.absPath);
    if (!m) continue;
    factsByModule.set(m, f.facts);
    if (!m.isTest) continue;
    const base = path.basename(m.absPath, '.py');
    const named = /^test_(.+)$/.exec(base)?.[1] ?? /^(.+)_test$/.exec(base)?.[1];
    if (named) testNames.add(named);
    for (const imp of f.facts?.imports ?? []) for (const t of map.resolve(m, imp).targets) importedByTests.add(t);
  }
  const out: Judged[] = [];
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

function coverageOf(judged: Judged[]): TestCoverage {
  const untested = judged.filter((j) => !j.tested).map((j) => j.module.name).sort();
  return { tested: judged.length - untested.length, total: judged.length, untested };
}

/** Tested / total modules of a finished scan, for summaries (needs TST001 among the scan's rules). */
export function testCoverage(result: ScanResult): TestCoverage | null {
  if (!result.rules.some((r) => r.code === 'TST001')) return null;
  const byDisplay = new Map(result.scanned.map((abs) => [path.relative(process.cwd(), abs).split(path.sep).join('/') || '.', abs]));
  const files: ProjectFile[] = [];
  for (const [p, facts] of result.facts) {
    const abs = byDisplay.get(p);
    if (abs) files.push({ path: p, absPath: abs, facts: facts.TST001 });
  }
  const root = result.loaded.projectRoot;
  const map = new ModuleMap(files, root, sourceRoots(root, readPyproject(result.options.settings)?.doc ?? null));
  return coverageOf(judge(map, files.map((f) => ({ absPath: f.absPath, facts: factsOf(f) }))));
}

/** The summary figures of a TestCoverage: `scan`'s JSON `summary.testCoverage`. */
export function testCoverageSummary(tc: TestCoverage): { tested: number; total: number; percent: number } {
  return { tested: tc.tested, total: tc.total, percent: tc.total ? Math.round((tc.tested * 1000) / tc.total) / 10 : 100 };
}

export function projectTestCoverage(ctx: ProjectContext): TestCoverage {
  return coverageOf(judge(moduleMapFor(ctx), ctx.files.map((f) => ({ absPath: f.absPath, facts: factsOf(f) }))));
}

export const rule: Rule = {
  code: 'TST001',
  name: 'untested-module',
  upgrade: 'U11',
  severity: 'low',
  summary: 'Module that no test imports and that has no test_<name>.py',
  fixable: 'never',
  docs: `## What it does
Flags a module of the project that no test file imports and for which no
\`test_<name>.py\` (or \`<name>_test.py\`) exists. Test files are \`test_*.py\`,
\`*_test.py\`, \`conftest.py\` and every file under a \`tests/\` or \`test/\` folder.
Imports are resolved like INT001 does (\`import a.b\`, \`from a.b import c\`,
\`from a import b\` where \`b\` is a module, relative imports); importing \`a.b.c\`
tests \`a.b.c\`, not the packages above it. The finding sits on line 1.

Not reported: tests themselves, \`__main__.py\`, package \`__init__.py\` files that
define no function or class (they only import and re-export), modules outside
the project's source roots. The scan summary gives tested / total modules.

## Why is this bad?
A module nothing tests can break without anyone noticing, and every upgrade in
this catalog (logging, httpx, async, typing) is a change that tests should
confirm. Untested modules are where to add tests first.

## Example
\`\`\`text
app/cache.py        tests/test_cache.py imports it   (tested)
app/history.py      no test imports it               TST001
\`\`\`

## Use instead
\`rfsn-upgrade scaffold tests --for app/history.py\` writes an import test and one
skeleton per public function to start from.

## References
- coverage.py (line coverage, which this rule does not measure)`,
  python: {
    // subscribes to the nodes sharedFacts reads, captured in the engine's one pass
    create: (ctx) => sharedFactHandlers(ctx),
    facts: (ctx) => sharedFacts(ctx),
  },
  project(ctx) {
    for (const j of judge(moduleMapFor(ctx), ctx.files.map((f) => ({ absPath: f.absPath, facts: factsOf(f) })))) {
      if (j.tested) continue;
      ctx.report({ path: j.module.path, line: 1, message: `${j.module.name} has no tests: no test file imports it and there is no ${j.testFile}` });
    }
  },
};
