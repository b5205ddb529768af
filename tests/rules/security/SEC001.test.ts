import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

test('SEC001 fires exactly on the ruleid lines of its fixture', async () => {
  await expectFixture('SEC001', path.join(__dirname, 'SEC001.py'));
});
