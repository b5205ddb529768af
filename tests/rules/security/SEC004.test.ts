import { ruleTable } from '../../helpers/ruleTable';

test('SEC004: findings of its fixture (see SEC004.snapshot)', async () => {
  await ruleTable('SEC004', __dirname);
});
