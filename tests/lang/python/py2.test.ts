import { initParser, parsePython } from '../../../src/lang/python/parser';
import { oldSyntax } from '../../../src/lang/python/py2';

/** Issue 21, item 11: the Python 2 constructs tree-sitter reads, told apart from valid Python 3 that looks like them. */
const find = (src: string, target = 12) => {
  const tree = parsePython(src);
  try {
    return oldSyntax(tree.rootNode, target);
  } finally {
    tree.delete();
  }
};

beforeAll(() => initParser());

describe('oldSyntax: what no Python 3 up to the target accepts', () => {
  test.each([
    ['x = `1`\n', 'a backtick repr (`x`)'],
    ['print "x"\n', 'a print statement (print "x")'],
    ['exec "x = 1"\n', 'an exec statement (exec "code")'],
    ['x = 0777\n', 'a leading-zero octal literal (0777)'],
    ['x = 0_7\n', 'a leading-zero octal literal (0_7)'],
    ['x = 10L\n', 'a long integer literal (10L)'],
    ['x = 0xFFL\n', 'a long integer literal (0xFFL)'],
    ['x = ur"a"\n', 'a ur"" string prefix'],
    ['x = UR"a"\n', 'a UR"" string prefix'],
    ['if a <> b:\n    pass\n', 'the <> operator'],
    ['raise E, "m"\n', 'raise E, value'],
    ['try:\n    pass\nexcept A, B as e:\n    pass\n', 'except E, name'],
    ['try:\n    pass\nexcept A, e:\n    pass\n', 'except E, name'],
    ['def f(a, (b, c)):\n    pass\n', 'a tuple parameter'],
    ['def f(a, (b, c)=(1, 2)):\n    pass\n', 'a tuple parameter'],
    ['g = lambda (a, b): a\n', 'a tuple parameter'],
  ])('%j: %s', (src, what) => {
    expect(find(src)?.what).toBe(what);
  });

  test.each([
    'print("x")\n',
    'print >>f, "x"\n',
    'print (a), b\n',
    'exec("x", g)\n',
    'exec ("x") in d\n',
    'raise (A, B)\n',
    'raise A from B\n',
    'for (a, b) in x:\n    pass\n',
    '(a, b) = c\n',
    'x = [0, 00, 0_0, 0o777, 0x1F, 0b1, 09j, 07.5, 0e1, 1_000]\n',
    'x = u"a" + rb"b" + Rb"c" + br"d" + f"{e}"\n',
    'from __future__ import barry_as_FLUFL\nif a <> b:\n    pass\n',
    'try:\n    pass\nexcept (A, B) as e:\n    pass\n',
  ])('valid Python 3: %j', (src) => {
    expect(find(src)).toBeNull();
  });

  test('except A, B: catches both since 3.14 (PEP 758), so it is old syntax only for an older target', () => {
    const src = 'try:\n    pass\nexcept A, B:\n    pass\n';
    expect(find(src, 13)).toEqual({ line: 3, column: 1, what: 'except E, name', since: 14 });
    expect(find(src, 14)).toBeNull();
  });

  test('the first one in the file is reported, with its position', () => {
    expect(find('x = 1\ny = 0777\nz = `x`\n')).toMatchObject({ line: 2, column: 5 });
  });
});
