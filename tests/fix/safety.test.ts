import { SYSTEM_PYTHON, VENV_PYTHON } from '../helpers/python';
import { fakeRule } from '../helpers/fakeRule';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileFiles } from '../../src/engine/pycompile';
import { runFix } from '../../src/fix/run';
import { Compiler } from '../../src/fix/verify';
import { findStaleTemps } from '../../src/core/write';
import { addImport } from '../../src/lang/python/import-edit';
import { NameResolver } from '../../src/lang/python/names';
import { initParser } from '../../src/lang/python/parser';
import { SourceFile } from '../../src/lang/python/source';
import { applyEdits } from '../../src/core/edits';
import { selectRules } from '../../src/rules/registry';
import type { Fix } from '../../src/core/finding';
import type { Rule } from '../../src/core/rule';
import '../../src/lang/python/rule';

/**
 * `fix` never hurts (issue 10): what it must not do to a user's files, each
 * on real files in a temporary folder, with python3 as the verifier.
 */
const TYPED = 'from typing import List\n\nx: List[int] = []\n';
const FIXED = 'from typing import List\n\nx: list[int] = []\n';
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let dir: string;
beforeAll(() => initParser());
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-safety-'))));
afterEach(() => {
  for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
  fs.rmSync(dir, { recursive: true, force: true });
});

function typ(): Rule[] {
  return selectRules(['TYP001'], []);
}

function write(name: string, text: string | Buffer): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}


/** tree-sitter parses the Python 2 print statement; python3 does not compile it */
const py2 = (safety: Fix['safety']) => fakeRule(safety === 'safe' ? 'TST904' : 'TST905', (s, e) => ({ safety, description: 'py2', edits: [{ start: s, end: e, text: 'print "x"' }] }));

describe('what is on disk', () => {
  test('a file saved while fix runs is not overwritten: warned and counted as not processed', async () => {
    const f = write('m.py', TYPED);
    const edited = 'from typing import List\n\nx: List[int] = [1]  # the user’s edit\n';
    // after the file is read and fixed, before anything is written: the user saves it
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: typ(), onProgress: () => fs.writeFileSync(f, edited) });
    expect(fs.readFileSync(f, 'utf8')).toBe(edited);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/changed on disk during this run/);
    expect(r.outcomes[0].written).toBeFalsy();
  });

  (asRoot ? test : test.skip)('owner and group are kept (run as root on a file owned by another user)', async () => {
    const f = write('m.py', TYPED);
    fs.chownSync(f, 4321, 4322);
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: typ() });
    expect(r.errors).toEqual([]);
    expect(fs.readFileSync(f, 'utf8')).toBe(FIXED);
    const st = fs.statSync(f);
    expect([st.uid, st.gid]).toEqual([4321, 4322]);
  });

  test('a file with several hard links is left whole, with the reason', async () => {
    const f = write('m.py', TYPED);
    fs.linkSync(f, path.join(dir, 'other-name.txt'));
    const r = await runFix({ paths: [f], unsafe: false, write: true, rules: typ() });
    expect(fs.readFileSync(f, 'utf8')).toBe(TYPED);
    expect(fs.statSync(f).nlink).toBe(2);
    expect(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toMatch(/m\.py: it has 2 hard links/);
  });

  test('a read-only file (0444) is skipped with a warning, even for root', async () => {
    const f = write('m.py', TYPED);
    fs.chmodSync(f, 0o444);
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: typ() });
    expect(fs.readFileSync(f, 'utf8')).toBe(TYPED);
    expect(fs.statSync(f).mode & 0o777).toBe(0o444);
    expect(r.errors.map((e) => e.message)).toEqual(['it is read-only (mode 0444); not fixed']);
  });

  test('files named like the temporary files of killed runs are named, never removed (the name proves nothing)', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    write('m.py', TYPED);
    const stale = write(`.m.py.rfsn-${deadPid}-0badc0de.tmp`, 'x: List[int] = ');
    const live = write(`.m.py.rfsn-${process.pid}-00c0ffee.tmp`, 'in progress');
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: typ() });
    expect(fs.readFileSync(stale, 'utf8')).toBe('x: List[int] = ');
    expect(fs.existsSync(live)).toBe(true);
    expect(r.warnings.filter((w) => w.includes('named like the temporary file'))).toEqual([`${path.relative(process.cwd(), stale)}: named like the temporary file of a killed rfsn-upgrade run; left alone (delete it if it is one)`]);
    expect(findStaleTemps([dir])).toEqual([stale]);
  });

  test('a chmod made during the run is kept: the file gets the mode it has when it is replaced', async () => {
    const f = write('m.py', TYPED);
    fs.chmodSync(f, 0o644);
    // after the file is read and fixed, before anything is written
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: typ(), onProgress: () => fs.chmodSync(f, 0o600) });
    expect(r.errors).toEqual([]);
    expect(fs.readFileSync(f, 'utf8')).toBe(FIXED);
    expect(fs.statSync(f).mode & 0o7777).toBe(0o600);
  });

  test('a file replaced by a directory during the run is said to be one (a directory has 2 links: not "2 hard links")', async () => {
    const f = write('m.py', TYPED);
    const r = await runFix({
      paths: [dir],
      unsafe: false,
      write: true,
      rules: typ(),
      onProgress: () => {
        fs.rmSync(f);
        fs.mkdirSync(f);
      },
    });
    fs.rmdirSync(f);
    expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([`${path.relative(process.cwd(), f)}: it is no longer a regular file (now a directory); not fixed`]);
  });

  test('a file with lone-CR line endings is never fixed', async () => {
    const f = write('m.py', 'from typing import List\r\rdef f(a: List[int]):\r    return a\r');
    const before = fs.readFileSync(f);
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: [...typ(), ...selectRules(['TYP004'], [])] });
    expect(fs.readFileSync(f)).toEqual(before);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/lone carriage-return/);
    expect(r.changedFiles).toBe(0);
  });

  test('valid Python that tree-sitter misreads is never fixed (its reading disagrees with Python’s)', async () => {
    // from CPython's test_compile.py: an attribute split across lines inside parentheses, dedented
    const src = 'from typing import List\n\nx: List[int] = []\n\n\ndef f():\n    (bar.\nbaz)\n';
    const f = write('m.py', src);
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: typ() });
    expect(fs.readFileSync(f, 'utf8')).toBe(src);
    expect(r.errors.map((e) => e.message)).toEqual(["tree-sitter's reading of it disagrees with Python's; not fixed"]);
    expect(r.warnings.join('\n')).toMatch(/m\.py: tree-sitter could not parse this file as Python does/);
  });

  test('a file with a syntax error and nothing to fix is reported, with Python’s message', async () => {
    write('broken.py', 'def f(:\n    pass\n');
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: typ() });
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/^syntax error at line 1, column \d+: .*; not fixed$/);
  });
});

describe('a result that does not compile costs only the fixes that break it', () => {
  test('rule by rule: the safe fix that compiles lands, the one that does not is dropped and named', async () => {
    const f = write('m.py', 'from typing import List\n\n\ndef f(a: List[int]):\n    pass\n');
    const r = await runFix({ paths: [dir], unsafe: false, write: true, rules: [...typ(), py2('safe')] });
    expect(fs.readFileSync(f, 'utf8')).toBe('from typing import List\n\n\ndef f(a: list[int]):\n    pass\n');
    expect(r.warnings.join('\n')).toMatch(/m\.py: fix not applied: TST904 \(safe\) fixes dropped: with them the result does not compile \(SyntaxError/);
    expect(r.changedFiles).toBe(1);
  });

  test('without the unsafe fixes first: the safe ones still land', async () => {
    const f = write('m.py', 'from typing import List\n\n\ndef f(a: List[int]):\n    pass\n');
    const r = await runFix({ paths: [dir], unsafe: true, write: true, rules: [...typ(), py2('unsafe')] });
    expect(fs.readFileSync(f, 'utf8')).toBe('from typing import List\n\n\ndef f(a: list[int]):\n    pass\n');
    expect(r.warnings.join('\n')).toMatch(/TST905 \(unsafe\) fixes dropped/);
  });

  test('an added import goes after a leading line continuation and the future import, and compiles', () => {
    for (const src of ['\\\nfrom __future__ import annotations\n\nx = 1\n', '"""Doc."""\n\\\nfrom __future__ import annotations\nx = 1\n', 'import os; \\\n    import sys\n\nx = 1\n']) {
      const file = new SourceFile('a.py', '/tmp/a.py', src);
      const edit = addImport(file, new NameResolver(file.root, file.text), 'logging');
      const out = applyEdits(src, [edit!]);
      file.dispose();
      const r = spawnSync(SYSTEM_PYTHON, ['-c', 'import sys; compile(sys.stdin.read(), "a.py", "exec")'], { input: out, encoding: 'utf8' });
      expect({ src, out, err: r.stderr }).toEqual({ src, out, err: '' });
      expect(out).toContain('import logging');
    }
  });
});

describe('the python3 checker', () => {
  test('scan’s check of files on disk and fix’s check of new texts are one script', async () => {
    const good = write('good.py', 'x = 1\n');
    const bad = write('bad.py', 'def f(:\n');
    const tab = write('tab.py', 'if x:\n\tpass\n        pass\n');
    const m = compileFiles([good, bad, tab])!;
    expect(m.get(good)).toEqual({ ok: true });
    expect(m.get(bad)).toMatchObject({ ok: false, line: 1 });
    expect(m.get(tab)).toMatchObject({ ok: false, line: 3 });
  });

  test('a killed checker says why: the signal', async () => {
    const c = new Compiler(VENV_PYTHON);
    c.add({ path: 'a.py', bytes: Buffer.from('x = 1\n'), original: Buffer.from('x = 1\n') });
    process.kill(c.pid!, 'SIGKILL');
    await expect(c.done()).rejects.toThrow(/failed to check the results: killed by SIGKILL$/);
  });

  test('a checker that exits with an error says its code and the end of its stderr', async () => {
    // a real interpreter that cannot start its script: python3 -I -c with a broken PYTHONHOME is ignored by -I, so use a missing interpreter path
    const c = new Compiler(path.join(dir, 'no-such-python3'));
    await expect(c.done()).rejects.toThrow(/cannot run .*no-such-python3: .*ENOENT/);
    // and a real one that dies on its input: a line that is not JSON
    const child = new Compiler(VENV_PYTHON);
    (child as unknown as { child: ReturnType<typeof spawn> }).child.stdin!.write('not json\n');
    await expect(child.done()).rejects.toThrow(/exited with code 1: .*JSONDecodeError/);
  });
});

describe('warnings about fixes this run would never apply', () => {
  const DB = 'import sqlite3\n\n\ndef load(path):\n    conn = sqlite3.connect(path)\n    return conn.execute("select 1").fetchall()\n';
  test('a declined unsafe-only fix is silent in safe mode, explained with --unsafe-fixes', async () => {
    write('m.py', DB);
    const safe = await runFix({ paths: [dir], unsafe: false, write: false, rules: selectRules(['DB001'], []) });
    expect(safe.warnings.filter((w) => /DB001/.test(w))).toEqual([]);
    expect(safe.findings.map((f) => f.code)).toContain('DB001');
    const unsafe = await runFix({ paths: [dir], unsafe: true, write: false, rules: selectRules(['DB001'], []) });
    expect(unsafe.warnings.join('\n')).toMatch(/m\.py: DB001 not fixed: /);
  });
});
