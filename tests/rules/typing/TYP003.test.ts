import fs from 'node:fs';
import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText, pythonCompileError } from '../../helpers/fixFixture';
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

test('TYP003 after TYP001 in one fix loop: the import a class-body annotation still needs stays in the safe run (issue 22)', async () => {
  const text = fs.readFileSync(fixture, 'utf8');
  const safe = await fixText(text, ['TYP001', 'TYP003'], { file: fixture });
  expect(safe.text).toContain('from typing import Tuple  # ok: TYP003\n');
  expect(safe.text).toContain('    xy: Tuple[int, int] = (0, 0)\n');
  expect(pythonCompileError(safe.text)).toBe('');
  // with --unsafe-fixes the annotation is rewritten, and then the import goes
  const unsafe = await fixText(text, ['TYP001', 'TYP003'], { file: fixture, unsafe: true });
  expect(unsafe.text).toContain('    xy: tuple[int, int] = (0, 0)\n');
  expect(unsafe.text).not.toContain('from typing import Tuple');
});
