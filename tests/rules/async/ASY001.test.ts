import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleByCode } from '../../../src/rules/registry';
import { ruleTable } from '../../helpers/ruleTable';

describe('ASY001 blocking-call-in-async', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('ASY001', path.join(__dirname, 'ASY001.py'));
    expect(findings[0]).toMatchObject({
      line: 18,
      column: 5,
      severity: 'high',
      message: 'time.sleep() blocks the event loop inside async def handler(); use await asyncio.sleep(...)',
    });
    expect(findings.find((f) => f.line === 22)!.message).toBe('requests.Session() blocks the event loop inside async def handler(); use httpx.AsyncClient (or run it in asyncio.to_thread)');
  });
});

describe('ASY001 table', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('ASY001')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('ASY001', __dirname);
  });
});
