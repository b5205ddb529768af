import { findingsOf, expectProjectSnapshot } from '../project/projectScan';

describe('INT001 unused-module', () => {
  it('reports modules and packages that nothing in the application imports', async () => {
    expect(await findingsOf('integration', 'INT001', 'bad')).toEqual([
      { path: 'app/legacy.py', line: 1, message: 'module app.legacy is never imported' },
      { path: 'app/only_tested.py', line: 1, message: 'module app.only_tested is imported only by tests' },
      { path: 'app/orphans/__init__.py', line: 1, message: 'package app.orphans is never imported: no module outside it uses it' },
      { path: 'app/orphans/lonely.py', line: 1, message: 'module app.orphans.lonely is never imported' },
      { path: 'app/planner_v5/__init__.py', line: 1, message: 'package app.planner_v5 is imported only by tests; no module outside it uses it' },
    ]);
  });

  it('follows relative, dynamic and src-layout imports, and spares entry points, __main__ and tests', async () => {
    expect(await findingsOf('integration', 'INT001', 'good')).toEqual([]);
  });

  it('finds the one never-imported package of the sample project', async () => {
    const { scanProject } = await import('../project/projectScan');
    const { findings } = await scanProject('fixtures/sample-project', ['INT001']);
    expect(findings.map((f) => `${f.path}:${f.line} ${f.message}`)).toContain(
      'fixtures/sample-project/taskrunner/planner_v2/__init__.py:1 package taskrunner.planner_v2 is never imported: no module outside it uses it',
    );
  });
});

test('INT001 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('integration', 'INT001');
});
