import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

test('SEC002 fires exactly on the ruleid lines of its fixture', async () => {
  await expectFixture('SEC002', path.join(__dirname, 'SEC002.py'));
});
