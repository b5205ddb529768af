import fs from 'node:fs';
import path from 'node:path';
import { walkCaptures } from '../../src/engine/check';
import { initParser, parsePython, query } from '../../src/lang/python/parser';

/**
 * Issue 21, item 14: tree-sitter's query cursor is quadratic in the number
 * of siblings, so large files take their captures from a cursor walk. The
 * walk must give exactly what the query gives: the same nodes, in the same
 * order, on every Python fixture of the repository and on a wide literal.
 */
function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pyFiles(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

test('walkCaptures gives the dispatch query\'s captures, node for node', async () => {
  await initParser();
  const root = path.resolve(__dirname, '../..');
  const files = [...pyFiles(path.join(root, 'tests/rules')), ...pyFiles(path.join(root, 'fixtures/sample-project'))];
  expect(files.length).toBeGreaterThan(50);
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  texts.push(`x = [${Array.from({ length: 5000 }, (_, i) => `f(${i}), "s", {"k": v}`).join(', ')}]\n`, 'def f(:\n    print(eval(x))\n');
  // every named type that occurs in these files (each its own alternative, as the dispatch query has them)
  const types = new Set<string>();
  for (const t of texts) {
    const c = parsePython(t).walk();
    for (;;) {
      if (c.nodeIsNamed && /^[a-z_]+$/.test(c.nodeType)) types.add(c.nodeType);
      if (c.gotoFirstChild()) continue;
      let up = true;
      while (!c.gotoNextSibling()) if (!(up = c.gotoParent())) break;
      if (!up) break;
    }
  }
  const byType = new Map([...types].map((t) => [t, true]));
  const q = query(`[${[...types].sort().map((t) => `(${t}) @${t}`).join(' ')}]`);
  let compared = 0;
  for (const text of texts) {
    const tree = parsePython(text);
    const key = (cs: Array<{ name: string; node: { startIndex: number; endIndex: number; id: number } }>): string[] => cs.map((c) => `${c.name}:${c.node.startIndex}-${c.node.endIndex}:${c.node.id}`);
    expect(key(walkCaptures(tree.rootNode, byType))).toEqual(key(q.captures(tree.rootNode)));
    compared++;
  }
  expect(compared).toBe(texts.length);
});
