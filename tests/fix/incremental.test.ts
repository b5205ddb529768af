import fs from 'node:fs';
import path from 'node:path';
import { fixSource } from '../../src/fix/engine';
import { applyEditsTracked } from '../../src/core/edits';
import { initParser, parsePython } from '../../src/lang/python/parser';
import { SourceFile, setIncrementalParsing } from '../../src/lang/python/source';
import { selectRules } from '../../src/rules/registry';
import '../../src/lang/python/rule';

/**
 * The fix loop reparses each pass's result incrementally from the previous
 * tree (issue 12: fix spent half its time parsing). tree-sitter promises the
 * same tree as a fresh parse; these tests hold it to that, on real files:
 * random edits of every fixture give the same tree, and every fixture fixed
 * with all rules (safe, then unsafe) gives the same text, fixes and findings
 * either way.
 */
const ROOT = path.resolve(__dirname, '../..');

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pythonFiles(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

const FILES = [...pythonFiles(path.join(ROOT, 'tests/rules')), ...pythonFiles(path.join(ROOT, 'fixtures/sample-project'))];

beforeAll(() => initParser());
afterEach(() => setIncrementalParsing(true));

/** a small deterministic generator (the same edits on every run) */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const SNIPPETS = ['', 'x', '(', ')', ':', '\n', '\n    ', 'pass\n', '"""doc"""\n', 'import os\n', '# note\n', 'é😀', "'", 'def f():\n    return 1\n', '\r\n'];

test('random edits of real files: the incremental tree equals a fresh parse, node for node', () => {
  const rand = lcg(12);
  let compared = 0;
  for (const file of FILES) {
    const text = fs.readFileSync(file, 'utf8');
    let prev = new SourceFile('f.py', file, text);
    for (let round = 0; round < 3; round++) {
      // up to 4 non-overlapping edits, as a fix pass makes them
      const points = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => Math.floor(rand() * (prev.text.length + 1))).sort((a, b) => a - b);
      const edits = [];
      let last = -1;
      for (const p of points) {
        if (p <= last) continue;
        const end = Math.min(prev.text.length, p + Math.floor(rand() * 12));
        edits.push({ start: p, end, text: SNIPPETS[Math.floor(rand() * SNIPPETS.length)] });
        last = end;
      }
      const r = applyEditsTracked(prev.text, edits, rand() < 0.2 ? '\r\n' : '\n');
      const next = SourceFile.edited(prev, r.text, r.applied);
      const fresh = parsePython(r.text);
      expect(next.root.toString()).toBe(fresh.rootNode.toString());
      expect(next.root.hasError).toBe(fresh.rootNode.hasError);
      expect([next.root.startIndex, next.root.endIndex, next.root.endPosition]).toEqual([fresh.rootNode.startIndex, fresh.rootNode.endIndex, fresh.rootNode.endPosition]);
      fresh.delete();
      prev.dispose();
      prev = next;
      compared++;
    }
    prev.dispose();
  }
  expect(compared).toBeGreaterThan(200);
});

describe.each([
  ['safe', false],
  ['unsafe', true],
])('every fixture fixed with all rules (%s fixes)', (_name, unsafe) => {
  test('the same text, fixes, passes and findings with incremental and with fresh parses', () => {
    const rules = selectRules(['ALL'], []);
    let changed = 0;
    for (const file of FILES) {
      const text = fs.readFileSync(file, 'utf8');
      const run = (on: boolean) => {
        setIncrementalParsing(on);
        const r = fixSource('f.py', file, text, rules, { targetMinor: 9, settings: {} }, { unsafe });
        return { text: r.text, applied: r.applied, passes: r.passes, remaining: r.remaining, rejected: r.rejected, converged: r.converged };
      };
      const inc = run(true);
      expect(inc).toEqual(run(false));
      if (inc.text !== text) changed++;
    }
    expect(changed).toBeGreaterThan(20);
  });
});
