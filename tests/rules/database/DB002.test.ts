import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleByCode } from '../../../src/rules/registry';
import { ruleTable } from '../../helpers/ruleTable';

describe('DB002 sync-sqlite-module', () => {
  it('matches its fixture: one finding, at the first sqlite3 import', async () => {
    const findings = await expectFixture('DB002', path.join(__dirname, 'DB002.py'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 6, column: 1, severity: 'info' });
  });

  it('counts a from-import inside try/except ImportError', async () => {
    await expectFixture('DB002', path.join(__dirname, 'DB002_from.py'));
  });
});

describe('DB002 table', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('DB002')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('DB002', __dirname);
  });
});
