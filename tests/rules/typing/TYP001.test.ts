import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';

const fixture = path.join(__dirname, 'TYP001.py');

test('TYP001 fires on every typing alias subscript, however imported', async () => {
  await expectFixture('TYP001', fixture);
});

test('TYP001 fix: builtins at py39, aliased and collections names left alone', async () => {
  const r = await expectFixed('TYP001', fixture);
  expectOkLinesKept('TYP001', r.original, r.text);
});

describe('TYP001 fix follows the target version', () => {
  const src = 'from typing import List\n\ndef f(a: List[int]) -> None:\n    x = List[int]\n';
  test('py38 without the future import: nothing changes', async () => {
    expect((await fixText(src, ['TYP001'], { target: 8 })).changed).toBe(false);
  });
  test('py38 with `from __future__ import annotations`: annotations only', async () => {
    const r = await fixText(`from __future__ import annotations\n${src}`, ['TYP001'], { target: 8 });
    expect(r.text).toBe('from __future__ import annotations\nfrom typing import List\n\ndef f(a: list[int]) -> None:\n    x = List[int]\n');
  });
  test('with TYP003 the import left unused goes too', async () => {
    const r = await fixText(src, ['TYP001', 'TYP003'], { target: 9 });
    expect(r.text).toBe('\ndef f(a: list[int]) -> None:\n    x = list[int]\n');
  });
});
