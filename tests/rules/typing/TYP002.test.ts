import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'TYP002.py');


test('TYP002 table: findings, fixes and declined forward references', async () => {
  await ruleTable('TYP002', __dirname);
});

test('TYP002 fires on Optional/Union subscripts', async () => {
  await expectFixture('TYP002', fixture);
});

test('TYP002 fix: annotations at py310, forward references and runtime values left alone', async () => {
  const r = await expectFixed('TYP002', fixture);
  expectOkLinesKept('TYP002', r.original, r.text);
});

describe('TYP002 fix follows the target version', () => {
  const src = 'from typing import Optional\n\ndef f(a: Optional[int]) -> None:\n    pass\n';
  test('py39: no fix', async () => {
    expect((await fixText(src, ['TYP002'], { target: 9 })).changed).toBe(false);
  });
  test('py39 with the future import: fixed', async () => {
    const r = await fixText(`from __future__ import annotations\n${src}`, ['TYP002'], { target: 9 });
    expect(r.text).toContain('def f(a: int | None) -> None:');
  });
});

describe('TYP002 forward references', () => {
  const body = 'from typing import Optional, Union\n\nclass Node: ...\n\ndef f(a: Optional["Node"], b: Union["Node", int]) -> None:\n    pass\n';
  test('without the future import the fix is declined: "Node" | None raises TypeError when the def runs', async () => {
    const r = await fixText(body, ['TYP002'], { target: 10, unsafe: true });
    expect(r.changed).toBe(false);
    expect(r.unfixed.map((u) => u.code)).toContain('TYP002');
  });
  test('under the future import: unquoted, safe, and typing.get_type_hints still resolves it (pyupgrade\'s "Node" | None would not)', async () => {
    const src = `from __future__ import annotations\n${body}`;
    const r = await fixText(src, ['TYP002'], { target: 10 });
    expect(r.text).toContain('def f(a: Node | None, b: Node | int) -> None:');
    const { execFileSync } = await import('node:child_process');
    const { SYSTEM_PYTHON } = await import('../../helpers/python');
    const hints = 'import typing\nprint(typing.get_type_hints(f))\n';
    const before = execFileSync(SYSTEM_PYTHON, ['-c', src + hints]).toString();
    expect(execFileSync(SYSTEM_PYTHON, ['-c', r.text + hints]).toString()).toBe(before.replace('typing.Optional[__main__.Node]', '__main__.Node | None').replace('typing.Union[__main__.Node, int]', '__main__.Node | int'));
    // what pyupgrade's PEP 604 rewrite writes there breaks get_type_hints
    const theirs = src.replace('Optional["Node"]', '"Node" | None').replace('Union["Node", int]', '"Node" | int');
    expect(() => execFileSync(SYSTEM_PYTHON, ['-c', theirs + hints], { stdio: 'pipe' })).toThrow(/TypeError/);
  });
  test('a string that is not one type expression is declined', async () => {
    const r = await fixText('from __future__ import annotations\nfrom typing import Optional\n\ndef f(a: Optional["not a type"]) -> None:\n    pass\n', ['TYP002'], { target: 10 });
    expect(r.changed).toBe(false);
    expect(r.unfixed.map((u) => u.code)).toEqual(['TYP002']);
  });
});
