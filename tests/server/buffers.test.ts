import fs from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initParser } from '../../src/lang/python/parser';
import { settingsOfFile } from '../../src/engine/run';
import { diagnosticsOf, KeptBuffers } from '../../src/server/index';
import { diffEdit } from '../../src/core/edits';

/**
 * The server parses a buffer's new version from its previous version's tree
 * (KeptBuffers). Whatever the edits, its diagnostics must be those of a fresh
 * parse of the same text: checked here over a few hundred edits of the sample
 * project's real modules, typing, deleting, pasting, breaking and repairing
 * the syntax, astral characters and CRLF line endings included.
 */

const PROJECT = path.join(__dirname, '../../fixtures/sample-project');

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SNIPPETS = ['x', 'print(x)\n', 'eval(', ')', '"', '"""', '\n    ', 'def f(:\n', '# noqa: SEC001', 'from typing import List\n', '😀', '\r\n', 'import os\nos.system("ls")\n', '    '];

function edited(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const kind = rnd();
  if (kind < 0.45) return text.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + text.slice(at);
  const end = Math.min(text.length, at + Math.floor(rnd() * (kind < 0.8 ? 3 : 200)));
  if (kind < 0.9) return text.slice(0, at) + text.slice(end);
  // a line moved elsewhere (a cut and a paste: two regions change at once)
  const moved = text.slice(at, end);
  const rest = text.slice(0, at) + text.slice(end);
  const to = Math.floor(rnd() * (rest.length + 1));
  return rest.slice(0, to) + moved + rest.slice(to);
}

describe('the server keeps each buffer parsed for its next version', () => {
  beforeAll(() => initParser());

  const files = ['scheduler.py', 'templating.py', 'executor.py', 'cli.py'];
  test.each(files)('%s: 60 edits, each version judged as a fresh parse of its text would be', (name) => {
    const abs = path.join(PROJECT, 'taskrunner', name);
    const settings = settingsOfFile(abs);
    const kept = new KeptBuffers();
    const uri = `file://${abs}`;
    const rnd = random(name.length * 7919);
    let text = fs.readFileSync(abs, 'utf8');
    let broken = 0;
    for (let version = 1; version <= 60; version++) {
      const doc = TextDocument.create(uri, 'python', version, text);
      const incremental = diagnosticsOf(doc, abs, settings, kept);
      const fresh = diagnosticsOf(doc, abs, settings);
      expect(incremental).toEqual(fresh);
      if (fresh.some((d) => /syntax error/.test(d.message))) broken++;
      text = edited(text, rnd);
    }
    kept.drop(uri);
    // the edits did break the syntax, so the reparse of broken trees was exercised too
    expect(broken).toBeGreaterThan(0);
  });

  test('diffEdit: the one edit between two versions, never inside a surrogate pair', () => {
    expect(diffEdit('abcdef', 'abXYef')).toEqual({ start: 2, end: 4, text: 'XY' });
    expect(diffEdit('aaa', 'aaaa')).toEqual({ start: 3, end: 3, text: 'a' });
    expect(diffEdit('same', 'same')).toEqual({ start: 4, end: 4, text: '' });
    // U+1F600 and U+1F601 share their high surrogate: the edit takes the whole pair
    const e = diffEdit('a😀b', 'a😁b');
    expect(e).toEqual({ start: 1, end: 3, text: '😁' });
    for (const [before, after] of [
      ['a😀b', 'a😁b'],
      ['x', ''],
      ['', 'y'],
      ['😀😀', '😀'],
    ]) {
      const d = diffEdit(before, after);
      expect(before.slice(0, d.start) + d.text + before.slice(d.end)).toBe(after);
    }
  });
});
