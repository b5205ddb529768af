import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

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
});
