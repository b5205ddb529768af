import path from 'node:path';
import { expectFixed, expectOkLinesKept } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';

/**
 * The SEC rules' unsafe fixes. The rules' own detection fixtures live in
 * tests/rules/security; these pairs are about the fixed output.
 */
describe.each(['SEC001', 'SEC003', 'SEC005', 'SEC006'])('%s', (code) => {
  const fixture = path.join(__dirname, `${code}.py`);
  test('fires where marked', async () => {
    await expectFixture(code, fixture);
  });
  test('unsafe fix output (and nothing without --unsafe-fixes)', async () => {
    const r = await expectFixed(code, fixture, { unsafe: true });
    expectOkLinesKept(code, r.original, r.text);
  });
});
