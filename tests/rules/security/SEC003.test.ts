import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

test('SEC003 fires exactly on the ruleid lines of its fixture', async () => {
  await expectFixture('SEC003', path.join(__dirname, 'SEC003.py'));
});
