import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleByCode } from '../../../src/rules/registry';
import { ruleTable } from '../../helpers/ruleTable';

describe('DOC004 missing-method-docstring', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('DOC004', path.join(__dirname, 'DOC004.py'));
    expect(findings.map((f) => f.message)).toContain('Missing docstring in public method `Service.Options.merge`');
  });

  it('follows a static __all__ through the class', async () => {
    await expectFixture('DOC004', path.join(__dirname, 'DOC_all_static.py'));
  });
});

describe('DOC004 table', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('DOC004')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('DOC004', __dirname);
  });
});
