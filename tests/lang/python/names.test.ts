import { NameResolver } from '../../../src/lang/python/names';
import { initParser, parsePython } from '../../../src/lang/python/parser';

beforeAll(() => initParser());

/** The qualified name of the last call's callee, resolved as the engine does (imports seeded). */
function lastCallee(src: string): string | null {
  const tree = parsePython(src);
  const names = new NameResolver(tree.rootNode, src);
  names.seedImports(tree.rootNode.descendantsOfType(['import_statement', 'import_from_statement']).filter((n) => n !== null));
  const calls = tree.rootNode.descendantsOfType('call');
  const q = names.qualifiedName(calls[calls.length - 1]!.childForFieldName('function')!);
  tree.delete();
  return q;
}

describe('NameResolver', () => {
  test.each([
    ['print(1)\n', 'builtins.print'],
    ['def print(x): pass\nprint(1)\n', null],
    ['x.print(1)\nprint(2)\n', 'builtins.print'],
    ['def f(print):\n    print(1)\n', null],
    ['print = log\nprint(1)\n', null],
    ['from x import print\nprint(1)\n', 'x.print'],
    ['f(print=1)\nprint(2)\n', 'builtins.print'],
    ['import random\nrandom.choice(1)\n', 'random.choice'],
    ['import random\ndef f(random):\n    random.choice(1)\n', null],
    ['import random as r\nr.choice(1)\n', 'random.choice'],
    ['from os import popen as p\np("ls")\n', 'os.popen'],
    ['import os.path\nos.path.join(a)\n', 'os.path.join'],
    // the same name imported two ways: the scope decides
    ['import random\ndef f():\n    from random import random\n    return random()\ndef g():\n    return random.uniform(1, 2)\n', 'random.uniform'],
    ['import random\ndef g():\n    return random.uniform(1, 2)\ndef f():\n    from random import random\n    return random()\n', 'random.random'],
    // class bodies do not leak into methods
    ['class C:\n    eval = 1\n    def m(self):\n        return eval(x)\n', 'builtins.eval'],
    ['def eval(x): return x\ndef f():\n    return eval("1")\n', null],
  ])('%j -> %s', (src, expected) => {
    expect(lastCallee(src)).toBe(expected);
  });
});

/**
 * The text shortcuts (a name no statement but an import binds needs no scope
 * analysis; a dotted name whose root no import binds has no qualified name)
 * must answer as the scope analysis does. A resolver given no text always
 * runs the scopes: both are asked the same questions at every identifier of
 * real modules and of snippets where the name sits in strings, comments,
 * arguments, parameters, targets and longer names.
 */
describe('NameResolver: the text shortcuts agree with the scope analysis', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const sample = path.join(__dirname, '../../../fixtures/sample-project/taskrunner');
  const SNIPPETS = [
    'import os\n"""list of things: print, eval"""\n# list = 1\nx: List[int] = list(os.environ)\nprint(x)\n',
    'def f(list):\n    return list\nprint(f([1]))\n',
    'for list in range(3):\n    pass\ny = list\n',
    'print(list, dict)\nlist = 1\n',
    'éprint = 1\nprint(éprint)\nself.x = 1\n',
    'import os\ndef f(os):\n    os.system("x")\nos.system("y")\n',
    'class C:\n    def type(self):\n        return type(self)\n    x: type = 1\n',
    'with open(p) as list:\n    pass\nif (list := 3):\n    pass\nglobal dict\n',
    'lambda list: list\nf(list=1)\nx = [list for list in y]\ntry:\n    pass\nexcept E as list:\n    pass\n',
  ];
  const files = [...SNIPPETS.map((text, i) => [`snippet ${i}`, text]), ...fs.readdirSync(sample).filter((f: string) => f.endsWith('.py')).map((f: string) => [f, fs.readFileSync(path.join(sample, f), 'utf8')])];
  const BUILTINS = ['list', 'dict', 'type', 'print', 'eval', 'set', 'tuple', 'os', 'self'];

  test.each(files)('%s', (_name, text) => {
    const tree = parsePython(text);
    const root = tree.rootNode;
    const imports = root.descendantsOfType(['import_statement', 'import_from_statement']).filter((n) => n !== null);
    const quick = new NameResolver(root, text);
    quick.seedImports(imports);
    const scopes = new NameResolver(root); // no text: every answer from the scopes
    scopes.seedImports(imports);
    let asked = 0;
    for (const id of root.descendantsOfType('identifier')) {
      if (!id) continue;
      for (const name of [id.text, ...BUILTINS]) expect([name, id.startIndex, quick.shadowsBuiltin(name, id)]).toEqual([name, id.startIndex, scopes.shadowsBuiltin(name, id)]);
      asked++;
    }
    for (const a of root.descendantsOfType('attribute')) if (a) expect([a.text, quick.qualifiedName(a)]).toEqual([a.text, scopes.qualifiedName(a)]);
    expect(asked).toBeGreaterThan(0);
    tree.delete();
  });
});
