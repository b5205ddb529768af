import fs from 'node:fs';
import path from 'node:path';
import { ruleByCode } from '../../../src/rules/registry';
import { expectFixed, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

describe('NET001 requests-usage', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('NET001', path.join(__dirname, 'NET001.py'));
    const at = (line: number): string[] => findings.filter((f) => f.line === line).map((f) => f.message);
    expect(at(6)).toEqual(['requests imported; use httpx (same API, sync and async)']);
    expect(at(19)).toEqual(['requests.get() is a requests call; use httpx.get()']);
    expect(at(21)).toEqual(['requests.Session() is a requests call; use httpx.Client']);
    expect(at(26)).toEqual(['requests.exceptions.ConnectionError is part of requests; use httpx.ConnectError']);
    // one finding per use: the call, not also its callee
    expect(findings.filter((f) => f.line === 23)).toHaveLength(1);
    expect(findings[1]).toMatchObject({ line: 7, column: 1, severity: 'medium' });
  });

  it('is a python.create rule', () => {
    const r = ruleByCode('NET001')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish'].includes(k))).toEqual([]);
  });

  it('matches its table: the fixture uses requests.adapters, so the module is left whole, with the reason', async () => {
    await ruleTable('NET001', __dirname);
  });

  it('matches its table on a module it can move (NET001_fix.py)', async () => {
    await ruleTable('NET001', __dirname, { fixture: path.join(__dirname, 'NET001_fix.py') });
  });
});

describe('NET001 fix', () => {
  const fixture = path.join(__dirname, 'NET001_fix.py');

  it('fires on the requests imports and uses', async () => {
    await expectFixture('NET001', fixture);
  });

  it('unsafe fix moves the module to httpx', async () => {
    await expectFixed('NET001', fixture, { unsafe: true });
  });

  it('a module using something without a mapping is left whole, with the reason', async () => {
    const src = fs.readFileSync(path.join(__dirname, 'NET001_refused.py'), 'utf8');
    const r = await fixText(src, ['NET001'], { unsafe: true });
    expect(r.changed).toBe(false);
    expect(r.unfixed).toEqual([{ code: 'NET001', reason: 'from requests.adapters import ... has no httpx counterpart' }]);
  });
});
