import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

test('SEC004 fires exactly on the ruleid lines of its fixture', async () => {
  await expectFixture('SEC004', path.join(__dirname, 'SEC004.py'));
});
