import { cliProjectFix } from '../../../src/rules/cli/_fix';
import { dependencyProjectFix } from '../../../src/rules/deps/_fix';
import { ruleByCode } from '../../../src/rules/registry';

/** The rules carry their project-level fixes for the fix engine's hook, whichever module loads first. */
test('CLI001 and DEP001-DEP003 expose projectFix', () => {
  expect((ruleByCode('CLI001') as unknown as { projectFix: unknown }).projectFix).toBe(cliProjectFix);
  for (const code of ['DEP001', 'DEP002', 'DEP003']) expect((ruleByCode(code) as unknown as { projectFix: unknown }).projectFix).toBe(dependencyProjectFix);
});
