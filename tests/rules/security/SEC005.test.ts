import path from 'node:path';
import fs from 'node:fs';
import { expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'SEC005.py');

test('SEC005: findings and fixes of its fixture (see SEC005.snapshot)', async () => {
  await ruleTable('SEC005', __dirname);
});

test('SEC005: the unsafe fix converges and leaves ok and nofix lines alone', async () => {
  const text = fs.readFileSync(fixture, 'utf8');
  const r = await fixText(text, ['SEC005'], { unsafe: true, file: fixture });
  expect(r.converged).toBe(true);
  expect(r.rejected).toEqual([]);
  expect(r.applied.filter((a) => a.code === 'SEC005').length).toBeGreaterThan(0);
  expectOkLinesKept('SEC005', text, r.text);
  // nothing without --unsafe-fixes
  expect((await fixText(text, ['SEC005'], { file: fixture })).changed).toBe(false);
});
