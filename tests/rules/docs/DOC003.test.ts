import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';
import { checkText, codesAndLines } from './run';
import { ruleByCode } from '../../../src/rules/registry';
import { ruleTable } from '../../helpers/ruleTable';

describe('DOC003 missing-function-docstring', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('DOC003', path.join(__dirname, 'DOC003.py'));
    expect(findings[0].message).toBe('Missing docstring in public function `undocumented`');
  });

  it('when __all__ is a plain list, only the names in it are public', async () => {
    await expectFixture('DOC003', path.join(__dirname, 'DOC_all_static.py'));
  });

  it('when __all__ is changed after its assignment, a leading underscore decides', async () => {
    await expectFixture('DOC003', path.join(__dirname, 'DOC_all_dynamic.py'));
  });

  it('ignores __all__ computed from other values, and __all__ inside functions or indented blocks', async () => {
    const computed = '"""M."""\n__all__ = ["a"] + other\n\ndef b():\n    pass\n';
    expect(codesAndLines(await checkText(computed, 'pkg/m.py', ['DOC003']))).toEqual(['4:DOC003']);
    const nested = '"""M."""\ndef f():\n    """F."""\n    __all__ = ["f"]\n\nif True:\n    __all__ = ["f"]\n\ndef b():\n    pass\n';
    expect(codesAndLines(await checkText(nested, 'pkg/m.py', ['DOC003']))).toEqual(['9:DOC003']);
    const tuple = '"""M."""\n__all__ = "a", "b"\n\ndef a():\n    pass\n\ndef c():\n    pass\n';
    expect(codesAndLines(await checkText(tuple, 'pkg/m.py', ['DOC003']))).toEqual(['4:DOC003']);
  });

  it('counts a docstring as Python does: a plain string literal, not an f-string, bytes or an expression', async () => {
    const text = [
      '"""M."""',
      'def plain():',
      '    "Doc " "concatenated."',
      'def fstring():',
      '    f"""Doc {1}."""',
      'def raw():',
      '    r"""Raw docstring \\d."""',
      'def data():',
      '    b"bytes"',
      'def method_call():',
      '    "x".lower()',
      '',
    ].join('\n');
    expect(codesAndLines(await checkText(text, 'pkg/m.py', ['DOC003']))).toEqual(['4:DOC003', '8:DOC003', '10:DOC003']);
  });
});

describe('DOC003 table', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('DOC003')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('DOC003', __dirname);
  });
});
