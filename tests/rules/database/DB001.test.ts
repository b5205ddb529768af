import path from 'node:path';
import { findingsFor, expectFixture } from '../../helpers/ruleFixture';
import { dottedModule, isConfiguredPoolModule } from '../../../src/rules/database/_pool';
import { ruleByCode } from '../../../src/rules/registry';
import { ruleTable } from '../../helpers/ruleTable';
import { z } from 'zod';

const fixture = (name: string): string => path.join(__dirname, name);

/** A pool-module fixture has `ok` lines only: none of them may fire. */
async function expectClean(name: string): Promise<void> {
  const { findings, marks } = await findingsFor('DB001', fixture(name));
  expect(marks.ok.get('DB001')?.size).toBeGreaterThan(0);
  expect(marks.ruleid.get('DB001')).toBeUndefined();
  expect(findings).toEqual([]);
}

describe('DB001 sqlite-connect-outside-pool', () => {
  it('matches its fixture (no pool module anywhere: every connect is flagged)', async () => {
    const findings = await expectFixture('DB001', fixture('DB001.py'));
    expect(findings[0]).toMatchObject({ line: 18, column: 10, severity: 'medium' });
  });

  it('leaves a module that defines get_pool alone', async () => {
    await expectClean('DB001_pool.py');
  });

  it('leaves a module with a *Pool* class that connects alone', async () => {
    await expectClean('DB001_pool_class.py');
  });

  it('does not take a Pool class that never connects for a pool', async () => {
    await expectFixture('DB001', fixture('DB001_pool_name_only.py'));
  });

  it('with pool-module set, only that module is exempt (dotted name or path glob)', async () => {
    const root = __dirname;
    // the configured module is exempt even without get_pool
    expect((await findingsFor('DB001', fixture('DB001.py'), { projectRoot: root, 'pool-module': 'DB001' })).findings).toEqual([]);
    expect((await findingsFor('DB001', fixture('DB001.py'), { projectRoot: root, 'pool-module': 'DB001.py' })).findings).toEqual([]);
    // and a module defining get_pool is no longer exempt when another module is configured
    const other = await findingsFor('DB001', fixture('DB001_pool.py'), { projectRoot: root, 'pool-module': 'myapp.db_pool' });
    expect(other.findings.map((f) => f.line)).toEqual([10, 23]);
  });

  it('matches pool-module settings', () => {
    expect(dottedModule('src/myapp/db/pool.py')).toBe('src.myapp.db.pool');
    expect(dottedModule('myapp/db/__init__.py')).toBe('myapp.db');
    expect(isConfiguredPoolModule('myapp.db.pool', 'src/myapp/db/pool.py')).toBe(true);
    expect(isConfiguredPoolModule('myapp.db', 'myapp/db/__init__.py')).toBe(true);
    expect(isConfiguredPoolModule('db.pool', 'myapp/db/pooling.py')).toBe(false);
    expect(isConfiguredPoolModule('src/*/db_pool.py', 'src/myapp/db_pool.py')).toBe(true);
    expect(isConfiguredPoolModule('db_pool.py', 'src/myapp/db_pool.py')).toBe(true);
    expect(isConfiguredPoolModule('src/other/*.py', 'src/myapp/db_pool.py')).toBe(false);
  });
});

describe('DB001 table and options', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('DB001')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('declares pool-module as its option', () => {
    const schema = z.object(ruleByCode('DB001')!.options ?? {}).strict();
    expect(schema.safeParse({ 'pool-module': 'app.db_pool' }).success).toBe(true);
    expect(schema.safeParse({ 'pool-module': ['app.db_pool'] }).success).toBe(false);
  });

  it('matches its table: no pool module in the project, so every fix declines with the reason', async () => {
    // this folder as the project root: without one, the walk from the cwd finds the scaffold's template
    await ruleTable('DB001', __dirname, { settings: { projectRoot: __dirname } });
  });
});
