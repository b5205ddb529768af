import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import execa from 'execa';
import { applyEdits, selectFixes } from '../../src/core/edits';
import { decodePython } from '../../src/lang/python/decode';
import { SourceFile } from '../../src/lang/python/source';
import { hashedCode, PACK_DIR, runSemgrep, type SemgrepResult } from '../../src/semgrep';
import { ROOT, VENV_PYTHON, venvTool } from '../helpers/python';

/**
 * One real semgrep run (it takes seconds to start): the pack and the user-rule
 * folder over a copy of the sample project plus three files whose encodings
 * make byte and character positions differ.
 */
const SEMGREP = venvTool('semgrep');
const USER_RULES = path.join(__dirname, 'user-rules');
let dir: string;
let result: SemgrepResult;
const pyFiles: string[] = [];

const EXTRA: Record<string, Buffer> = {
  'unicode.py': Buffer.from('x = "é😀"; eval(x)\nimport typing\nv: typing.Optional[int] = None\n', 'utf8'),
  'latin.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\ns = "caf'), Buffer.from([0xe9]), Buffer.from('"; eval(s)\n')]),
  'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('t = "ü"; exec(t)\r\nprint(t)\r\n', 'utf8')]),
};

function walk(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.py') ? [path.join(d, e.name)] : []));
}

function source(rel: string): SourceFile {
  const abs = path.join(dir, rel);
  return new SourceFile(rel, abs, decodePython(fs.readFileSync(abs)).text);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-semgrep-'));
  fs.cpSync(path.join(ROOT, 'fixtures', 'sample-project'), dir, { recursive: true });
  for (const [name, bytes] of Object.entries(EXTRA)) fs.writeFileSync(path.join(dir, name), bytes);
  for (const f of walk(dir)) pyFiles.push(path.relative(dir, f));
  result = await runSemgrep({ files: pyFiles, configs: [PACK_DIR, USER_RULES], cwd: dir, bin: SEMGREP, jobs: 1 });
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the run has no errors and reports the semgrep version', () => {
  expect(result.errors).toEqual([]);
  expect(result.version).toBe('1.185.0');
});

test('our rule ids keep their codes and upgrades; user rules get their own codes', () => {
  const byCode = new Map<string, number>();
  for (const f of result.findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  // the sample's os.popen in executor.py, its prints, its requests import
  expect(byCode.get('SEC004')).toBeGreaterThanOrEqual(1);
  expect(byCode.get('LOG001')).toBeGreaterThanOrEqual(1);
  expect(byCode.get('NET001')).toBeGreaterThanOrEqual(1);
  const popen = result.findings.find((f) => f.code === 'SEC004' && f.path === 'taskrunner/executor.py');
  expect(popen).toMatchObject({ upgrade: 'U02', severity: 'high', ruleId: 'SEC004' });
  // the user's rules: one hashed code, one chosen in metadata
  const assertCode = hashedCode('acme.no-assert-in-library');
  expect(assertCode).toMatch(/^SG[0-9]{6}$/);
  const asserts = result.findings.filter((f) => f.code === assertCode);
  expect(asserts.length).toBeGreaterThanOrEqual(1);
  expect(asserts.every((f) => f.severity === 'medium' && f.upgrade === '' && f.message.endsWith('[acme.no-assert-in-library]'))).toBe(true);
  // test_* functions are excluded by the user's pattern-not-inside
  expect(asserts.some((f) => f.path.startsWith('tests/test_'))).toBe(false);
  const clocks = result.findings.filter((f) => f.code === 'ACME001');
  expect(clocks.length).toBeGreaterThanOrEqual(1);
  expect(clocks[0]).toMatchObject({ severity: 'low', upgrade: 'U17', ruleId: 'wall-clock-duration' });
  expect(result.rules.find((r) => r.code === 'ACME001')).toMatchObject({ ours: false, ruleId: 'wall-clock-duration' });
  expect(result.rules.find((r) => r.code === 'SEC004')).toMatchObject({ ours: true });
});

test('positions are code-point columns and UTF-16 offsets, as the native engine counts them', () => {
  expect(result.findings.length).toBeGreaterThan(10);
  for (const f of result.findings) {
    const file = source(f.path);
    expect({ path: f.path, ...file.position(f.start!) }).toEqual({ path: f.path, line: f.line, column: f.column });
    expect(file.position(f.end!)).toEqual({ line: f.endLine, column: f.endColumn });
    expect(f.source).toBe(file.lineText(f.line));
  }
  const at = (p: string, code: string): { text: string; column: number; endColumn: number } => {
    const f = result.findings.find((x) => x.path === p && x.code === code)!;
    return { text: source(p).text.slice(f.start, f.end), column: f.column, endColumn: f.endColumn };
  };
  // 'x = "é😀"; eval(x)': eval is the 11th character (semgrep says byte column 15)
  expect(at('unicode.py', 'SEC001')).toEqual({ text: 'eval(x)', column: 11, endColumn: 18 });
  // latin-1: é is one byte and one character
  expect(at('latin.py', 'SEC001')).toEqual({ text: 'eval(s)', column: 13, endColumn: 20 });
  // a UTF-8 BOM is not part of the text; CRLF line endings
  expect(at('bom.py', 'SEC002')).toEqual({ text: 'exec(t)', column: 10, endColumn: 17 });
  const print = result.findings.find((x) => x.path === 'bom.py' && x.code === 'LOG001')!;
  expect([print.line, print.column, print.source]).toEqual([2, 1, 'print(t)']);
});

test("a semgrep fix becomes an unsafe fix whose edits give semgrep's replacement", () => {
  const typ = result.findings.find((f) => f.path === 'unicode.py' && f.code === 'TYP002')!;
  expect(typ.fix).toMatchObject({ safety: 'unsafe' });
  const text = source('unicode.py').text;
  const e = typ.fix!.edits[0];
  expect(text.slice(0, e.start) + e.text + text.slice(e.end)).toContain('v: int | None = None\n');
  const clock = result.findings.find((f) => f.code === 'ACME001')!;
  const t2 = source(clock.path).text;
  const e2 = clock.fix!.edits[0];
  expect(t2.slice(e2.start, e2.end)).toBe('time.time()');
  expect(e2.text).toBe('time.monotonic()');
  // rules without a fix in the YAML have none
  expect(result.findings.filter((f) => f.code === 'SEC004').every((f) => f.fix === null)).toBe(true);
});

test("the fix engine's edit selection applies semgrep's fixes of a file, and the result still compiles", async () => {
  const rel = 'taskrunner/cache.py';
  const text = source(rel).text;
  const mine = result.findings.filter((f) => f.path === rel && f.fix);
  expect(mine.length).toBeGreaterThanOrEqual(3);
  const { chosen, edits } = selectFixes(mine.map((finding) => ({ finding, fix: finding.fix! })));
  expect(chosen).toHaveLength(mine.length);
  const fixed = applyEdits(text, edits);
  expect(fixed).not.toContain('time.time()');
  expect(fixed.split('time.monotonic()').length - 1).toBe(mine.filter((f) => f.code === 'ACME001').length);
  const r = await execa(VENV_PYTHON, ['-c', 'import sys; compile(sys.stdin.read(), "cache.py", "exec")'], { input: fixed, reject: false });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
});
