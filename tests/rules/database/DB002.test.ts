import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

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
