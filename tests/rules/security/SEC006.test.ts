import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

test('SEC006 fires exactly on the ruleid lines of its fixture', async () => {
  await expectFixture('SEC006', path.join(__dirname, 'SEC006.py'));
});
