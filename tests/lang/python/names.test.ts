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
