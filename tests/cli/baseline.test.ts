import fs from 'node:fs';
import path from 'node:path';
import { applyBaseline, createBaseline, fingerprints, normaliseLine, pruneBaseline, SourceCache } from '../../src/ci/baseline';
import type { Finding } from '../../src/core/finding';
import { cli } from '../helpers/cli';
import { CI_PROJECT, copyProject, tempDir } from '../report/_support';

const json = (stdout: string) => JSON.parse(stdout);
const edit = (dir: string, file: string, fn: (s: string) => string): void => {
  const p = path.join(dir, file);
  fs.writeFileSync(p, fn(fs.readFileSync(p, 'utf8')));
};
const scanJson = (dir: string) => cli(['scan', '--baseline', '.rfsn-baseline.json', '--format', 'json'], { cwd: dir });

describe('baseline create / scan --baseline / baseline prune', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyProject(CI_PROJECT);
    const r = cli(['baseline', 'create'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Wrote .rfsn-baseline.json: 12 findings in 3 files.\n');
  });

  test('the baseline records, per file and code, a count and one fingerprint per finding, never the source text', () => {
    const b = JSON.parse(fs.readFileSync(path.join(dir, '.rfsn-baseline.json'), 'utf8'));
    expect(b.version).toBe(1);
    expect(b.paths).toEqual(['.']);
    expect(Object.keys(b.files)).toEqual(['app/runner.py', 'app/strings.py', 'app/typed.py']);
    expect(b.files['app/strings.py'].SEC001.count).toBe(3);
    expect(b.files['app/strings.py'].SEC001.fingerprints).toHaveLength(3);
    expect(b.files['app/typed.py']).toEqual({ TYP001: { count: 3, fingerprints: expect.any(Array) }, TYP002: { count: 1, fingerprints: expect.any(Array) } });
    expect(JSON.stringify(b)).not.toContain('eval');
  });

  test('everything known is hidden, with a count; exit 0', () => {
    const r = cli(['scan', '--baseline', '.rfsn-baseline.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No findings; 5 files checked.');
    expect(r.stdout).toContain('12 findings hidden by baseline (.rfsn-baseline.json).');
    const out = json(scanJson(dir).stdout);
    expect(out.findings).toEqual([]);
    expect(out.summary.baseline).toEqual({ file: '.rfsn-baseline.json', hidden: 12, stale: [] });
  });

  test('moving lines up and down keeps findings matched', () => {
    // new lines on top, and the two functions of runner.py swapped
    edit(dir, 'app/runner.py', (s) => {
      const [head, listDir, remove, compute] = s.split(/\n\n\n/);
      return `# moved around\n\n${[head, compute, remove, listDir].join('\n\n\n')}`;
    });
    edit(dir, 'app/strings.py', (s) => s.replace('import os\n', 'import os\n\n\n# padding\n'));
    const r = scanJson(dir);
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary.baseline).toEqual({ file: '.rfsn-baseline.json', hidden: 12, stale: [] });
  });

  test('editing a finding\'s line makes it new and its old entry stale; a new finding is new; a fixed one is stale; prune drops the stale ones', () => {
    edit(dir, 'app/runner.py', (s) => s.replace('return eval(expr)', 'return eval(expr.strip())'));
    edit(dir, 'app/runner.py', (s) => `${s}\n\ndef again(code):\n    """Evaluate once more."""\n    return eval(code)\n`);
    edit(dir, 'app/strings.py', (s) => s.replace('os.system("true")  # keep: runs nothing\n', ''));
    const r = scanJson(dir);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.findings.map((f: Finding) => `${f.code} ${f.path}:${f.line}`)).toEqual(['SEC001 app/runner.py:18', 'SEC001 app/runner.py:23']);
    expect(out.summary.baseline).toEqual({
      file: '.rfsn-baseline.json',
      hidden: 10,
      stale: [
        { path: 'app/runner.py', code: 'SEC001', count: 1 },
        { path: 'app/strings.py', code: 'SEC004', count: 1 },
      ],
    });
    // with JSON on stdout the notes are in summary.baseline (above), stderr carries errors only; the text report says them
    expect(r.stderr).toBe('');
    const text = cli(['scan', '--baseline', '.rfsn-baseline.json'], { cwd: dir }).stdout;
    expect(text).toContain('10 findings hidden by baseline (.rfsn-baseline.json).');
    expect(text).toContain("2 stale baseline entries (fixed or changed since the baseline was made; 'rfsn-upgrade baseline prune' removes them):\n  app/runner.py SEC001\n  app/strings.py SEC004\n");

    const p = cli(['baseline', 'prune'], { cwd: dir });
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('Removed 2 stale entries from .rfsn-baseline.json.');
    const b = JSON.parse(fs.readFileSync(path.join(dir, '.rfsn-baseline.json'), 'utf8'));
    expect(b.files['app/runner.py'].SEC001).toBeUndefined();
    expect(b.files['app/strings.py'].SEC004.count).toBe(1);
    const after = json(scanJson(dir).stdout);
    expect(after.summary.baseline).toEqual({ file: '.rfsn-baseline.json', hidden: 10, stale: [] });
    expect(after.findings).toHaveLength(2); // prune never adds
  });

  test('a deleted file makes its entries stale; entries of files or rules not in this run are not', () => {
    fs.unlinkSync(path.join(dir, 'app/typed.py'));
    const r = json(scanJson(dir).stdout);
    expect(r.summary.baseline.stale).toEqual([
      { path: 'app/typed.py', code: 'TYP001', count: 3 },
      { path: 'app/typed.py', code: 'TYP002', count: 1 },
    ]);
    const partial = json(cli(['scan', 'app/runner.py', '--select', 'SEC001', '--baseline', '.rfsn-baseline.json', '--format', 'json'], { cwd: dir }).stdout);
    expect(partial.summary.baseline.stale).toEqual([
      { path: 'app/typed.py', code: 'TYP001', count: 3 },
      { path: 'app/typed.py', code: 'TYP002', count: 1 },
    ]);
    expect(partial.summary.baseline.hidden).toBe(1);
  });

  test('a missing or malformed baseline is a usage error (exit 2)', () => {
    expect(cli(['scan', '--baseline', 'nope.json'], { cwd: dir }).stderr).toMatch(/baseline file not found: nope.json/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"version": 1, "files": {"a.py": {"SEC001": {"count": "x"}}}}');
    const r = cli(['scan', '--baseline', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad.json: not a baseline: files.a.py.SEC001.count/);
  });

  test('a baseline elsewhere records paths relative to itself, so a run from another folder still matches', () => {
    const r = cli(['baseline', 'create', 'app', '--output', 'ci/base.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const b = JSON.parse(fs.readFileSync(path.join(dir, 'ci/base.json'), 'utf8'));
    expect(b.paths).toEqual(['../app']);
    expect(Object.keys(b.files)[0]).toBe('../app/runner.py');
    const fromApp = cli(['scan', '.', '--baseline', '../ci/base.json', '--config', '../pyproject.toml', '--format', 'json'], { cwd: path.join(dir, 'app') });
    expect(json(fromApp.stdout).summary.baseline.hidden).toBe(12);
    expect(cli(['baseline', 'prune', '--baseline', 'ci/base.json'], { cwd: dir }).stdout).toContain('Nothing to prune in ci/base.json.');
  });
});

test('module-level findings (project rules, a missing module docstring) keep matching when a line is added at the top of the file', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "p"\nversion = "1"\n');
  fs.mkdirSync(path.join(dir, 'p'));
  fs.writeFileSync(path.join(dir, 'p/__init__.py'), '"""P."""\n');
  fs.writeFileSync(path.join(dir, 'p/core.py'), 'def f():\n    return 1\n');
  fs.writeFileSync(path.join(dir, 'p/unused.py'), 'X = 1\n');
  const sel = ['--select', 'TST001,INT001,DOC001'];
  expect(cli(['baseline', 'create', ...sel], { cwd: dir }).code).toBe(0);
  const before = json(cli(['scan', ...sel, '--baseline', '.rfsn-baseline.json', '--format', 'json'], { cwd: dir }).stdout);
  expect(before.findings).toEqual([]);
  expect(before.summary.baseline.hidden).toBeGreaterThanOrEqual(3);
  for (const f of ['p/core.py', 'p/unused.py']) edit(dir, f, (s) => `import os\n${s}`);
  const after = json(cli(['scan', ...sel, '--baseline', '.rfsn-baseline.json', '--format', 'json'], { cwd: dir }).stdout);
  expect(after.findings).toEqual([]);
  expect(after.summary.baseline.stale).toEqual([]);
  expect(after.summary.baseline.hidden).toBe(before.summary.baseline.hidden);
});

describe('fingerprints', () => {
  const f = (line: number, code = 'SEC001'): Finding => ({ code, upgrade: 'U02', severity: 'high', message: '', path: 'm.py', line, column: 1, endLine: line, endColumn: 2, fix: null });

  test('whitespace is normalised; identical lines differ by occurrence; counts without fingerprints match up to the count', () => {
    expect(normaliseLine('  x =\teval( a )  ')).toBe('x = eval( a )');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'm.py'), 'eval(a)\n    eval(a)\neval(b)\n');
    const before = process.cwd();
    process.chdir(dir);
    try {
      const cache = new SourceCache();
      const fps = fingerprints([f(1), f(2), f(3)], (x) => x.path, cache);
      expect(new Set(fps).size).toBe(3);
      // re-indenting line 2 is not an edit
      fs.writeFileSync('m.py', 'eval(a)\neval(a)\neval(b)\n');
      expect(fingerprints([f(1), f(2), f(3)], (x) => x.path, new SourceCache())).toEqual(fps);

      const b = createBaseline([f(1), f(2), f(3)], 'base.json', ['.'], new SourceCache());
      const one = applyBaseline([f(1), f(3)], b, 'base.json', { scanned: () => true, ran: () => true }, new SourceCache());
      expect(one.kept).toEqual([]);
      expect(one.stale).toEqual([{ path: 'm.py', code: 'SEC001', count: 1, fingerprints: [expect.any(String)] }]);
      expect(pruneBaseline(b, one.stale).files['m.py'].SEC001.count).toBe(2);

      const loose = { version: 1 as const, files: { 'm.py': { SEC001: { count: 2 } } } };
      const l = applyBaseline([f(1), f(2), f(3)], loose, 'base.json', { scanned: () => true, ran: () => true }, new SourceCache());
      expect(l.kept).toHaveLength(1);
      expect(l.hidden).toBe(2);
    } finally {
      process.chdir(before);
    }
  });
});
