import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';

const fixture = path.join(__dirname, 'TYP002.py');

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
