import path from 'node:path';
import { expectFixed, expectOkLinesKept } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';

const fixture = path.join(__dirname, 'TYP004.py');

test('TYP004 fires on public functions and methods without a return annotation', async () => {
  await expectFixture('TYP004', fixture);
});

test('TYP004 safe fix: -> None and literal return types of functions', async () => {
  const r = await expectFixed('TYP004', fixture);
  expectOkLinesKept('TYP004', r.original, r.text);
  // a method returning a literal is overridable: that fix is unsafe, not applied here
  expect(r.text).toContain('    def is_round(self):');
});

test('TYP004 unsafe fix: literal return types of methods too', async () => {
  // the same input, another expected output
  const r = await expectFixed('TYP004', fixture, { unsafe: true, expected: path.join(__dirname, 'TYP004_unsafe.fixed.py') });
  expect(r.text).toContain('    def is_round(self) -> bool:');
});
