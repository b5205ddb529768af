import path from 'node:path';
import fs from 'node:fs';
import { expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'SEC001.py');

test('SEC001: findings and fixes of its fixture (see SEC001.snapshot)', async () => {
  await ruleTable('SEC001', __dirname);
});

test('SEC001: the unsafe fix converges and leaves ok and nofix lines alone', async () => {
  const text = fs.readFileSync(fixture, 'utf8');
  const r = await fixText(text, ['SEC001'], { unsafe: true, file: fixture });
  expect(r.converged).toBe(true);
  expect(r.rejected).toEqual([]);
  expect(r.applied.filter((a) => a.code === 'SEC001').length).toBeGreaterThan(0);
  expectOkLinesKept('SEC001', text, r.text);
  // nothing without --unsafe-fixes
  expect((await fixText(text, ['SEC001'], { file: fixture })).changed).toBe(false);
});
