import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleByCode } from '../../../src/rules/registry';
import { ruleTable } from '../../helpers/ruleTable';

describe('DOC002 missing-class-docstring', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('DOC002', path.join(__dirname, 'DOC002.py'));
    // the finding is on the class line (not the decorator), from `class` to the name
    const point = findings.find((f) => f.message.includes('`Point`'))!;
    expect(point).toMatchObject({ line: 31, column: 1, endLine: 31, endColumn: 12 });
  });

  it('follows a static __all__', async () => {
    await expectFixture('DOC002', path.join(__dirname, 'DOC_all_static.py'));
  });
});

describe('DOC002 table', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('DOC002')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('DOC002', __dirname);
  });
});
