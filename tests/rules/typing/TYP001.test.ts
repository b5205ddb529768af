import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'TYP001.py');

test('TYP001 table: findings and fixes (safe in annotations, unsafe in runtime expressions)', async () => {
  await ruleTable('TYP001', __dirname);
});

test('TYP001 fires on every typing alias subscript, however imported', async () => {
  await expectFixture('TYP001', fixture);
});

test('TYP001 safe fix: builtins at py39 in annotations only; aliased and collections names left alone', async () => {
  const r = await expectFixed('TYP001', fixture);
  expectOkLinesKept('TYP001', r.original, r.text);
  // runtime expressions keep the typing alias without --unsafe-fixes
  for (const line of ['Rows = List[Tuple[str, int]]', 'assert List[int] is List[int]', 'is_list = isinstance([], typing.List)', 'as_list = cast(List[int], [])']) expect(r.text).toContain(line);
});

describe('TYP001 outside annotations is unsafe (List[int] is List[int], list[int] is not list[int])', () => {
  const src = 'from typing import List\n\nassert List[int] is List[int]\n';
  test('the safe run leaves the assertion alone, and it still holds', async () => {
    const r = await fixText(src, ['TYP001'], { target: 9 });
    expect(r.changed).toBe(false);
  });
  test('--unsafe-fixes rewrites it, and the assertion then fails: that is why it is unsafe', async () => {
    const r = await fixText(src, ['TYP001'], { target: 9, unsafe: true });
    expect(r.text).toBe('from typing import List\n\nassert list[int] is list[int]\n');
    const { execFileSync } = await import('node:child_process');
    const { SYSTEM_PYTHON } = await import('../../helpers/python');
    expect(() => execFileSync(SYSTEM_PYTHON, ['-c', src], { stdio: 'pipe' })).not.toThrow();
    expect(() => execFileSync(SYSTEM_PYTHON, ['-c', r.text], { stdio: 'pipe' })).toThrow(/AssertionError/);
  });
});

describe('TYP001 fix follows the target version', () => {
  const src = 'from typing import List\n\ndef f(a: List[int]) -> None:\n    x = List[int]\n';
  test('py38 without the future import: nothing changes', async () => {
    expect((await fixText(src, ['TYP001'], { target: 8 })).changed).toBe(false);
  });
  test('py38 with `from __future__ import annotations`: annotations only', async () => {
    const r = await fixText(`from __future__ import annotations\n${src}`, ['TYP001'], { target: 8, unsafe: true });
    expect(r.text).toBe('from __future__ import annotations\nfrom typing import List\n\ndef f(a: list[int]) -> None:\n    x = List[int]\n');
  });
  test('with TYP003 the import left unused goes too (the runtime use with --unsafe-fixes)', async () => {
    const safe = await fixText(src, ['TYP001', 'TYP003'], { target: 9 });
    expect(safe.text).toBe('from typing import List\n\ndef f(a: list[int]) -> None:\n    x = List[int]\n');
    const r = await fixText(src, ['TYP001', 'TYP003'], { target: 9, unsafe: true });
    expect(r.text).toBe('\ndef f(a: list[int]) -> None:\n    x = list[int]\n');
  });
});

describe('TYP001 never writes a builtin name that the class or module binds (issue 21, item 13)', () => {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const { SYSTEM_PYTHON } = require('../../helpers/python') as typeof import('../../helpers/python');
  const runs = (code: string): string => {
    try {
      execFileSync(SYSTEM_PYTHON, ['-I', '-c', code], { stdio: 'pipe' });
      return 'ok';
    } catch (err) {
      return String((err as { stderr?: Buffer }).stderr).trim().split('\n').pop()!;
    }
  };
  const cases: Array<[string, string]> = [
    ['a method named type', 'from typing import Type\n\n\nclass Registry:\n    def type(self):\n        return 1\n\n    def get(self, k: Type[int]) -> Type[int]:\n        return k\n'],
    ['an attribute named list', 'from typing import List\n\n\nclass Config:\n    list = None\n\n    def names(self) -> List[str]:\n        return []\n'],
    ['a module-level def named dict', 'from typing import Dict\n\n\ndef dict(**kw):\n    return kw\n\n\ndef build() -> Dict[str, int]:\n    return {}\n'],
  ];
  test.each(cases)('%s: declined with the reason, and the module still imports', async (_name, src) => {
    expect(runs(src)).toBe('ok');
    const r = await fixText(src, ['TYP001'], { target: 12, unsafe: true });
    expect(r.text).toBe(src);
    expect(r.unfixed.map((d) => d.reason).join('\n')).toMatch(/is defined in (the enclosing class|this module), so the builtin \w+ cannot be written here/);
  });
  test('the same names inside a method body (where the class scope is not visible) are still fixed, and the result runs', async () => {
    const src = 'from typing import List\n\n\nclass Config:\n    def list(self):\n        return 1\n\n\ndef names(x: List[str]) -> List[str]:\n    return x\n';
    const r = await fixText(src, ['TYP001'], { target: 12 });
    expect(r.text).toContain('def names(x: list[str]) -> list[str]:');
    expect(runs(r.text)).toBe('ok');
  });
});

describe('class-body annotations are evaluated when the class is created (issue 22): the safe fixes leave them', () => {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const { VENV_PYTHON } = require('../../helpers/python') as typeof import('../../helpers/python');
  // what dataclasses store for each field, as attrs' own tests compare it: the type objects themselves
  const src = [
    'import typing',
    'from dataclasses import dataclass, fields',
    'from typing import List, Optional',
    '',
    '',
    '@dataclass',
    'class Record:',
    '    names: List[int]',
    '    owner: typing.Dict[str, int]',
    '    weight: Optional[float] = None',
    '',
    '    def total(self, extra: List[int]) -> Optional[int]:',
    '        return None',
    '',
    '',
    'types = [f.type for f in fields(Record)]',
    'print(types)',
    'print([type(t).__name__ for t in types])',
    '',
  ].join('\n');
  const run = (code: string): string => execFileSync(VENV_PYTHON, ['-I', '-c', code], { encoding: 'utf8' });
  test('the dataclass fields keep their types after the safe TYP001/TYP002/TYP003 run; the method annotations are fixed', async () => {
    const r = await fixText(src, ['TYP001', 'TYP002', 'TYP003'], { target: 11 });
    expect(r.text).toContain('    def total(self, extra: list[int]) -> int | None:');
    expect(r.text).toContain('    names: List[int]\n    owner: typing.Dict[str, int]\n    weight: Optional[float] = None\n');
    expect(run(r.text)).toBe(run(src));
    expect(run(src)).toContain("['_GenericAlias', '_GenericAlias', '_UnionGenericAlias']");
  });
  test('--unsafe-fixes rewrites them, and what dataclasses store changes: that is why it is unsafe', async () => {
    const r = await fixText(src, ['TYP001', 'TYP002', 'TYP003'], { target: 11, unsafe: true });
    expect(r.text).toContain('    names: list[int]\n    owner: dict[str, int]\n    weight: float | None = None\n');
    expect(run(r.text)).not.toBe(run(src));
    expect(run(r.text)).toContain("['GenericAlias', 'GenericAlias', 'UnionType']");
  });
  test('under `from __future__ import annotations` they are strings, and the safe run rewrites them as pyupgrade does', async () => {
    const r = await fixText(`from __future__ import annotations\n${src}`, ['TYP001'], { target: 11 });
    expect(r.text).toContain('    names: list[int]\n    owner: dict[str, int]\n');
  });
});
