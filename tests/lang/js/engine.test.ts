import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discover, languagesOf } from '../../../src/engine/discover';
import { checkOne } from '../../../src/engine/run';
import { allRules } from '../../../src/rules/registry';
import { filesByLanguage, languageOfPath } from '../../../src/core/language';
import { fixSource } from '../../../src/fix/engine';
import { runProjectRules } from '../../../src/engine/finish';
import { addNoqa } from '../../../src/engine/noqa';
import { discover as discoverFiles } from '../../../src/engine/discover';
import { initParser } from '../../../src/lang/python/parser';
import { options, rulesFor } from './helpers';

/** JS/TS in the engine: discovery, checkOne's dispatch, suppression, facts, the fix loop's parse check. */
function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-jsengine-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
const rel = (dir: string, files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
// the rules with their JS sides (rulesFor) where they have one, else as registered
const rules = (...codes: string[]) => codes.map((c) => rulesFor(c)[0] ?? allRules().find((r) => r.code === c)!);

beforeAll(() => initParser());

describe('discovery', () => {
  const dir = tempProject({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'generated/\n',
    'pkg/a.py': 'x = 1\n',
    'ui/app.js': 'eval(x)\n',
    'ui/a.jsx': '',
    'ui/b.mjs': '',
    'ui/c.cjs': '',
    'ui/d.ts': '',
    'ui/e.tsx': '',
    'ui/f.mts': '',
    'ui/g.cts': '',
    'ui/types.d.ts': '',
    'ui/types.d.mts': '',
    'ui/vendor.min.js': '',
    'ui/node_modules/x/index.js': '',
    'ui/dist/out.js': '',
    'ui/build/out.js': '',
    'generated/gen.ts': '',
    'ui/notes.md': '',
  });
  test('the same walk collects both languages; declarations, minified files, node_modules, dist, build and .gitignore entries are skipped', () => {
    expect(rel(dir, discover([dir], { projectRoot: dir }).files)).toEqual(['pkg/a.py', 'ui/a.jsx', 'ui/app.js', 'ui/b.mjs', 'ui/c.cjs', 'ui/d.ts', 'ui/e.tsx', 'ui/f.mts', 'ui/g.cts']);
  });
  test('--language python|js|all', () => {
    expect(rel(dir, discover([dir], { projectRoot: dir, languages: languagesOf('python') }).files)).toEqual(['pkg/a.py']);
    expect(rel(dir, discover([dir], { projectRoot: dir, languages: languagesOf('js') }).files)).toEqual(['ui/a.jsx', 'ui/app.js', 'ui/b.mjs', 'ui/c.cjs', 'ui/d.ts', 'ui/e.tsx', 'ui/f.mts', 'ui/g.cts']);
    expect(languagesOf('all')).toEqual(['python', 'js']);
    expect(languagesOf(undefined)).toEqual(['python', 'js']);
    expect(() => languagesOf('ruby')).toThrow(/--language must be python, js or all/);
  });
  test('config exclude applies to JS files too', () => {
    expect(rel(dir, discover([dir], { projectRoot: dir, exclude: ['ui/'] }).files)).toEqual(['pkg/a.py']);
  });
  test('filesByLanguage counts what discovery found', () => {
    expect(filesByLanguage(discover([dir], { projectRoot: dir }).files)).toEqual({ python: 1, js: 8 });
  });
  test('languageOfPath', () => {
    expect(['a.py', 'a.js', 'a.d.ts', 'ui/package.json', 'pyproject.toml', 'x.tsx'].map(languageOfPath)).toEqual(['python', 'js', 'python', 'js', 'python', 'js']);
  });
});

describe('checkOne', () => {
  const dir = tempProject({
    'a.js': 'eval(x); // noqa: SEC001\neval(y);\nconsole.log(1); // nosec\nimport z from "zlib-nope";\n',
    'b.py': 'eval(x)  # noqa: SEC001\neval(y)\n',
    'broken.ts': 'let x = ;\neval(q);\n',
    'latin1.js': Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]).toString('latin1'),
  });
  fs.writeFileSync(path.join(dir, 'latin1.js'), Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]));
  const job = (f: string) => ({ abs: path.join(dir, f), display: f });
  const opts = options(dir);

  test('a JS file goes to the JS dispatcher: // noqa works, each finding says its language, facts are keyed js:CODE', () => {
    const o = checkOne(job('a.js'), rules('SEC001', 'LOG001', 'DEP001'), opts, 1e6);
    expect(o.error).toBeUndefined();
    expect(o.result!.findings.map((f) => [f.code, f.line, f.language])).toEqual([['SEC001', 2, 'js'], ['LOG001', 3, 'js']]);
    expect(Object.keys(o.result!.facts)).toEqual(['js:DEP001']);
    expect(o.hash).toMatch(/^[0-9a-f]+$/);
  });
  test('a Python file is as before, with language python', () => {
    const o = checkOne(job('b.py'), rules('SEC001'), opts, 1e6);
    expect(o.result!.findings.map((f) => [f.code, f.line, f.language])).toEqual([['SEC001', 2, 'python']]);
  });
  test("a JS syntax error is the file's error (no python3 step); findings off its lines are kept", () => {
    const o = checkOne(job('broken.ts'), rules('SEC001'), opts, 1e6);
    expect(o.result!.syntaxError).toBeUndefined();
    expect(o.result!.errors).toEqual([{ path: 'broken.ts', message: expect.stringMatching(/^syntax error at line 1, column 9: Expression expected/) }]);
    expect(o.result!.findings.map((f) => f.line)).toEqual([2]);
  });
  test('a JS file that is not UTF-8 is one error, like an undecodable Python file', () => {
    expect(checkOne(job('latin1.js'), rules('SEC001'), opts, 1e6).error).toBe('cannot decode: not valid UTF-8; skipped');
    expect(checkOne(job('a.js'), rules('SEC001'), opts, 10).error).toMatch(/over max-file-size/);
  });
});

describe('runProjectRules: the JS sides over the JS/TS files', () => {
  test('over the sample project: the JS/TS files only, their js: facts, findings with language js', () => {
    const root = path.join(__dirname, '../../../fixtures/sample-project');
    const files = discoverFiles([root], { projectRoot: root }).files;
    const facts = new Map<string, Record<string, unknown>>();
    const absOf = new Map<string, string>();
    const deps = rules('DEP001', 'DEP002');
    for (const abs of files) {
      const display = path.relative(process.cwd(), abs).split(path.sep).join('/');
      absOf.set(display, abs);
      const o = checkOne({ abs, display }, deps, options(root), 1e6);
      if (o.result) facts.set(display, o.result.facts);
    }
    const r = runProjectRules({ rules: deps, facts, absOf: (p) => absOf.get(p)!, root, options: options(root) });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [path.relative(root, path.resolve(f.path)), f.line, f.code, f.language])).toEqual([['ui/package.json', 11, 'DEP002', 'js']]);
  });
});

test('scan --add-noqa never writes a Python comment into a JS/TS file', async () => {
  const dir = tempProject({ 'a.js': 'eval(x);\n' });
  const display = path.relative(process.cwd(), path.join(dir, 'a.js')).split(path.sep).join('/');
  const o = checkOne({ abs: path.join(dir, 'a.js'), display }, rules('SEC001'), options(dir), 1e6);
  const r = await addNoqa(o.result!.findings, { scanned: new Set([display]), maxFileSize: 1e6 });
  expect(r.added).toBe(0);
  expect(r.skipped.map((s) => s.reason)).toEqual(['a JS/TS file: --add-noqa writes Python comments only; add // noqa: CODE by hand']);
  expect(fs.readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe('eval(x);\n');
});

describe('fixSource on JS/TS', () => {
  const policy = { unsafe: true };
  test('applies the fixes to a fixed point and a second run has nothing to do', () => {
    const text = 'export function a() {\n  doIt();\n}\nexport async function b() {\n  await doIt();\n}\n';
    const r = fixSource('m.ts', '/tmp/m.ts', text, rules('TYP004'), options('/tmp'), policy);
    expect(r.text).toBe('export function a(): void {\n  doIt();\n}\nexport async function b(): Promise<void> {\n  await doIt();\n}\n');
    expect(r.applied.map((a) => [a.code, a.safety, a.line])).toEqual([['TYP004', 'safe', 1], ['TYP004', 'safe', 4]]);
    expect(r.converged).toBe(true);
    expect(fixSource('m.ts', '/tmp/m.ts', r.text, rules('TYP004'), options('/tmp'), policy).changed).toBe(false);
  });
  test('unsafe fixes only when asked', () => {
    const text = "import { exec } from 'node:child_process';\nexec('git status');\n";
    expect(fixSource('m.mjs', '/tmp/m.mjs', text, rules('SEC004'), options('/tmp'), { unsafe: false })).toMatchObject({ changed: false, unsafeSkipped: 1 });
    expect(fixSource('m.mjs', '/tmp/m.mjs', text, rules('SEC004'), options('/tmp'), policy).text).toContain('execFile("git", ["status"])');
  });
  test('a fix whose result would add syntax errors is rejected with its reason; the file is left as it was', () => {
    const bad = { ...rules('SEC001')[0], js: { create: (ctx: any) => ({ CallExpression: (n: any) => ctx.report({ node: n, message: 'x', fix: { safety: 'safe', description: 'break it', edits: [{ start: n.getStart(), end: n.getStart(), text: '(((' }] } }) }) } };
    const r = fixSource('m.js', '/tmp/m.js', 'f();\n', [bad], options('/tmp'), policy);
    expect(r.changed).toBe(false);
    expect(r.rejected).toEqual(['SEC001 at line 1: the result would have new syntax errors']);
  });
});
