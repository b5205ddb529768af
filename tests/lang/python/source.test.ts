import { initParser } from '../../../src/lang/python/parser';
import { SourceFile } from '../../../src/lang/python/source';

beforeAll(() => initParser());

describe('SourceFile positions', () => {
  test('tree-sitter indices address the JS string exactly, also after non-ASCII and astral characters', () => {
    const text = 's = "é世😀"\nx = eval(y)\r\nz = 1\rw = eval(q)\n';
    const f = new SourceFile('m.py', '/m.py', text);
    const calls = f.root.descendantsOfType('call').filter((n) => n !== null);
    expect(calls.map((c) => f.nodeText(c!))).toEqual(['eval(y)', 'eval(q)']);
    expect(calls.map((c) => f.position(c!.startIndex))).toEqual([
      { line: 2, column: 5 },
      { line: 4, column: 5 },
    ]);
    f.dispose();
  });

  test('columns count code points, so an emoji is one column', () => {
    const f = new SourceFile('m.py', '/m.py', 'a = "😀"; b = eval(c)\n');
    const call = f.root.descendantsOfType('call')[0]!;
    expect(f.position(call.startIndex)).toEqual({ line: 1, column: 14 });
    expect(f.lineText(1)).toBe('a = "😀"; b = eval(c)');
  });
});
