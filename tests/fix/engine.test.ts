import { VENV_PYTHON } from '../helpers/python';
import { fakeRule } from '../helpers/fakeRule';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shellWords } from '../../src/rules/security/SEC003-subprocess-shell-true';
import { applyEdits, detectEol, selectFixes } from '../../src/core/edits';
import { fixSource, MAX_PASSES } from '../../src/fix/engine';
import { formatterParse, parsePercentFormat } from '../../src/lang/python/format-spec';
import { literalValue } from '../../src/lang/python/strings';
import { runFix } from '../../src/fix/run';
import { compileAll } from '../../src/fix/verify';
import { writeAtomic } from '../../src/core/write';
import { initParser } from '../../src/lang/python/parser';
import type { Finding, Fix } from '../../src/core/finding';
import type { Rule } from '../../src/core/rule';
import '../../src/lang/python/rule';

const PY = VENV_PYTHON;

function cand(start: number, end: number, text: string, extra: Fix['edits'] = []): { finding: Finding; fix: Fix } {
  return { finding: { start } as Finding, fix: { safety: 'safe', description: '', edits: [{ start, end, text }, ...extra] } };
}

describe('choosing and applying edits', () => {
  test('overlapping fixes wait for the next pass; identical edits are shared', () => {
    const shared = { start: 0, end: 0, text: 'import os\n' };
    const { chosen, edits } = selectFixes([cand(5, 9, 'a', [shared]), cand(7, 12, 'b'), cand(20, 22, 'c', [shared])]);
    expect(chosen.map((c) => c.fix.edits[0].text)).toEqual(['a', 'c']);
    expect(edits).toHaveLength(3);
  });
  test('two different insertions at one point conflict', () => {
    const { chosen } = selectFixes([cand(4, 4, 'x'), cand(4, 4, 'y'), cand(4, 6, 'z')]);
    expect(chosen.map((c) => c.fix.edits[0].text)).toEqual(['x', 'z']);
  });
  test('added lines follow the file’s line endings', () => {
    expect(detectEol('a\r\nb\r\n')).toBe('\r\n');
    expect(applyEdits('a\r\nb\r\n', [{ start: 3, end: 3, text: 'x\ny\n' }], '\r\n')).toBe('a\r\nx\r\ny\r\nb\r\n');
  });
});


describe('the fix loop', () => {
  beforeAll(() => initParser());
  const opts = { targetMinor: 12, settings: {} };
  test('a fix whose result does not parse is undone and reported; the others still apply', () => {
    const breaks = fakeRule('TST901', (s, e) => ({ safety: 'safe', description: 'break', edits: [{ start: s, end: e, text: 'pass(' }] }));
    const src = 'def f():\n    pass\n';
    const r = fixSource('a.py', '/tmp/a.py', src, [breaks], opts, { unsafe: false });
    expect(r.text).toBe(src);
    expect(r.rejected).toEqual(['TST901 at line 2: the result would not parse']);
  });
  test('the loop stops after MAX_PASSES when fixes never run out', () => {
    const forever = fakeRule('TST902', (s) => ({ safety: 'safe', description: 'grow', edits: [{ start: s, end: s, text: 'pass; ' }] }));
    const r = fixSource('a.py', '/tmp/a.py', 'pass\n', [forever], opts, { unsafe: false });
    expect(r.passes).toBe(MAX_PASSES);
    expect(r.converged).toBe(false);
  });
  test('findings of rules that cannot fix in this run are carried over to the right lines', async () => {
    const { selectRules } = await import('../../src/rules/registry');
    const src = 'from typing import Dict, List\nimport sys\n\n\ndef f(a: List[int]) -> Dict[str, int]:\n    print(a, file=sys.stderr)\n    exec("x")\n    return {}\n';
    const r = fixSource('a.py', '/tmp/a.py', src, selectRules(['TYP', 'LOG001', 'SEC002'], []), opts, { unsafe: false });
    expect(r.text).toBe('import sys\n\n\ndef f(a: list[int]) -> dict[str, int]:\n    print(a, file=sys.stderr)\n    exec("x")\n    return {}\n');
    const lines = r.text.split('\n');
    expect(r.remaining.map((f) => [f.code, f.line, lines[f.line - 1].slice(f.column - 1, f.column + 3)])).toEqual([
      ['LOG001', 5, 'prin'],
      ['SEC002', 6, 'exec'],
    ]);
  });
  test('unsafe fixes wait for --unsafe-fixes and are counted', () => {
    const unsafe = fakeRule('TST903', (s, e) => ({ safety: 'unsafe', description: 'u', edits: [{ start: s, end: e, text: '...' }] }));
    const r = fixSource('a.py', '/tmp/a.py', 'pass\npass\n', [unsafe], opts, { unsafe: false });
    expect(r.changed).toBe(false);
    expect(r.unsafeSkipped).toBe(2);
    expect(fixSource('a.py', '/tmp/a.py', 'pass\npass\n', [unsafe], opts, { unsafe: true }).text).toBe('...\n...\n');
  });
});

describe('verification with python3 and writing', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-fix-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('one python3 process judges a batch; an original that never compiled is let through unverified', async () => {
    const v = await compileAll(
      [
        { path: 'ok.py', bytes: Buffer.from('x = 1\n'), original: Buffer.from('x = 1\n') },
        { path: 'bad.py', bytes: Buffer.from('print "x"\n'), original: Buffer.from('pass\n') },
        { path: 'old.py', bytes: Buffer.from('print "y"\n'), original: Buffer.from('print "x"\n') },
      ],
      PY,
    );
    expect(v!.get('ok.py')).toEqual({ ok: true });
    expect(v!.get('bad.py')!.ok).toBe(false);
    expect(v!.get('bad.py')!.message).toMatch(/SyntaxError.*line 1/);
    expect(v!.get('old.py')).toEqual({ ok: true, unverified: true });
  });

  test('a result tree-sitter accepts but python3 rejects is never written', async () => {
    // tree-sitter parses the Python 2 print statement; python3 does not compile it
    const py2 = fakeRule('TST904', (s, e) => ({ safety: 'safe', description: 'py2', edits: [{ start: s, end: e, text: 'print "x"' }] }));
    const file = path.join(dir, 'm.py');
    fs.writeFileSync(file, 'def f():\n    pass\n');
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: [py2] });
    expect(fs.readFileSync(file, 'utf8')).toBe('def f():\n    pass\n');
    expect(r.warnings.join('\n')).toMatch(/m\.py: the result does not compile \(SyntaxError/);
    expect(r.changedFiles).toBe(0);
  });

  test('atomic write keeps the mode, writes through symlinks, leaves no temporary file', () => {
    const file = path.join(dir, 'x.py');
    fs.writeFileSync(file, 'a = 1\n');
    fs.chmodSync(file, 0o755);
    fs.symlinkSync(file, path.join(dir, 'link.py'));
    writeAtomic(path.join(dir, 'link.py'), Buffer.from('a = 2\n'), 0o100755);
    expect(fs.readFileSync(file, 'utf8')).toBe('a = 2\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o755);
    expect(fs.lstatSync(path.join(dir, 'link.py')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['link.py', 'x.py']);
  });
});

/** Our ports checked against CPython itself on many inputs. */
describe('ports of Python behaviour agree with Python', () => {
  function python(code: string, input: unknown): unknown {
    return JSON.parse(execFileSync(PY, ['-c', code], { input: JSON.stringify(input) }).toString());
  }
  const rand = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

  test('string.Formatter().parse on 3000 random format strings', () => {
    const r = rand(7);
    const alphabet = ['{', '}', '{}', '{0}', '{x}', '!r', ':', '>5', '[', ']', 'a', ' ', '.', '{{', '}}', '!', '0', '{a.b}', '{:{}}'];
    const inputs = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(r() * 6) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
    const theirs = python(
      'import json,sys,string\nout=[]\nfor s in json.load(sys.stdin):\n    try: out.append([list(t) for t in string.Formatter().parse(s)])\n    except ValueError: out.append(None)\nprint(json.dumps(out))',
      inputs,
    ) as unknown[];
    const ours = inputs.map((s) => {
      try {
        return formatterParse(s);
      } catch {
        return null;
      }
    });
    expect(ours).toEqual(theirs);
  });

  test("pyupgrade's printf parser on 2000 random format strings", () => {
    const r = rand(11);
    const alphabet = ['%', 's', 'd', '%(k)', '-', '#', '0', '5', '.2', '*', 'r', 'x', ' ', 'a', '%%', 'l'];
    const inputs = Array.from({ length: 2000 }, () => Array.from({ length: 1 + Math.floor(r() * 6) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
    const theirs = python(
      'import json,sys\nfrom pyupgrade._plugins.percent_format import _parse_percent_format as p\nout=[]\nfor s in json.load(sys.stdin):\n    try: out.append([[a, list(b) if b else None] for a, b in p(s)])\n    except ValueError: out.append(None)\nprint(json.dumps(out))',
      inputs,
    ) as unknown[];
    const ours = inputs.map((s) => {
      try {
        return parsePercentFormat(s).map(([a, b]) => [a, b ? [...b] : null]);
      } catch {
        return null;
      }
    });
    expect(ours).toEqual(theirs);
  });

  test('string literal values', () => {
    const inputs = ["'a\\nb'", '"\\x41\\101\\u00e9\\U0001F600"', "r'\\d+'", "'''x\ny'''", "u'\\t'", "'\\q'", "'a\\\nb'", '"\\\\"', "'\\''", "R'\\''"];
    const theirs = python('import ast,json,sys\nprint(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))', inputs);
    expect(inputs.map(literalValue)).toEqual(theirs);
  });

  test('shellWords splits as shlex.split does, and refuses what needs a shell', () => {
    const accepted = ['git log -n 5', "echo 'a b' c", 'echo "x y"z', 'a\\ b', "--format='%h %s'", 'make CC=gcc', 'tab\there'];
    const theirs = python('import json,shlex,sys\nprint(json.dumps([shlex.split(s) for s in json.load(sys.stdin)]))', accepted);
    expect(accepted.map(shellWords)).toEqual(theirs);
    for (const s of ['ls | wc', 'a > b', 'a && b', 'echo $HOME', 'echo "$HOME"', 'ls *.py', 'cd ~', 'a; b', 'echo `id`', 'FOO=1 cmd', "'unterminated", 'x # c']) {
      expect({ s, words: shellWords(s) }).toEqual({ s, words: null });
    }
  });
});
