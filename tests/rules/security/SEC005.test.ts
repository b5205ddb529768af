import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

test('SEC005 fires exactly on the ruleid lines of its fixture', async () => {
  await expectFixture('SEC005', path.join(__dirname, 'SEC005.py'));
});
