import path from 'node:path';
import type { CoverageFigure, CoverageScan, Rule } from '../../core/rule';
import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import { judgeOfContext, projectTestCoverage, testCoverageOf, testCoverageSummary, testFunctions } from '../../lang/python/testcoverage';
import type { TestCoverage } from '../../lang/python/testcoverage';
import { relPosix } from '../../core/paths';

/** Tested / total modules of a finished scan, for summaries (needs TST001 among the scan's rules). */
export function testCoverage(result: CoverageScan & { rules: Rule[] }): TestCoverage | null {
  return result.rules.some((r) => r.code === rule.code) ? scanTestCoverage(result) : null;
}

function scanTestCoverage(result: CoverageScan): TestCoverage {
  const byDisplay = new Map(result.scanned.map((abs) => [relPosix(process.cwd(), abs) || '.', abs]));
  const files: Array<{ path: string; absPath: string; facts: unknown }> = [];
  for (const [p, facts] of result.facts) {
    const abs = byDisplay.get(p);
    if (abs) files.push({ path: p, absPath: abs, facts: facts.TST001 });
  }
  // a scan of some of the project's files: the rest of the project (its tests) decides whether they are tested
  const context = result.contextFacts ? [...result.contextFacts].map(([p, c]) => ({ path: p, absPath: c.abs, facts: c.facts.TST001 })) : [];
  return testCoverageOf([...files, ...context], result.loaded.projectRoot, result.options.settings, context.length ? new Set(result.scanned.map((a) => path.resolve(a))) : undefined);
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Test coverage by module: the summary's tested / total, over the whole project. */
const testsFigure: CoverageFigure<TestCoverage> = {
  key: 'testCoverage',
  wholeProject: true,
  of: scanTestCoverage,
  merged: ({ project }) => (project ? projectTestCoverage(project) : null),
  summary: testCoverageSummary,
  note: (tests) => (tests.total ? `Test coverage by module: ${tests.tested} of ${tests.total} modules have tests.` : 'Test coverage by module: no project modules found to judge (TST001 could not run).'),
  // the tests scaffold's stubs: written, but every one still skips
  unfinished: (tests) => (tests.toWrite.tests ? { tests: `${plural(tests.toWrite.tests, 'test')} to write: skipped stubs in ${tests.toWrite.files.length > 3 ? plural(tests.toWrite.files.length, 'file') : tests.toWrite.files.join(', ')}` } : undefined),
};

export const rule: Rule = {
  code: 'TST001',
  coverage: testsFigure,
  name: 'untested-module',
  upgrade: 'U11',
  severity: 'low',
  summary: 'Module that no test imports and that has no test_<name>.py',
  fixable: 'never',
  docs: `## What it does
Flags a module of the project that no test file imports and for which no
\`test_<name>.py\` (or \`<name>_test.py\`) exists. A test file counts only when
one of its tests does more than skip: a file of stubs that all call
\`pytest.skip\` first (or carry \`@pytest.mark.skip\`, \`@unittest.skip\`) tests
nothing yet, and \`status\` counts those stubs as tests to write. A
\`test_<name>.py\` that imports another module of that name (\`tests/test_cli.py\`
importing \`other.cli\`) tests that module, not this one. Test files are \`test_*.py\`,
\`*_test.py\`, \`conftest.py\` and every file under a \`tests/\` or \`test/\` folder.
Imports are resolved like INT001 does (\`import a.b\`, \`from a.b import c\`,
\`from a import b\` where \`b\` is a module, relative imports); importing \`a.b.c\`
tests \`a.b.c\`, not the packages above it. A name imported from a package
counts for the module the package re-exports it from: with
\`from .core import Thing\` in \`pkg/__init__.py\`, a test's
\`from pkg import Thing\` tests \`pkg.core\` (star imports pass everything on).
The finding sits on line 1.

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

## Fix safety
No automatic fix: this rule judges the project, not a line of code. \`rfsn-upgrade scaffold tests --for MODULE\` writes a test skeleton to fill in.

## References
- coverage.py (line coverage, which this rule does not measure)`,
  python: {
    // subscribes to the nodes sharedFacts reads, captured in the engine's one pass
    create: (ctx) => sharedFactHandlers(ctx, { function_definition: () => undefined }),
    // the shared facts, and the file's test functions: a test file whose tests all skip tests nothing yet
    facts: (ctx) => ({ ...sharedFacts(ctx), tests: testFunctions(ctx.nodesOfType('function_definition'), ctx.names) }),
  },
  project(ctx) {
    const judged = judgeOfContext(ctx);
    // no project module at all (a folder of tests or scripts): nothing to judge, which is not "all tested"
    if (judged.length === 0) ctx.skip?.('no project modules found (only tests, scripts or tool files); test coverage cannot be judged');
    for (const j of judged) {
      if (j.tested) continue;
      const files = (list: string[]): string => list.map((f) => relPosix(ctx.root, f)).sort().join(', ');
      const why = j.stubsOnly.length
        ? `every test of ${files(j.stubsOnly)} only skips (to be written)`
        : j.namesakes.length
          ? `no test file imports it, and ${files(j.namesakes)} tests another module of that name`
          : `no test file imports it and there is no ${j.testFile}`;
      ctx.report({ path: j.module.path, line: 1, message: `${j.module.name} has no tests: ${why}` });
    }
  },
};
