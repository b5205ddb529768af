import fs from 'node:fs';
import path from 'node:path';
import { expectFixed, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';

const fixture = path.join(__dirname, 'NET001.py');

test('NET001 fires on the requests imports and uses', async () => {
  await expectFixture('NET001', fixture);
});

test('NET001 unsafe fix moves the module to httpx', async () => {
  await expectFixed('NET001', fixture, { unsafe: true });
});

test('a module using something without a mapping is left whole, with the reason', async () => {
  const src = fs.readFileSync(path.join(__dirname, 'NET001_refused.py'), 'utf8');
  const r = await fixText(src, ['NET001'], { unsafe: true });
  expect(r.changed).toBe(false);
  expect(r.unfixed).toEqual([{ code: 'NET001', reason: 'from requests.adapters import ... has no httpx counterpart' }]);
});
