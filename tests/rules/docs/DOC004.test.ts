import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';

describe('DOC004 missing-method-docstring', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('DOC004', path.join(__dirname, 'DOC004.py'));
    expect(findings.map((f) => f.message)).toContain('Missing docstring in public method `Service.Options.merge`');
  });

  it('follows a static __all__ through the class', async () => {
    await expectFixture('DOC004', path.join(__dirname, 'DOC_all_static.py'));
  });
});
