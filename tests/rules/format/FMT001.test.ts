import path from 'node:path';
import { expectFixed, expectOkLinesKept } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'FMT001.py');


test('FMT001 table: findings, f-strings, positions and declined pyupgrade defects', async () => {
  await ruleTable('FMT001', __dirname);
});

test('FMT001 fires on .format of literals, never of variables', async () => {
  await expectFixture('FMT001', fixture);
});

test("FMT001 fix: pyupgrade's f-strings and '{0}' -> '{}' rewrites", async () => {
  const r = await expectFixed('FMT001', fixture);
  expectOkLinesKept('FMT001', r.original, r.text);
});
