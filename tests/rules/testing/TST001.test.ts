import { runScan } from '../../../src/engine/run';
import { testCoverage } from '../../../src/rules/testing/TST001-untested-module';
import { findingsOf, fixture, expectProjectSnapshot } from '../project/projectScan';

describe('TST001 untested-module', () => {
  it('reports modules that no test imports and that have no test_<name>.py', async () => {
    expect(await findingsOf('testing', 'TST001', 'bad')).toEqual([
      { path: 'lib/c.py', line: 1, message: 'lib.c has no tests: no test file imports it and there is no test_c.py' },
      { path: 'lib/pkg/__init__.py', line: 1, message: 'lib.pkg has no tests: no test file imports it and there is no test_pkg.py' },
      { path: 'lib/sub/f.py', line: 1, message: 'lib.sub.f has no tests: no test file imports it and there is no test_f.py' },
    ]);
  });

  it('is silent when every module is tested (src layout, test/ folder)', async () => {
    expect(await findingsOf('testing', 'TST001', 'good')).toEqual([]);
  });

  it('gives tested / total for the summary', async () => {
    const result = await runScan({ paths: [fixture('testing', 'TST001', 'bad')], select: ['TST001'], jobs: 1 });
    // a, b, c, e_mod, pkg (has code), pkg.inner, sub.d, sub.f; not __main__, not the re-exporting __init__s
    expect(testCoverage(result)).toEqual({ tested: 5, total: 8, untested: ['lib.c', 'lib.pkg', 'lib.sub.f'], toWrite: { tests: 0, files: [] } });
    const other = await runScan({ paths: [fixture('testing', 'TST001', 'bad')], select: ['INT001'], jobs: 1 });
    expect(testCoverage(other)).toBeNull();
  });
});

describe('TST001 and re-exports', () => {
  it('counts a name imported from a package for the module the package re-exports it from', async () => {
    // tests/test_pkg.py: `from pkg import Thing, make`; pkg/__init__.py: `from .core import Thing`,
    // `from .api import make` (pkg/api.py: `from .impl import make`) and `from .extras import *`
    expect(await findingsOf('testing', 'TST001', 'reexport')).toEqual([
      { path: 'pkg/extras.py', line: 1, message: 'pkg.extras has no tests: no test file imports it and there is no test_extras.py' },
      { path: 'pkg/other.py', line: 1, message: 'pkg.other has no tests: no test file imports it and there is no test_other.py' },
    ]);
    const result = await runScan({ paths: [fixture('testing', 'TST001', 'reexport')], select: ['TST001'], jobs: 1 });
    expect(testCoverage(result)).toEqual({ tested: 3, total: 5, untested: ['pkg.extras', 'pkg.other'], toWrite: { tests: 0, files: [] } });
  });
});

describe('TST001 and tests that do not test (issue 23)', () => {
  it('a test file whose tests all skip tests nothing; test_cli.py importing another package\'s cli does not test pkg/cli.py', async () => {
    expect(await findingsOf('testing', 'TST001', 'stubs')).toEqual([
      { path: 'pkg/cli.py', line: 1, message: 'pkg.cli has no tests: no test file imports it, and tests/test_cli.py tests another module of that name' },
      { path: 'pkg/store.py', line: 1, message: 'pkg.store has no tests: every test of tests/test_store.py only skips (to be written)' },
    ]);
  });

  it('counts the stubs to write: skip decorators without a condition and bodies that start with a skip', async () => {
    const result = await runScan({ paths: [fixture('testing', 'TST001', 'stubs')], select: ['TST001'], jobs: 1 });
    expect(testCoverage(result)).toEqual({
      tested: 2,
      total: 4,
      untested: ['pkg.cli', 'pkg.store'],
      toWrite: { tests: 5, files: ['tests/rules/testing/TST001/stubs/tests/test_real.py', 'tests/rules/testing/TST001/stubs/tests/test_store.py'] },
    });
  });
});

test('TST001 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('testing', 'TST001');
});
