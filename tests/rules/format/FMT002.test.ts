import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'FMT002.py');


test('FMT002 table: findings and .format() rewrites', async () => {
  await ruleTable('FMT002', __dirname);
});

test('FMT002 fires on % with a literal on the left, never on logging arguments', async () => {
  await expectFixture('FMT002', fixture);
});

test('FMT002 fix alone: .format() as one pyupgrade run writes it', async () => {
  const r = await expectFixed('FMT002', fixture);
  expectOkLinesKept('FMT002', r.original, r.text);
});

test('with FMT001 the passes go on to the f-string, as a second pyupgrade run would', async () => {
  const r = await fixText('a = "%s: %s" % (key, value)\nb = "%(k)s" % {"k": 1}\n', ['FMT'], { target: 11 });
  expect(r.text).toBe('a = f"{key}: {value}"\nb = f"{1}"\n');
  expect(r.passes).toBe(2);
});
