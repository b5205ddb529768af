import { ruleTable } from '../../helpers/ruleTable';

test('SEC002: findings of its fixture (see SEC002.snapshot)', async () => {
  await ruleTable('SEC002', __dirname);
});
