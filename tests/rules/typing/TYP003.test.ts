import path from 'node:path';
import { expectFixed, expectOkLinesKept } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'TYP003.py');


test('TYP003 table: findings and the import removals', async () => {
  await ruleTable('TYP003', __dirname);
});

test('TYP003 fires on typing names nothing uses (strings that read as types and type comments count as uses)', async () => {
  await expectFixture('TYP003', fixture);
});

test('TYP003 fix: names, lines and statements removed; a lone import in a block becomes pass', async () => {
  const r = await expectFixed('TYP003', fixture);
  expectOkLinesKept('TYP003', r.original, r.text);
});
