import { allRules, coverageFigures, inventoryRule } from '../../src/rules/registry';
import { envInventory, type EnvRead } from '../../src/rules/config/_env';

/**
 * Issue 20: what other parts read of the rules they ask the registry for by
 * what it is (a coverage figure, the inventory of environment variables),
 * never by a rule's code.
 */
test('the coverage figures of a run are those its rules feed, each once, in code order', () => {
  const rules = allRules();
  expect(coverageFigures(rules).map((f) => f.key)).toEqual(['docstringCoverage', 'testCoverage']);
  // the four DOC rules feed one figure
  expect(rules.filter((r) => r.coverage?.key === 'docstringCoverage').map((r) => r.code)).toEqual(['DOC001', 'DOC002', 'DOC003', 'DOC004']);
  expect(coverageFigures(rules.filter((r) => r.code === 'DOC003' || r.code === 'SEC001')).map((f) => f.key)).toEqual(['docstringCoverage']);
  // --fail-under judges one figure
  expect(coverageFigures(rules).filter((f) => f.failUnder).map((f) => f.key)).toEqual(['docstringCoverage']);
});

test('the inventory of environment variables is found by what it lists, and built from its rule\'s facts', () => {
  const source = inventoryRule('environment variables');
  expect(source?.rule.code).toBe('CFG001');
  const reads: EnvRead[] = [{ name: 'PORT', default: '8080', line: 3, how: 'getenv', source: '"8080"', type: 'int' }];
  // files the rule read nothing from carry no list
  expect(source!.inventory.from(new Map<string, unknown>([['app.py', reads], ['other.py', undefined]]))).toEqual(envInventory(new Map([['app.py', reads]])));
});
