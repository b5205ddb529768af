import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { VENV_PYTHON } from '../helpers/python';

/**
 * The project-fix hook (src/fix/project.ts) end to end, through the built
 * binary, on real files: DEP001-DEP003's manifest edits and CLI001's
 * --version on a copy of the sample project, checked with real Python.
 * RFSN_UPGRADE_BIN runs another build (a private dist/ while the shared one is rebuilt).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const BIN = process.env.RFSN_UPGRADE_BIN ?? path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const SAMPLE = path.join(ROOT, 'fixtures', 'sample-project');

function run(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' }, timeout: 180_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function py(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(VENV_PYTHON, args, { cwd, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** path -> sha256 of every file under dir (the tool's cache folder left out) */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.rfsn-upgrade-cache' || e.name === '__pycache__') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function changedFiles(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

const COMMENTED = (text: string): string =>
  text
    .replace('dependencies = [\n', '# what taskrunner needs at run time\ndependencies = [\n')
    .replace('"requests>=2.28",\n', '"requests>=2.28",  # the HTTP client\n')
    .replace('[project.optional-dependencies]\n', '[project.optional-dependencies]  # extras: pip install taskrunner[...]\n');

let dir: string;
let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-projfix-'));
  dir = path.join(tmp, 'sample');
  fs.cpSync(SAMPLE, dir, { recursive: true, filter: (src) => !src.includes('.rfsn-upgrade-cache') && !src.includes('__pycache__') && !src.includes(`${path.sep}ui`) /* the Python manifest is under test; ui/ has its own package.json */ });
  const pp = path.join(dir, 'pyproject.toml');
  fs.writeFileSync(pp, COMMENTED(fs.readFileSync(pp, 'utf8')));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FLAGS = ['fix', '--no-progress', '--unsafe-fixes', '--select', 'DEP,CLI001'];

test('fix --diff shows the pyproject and CLI changes and writes nothing', () => {
  const before = snapshot(dir);
  const r = run(dir, ...FLAGS, '--diff', '.');
  expect(r.code).toBe(1);
  expect(r.out).toContain('--- a/pyproject.toml\n+++ b/pyproject.toml\n');
  expect(r.out).toMatch(/^-    "click>=8\.0",$/m);
  expect(r.out).toMatch(/^\+    "PyYAML(>=[0-9][^"]*)?",$/m);
  expect(r.out).toMatch(/^\+ujson = \["ujson(>=[0-9][^"]*)?"\]$/m);
  expect(r.out).toContain('--- a/taskrunner/cli.py\n+++ b/taskrunner/cli.py\n');
  expect(r.out).toContain('+    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)');
  expect(r.err).toContain('4 fixes would be applied in 2 files.');
  expect(changedFiles(before, snapshot(dir))).toEqual([]);
});

test('fix --unsafe-fixes --select DEP,CLI001: dependencies declared with comments kept, the CLI gains --version, a second run changes nothing, U08 is done', () => {
  const original = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  const before = snapshot(dir);
  expect(run(dir, 'status', '.').out).toMatch(/U08 +Declare missing dependencies +todo +3 findings/);
  const report = path.join(tmp, 'MIGRATION.md');
  const r = run(dir, ...FLAGS, '--report', report, '.');
  expect(r.err).toBe('');
  expect(r.out.split('\n')[0]).toBe('4 fixes in 2 files.');
  expect(changedFiles(before, snapshot(dir))).toEqual(['pyproject.toml', 'taskrunner/cli.py']);

  const text = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  // comments, order and quoting as they were: only the dependency lines differ
  for (const c of ['# what taskrunner needs at run time', '"requests>=2.28",  # the HTTP client', '[project.optional-dependencies]  # extras: pip install taskrunner[...]']) expect(text).toContain(c);
  const doc = parse(text) as { project: { dependencies: string[]; 'optional-dependencies': Record<string, string[]> } };
  const was = parse(original) as typeof doc;
  expect(doc.project.dependencies).toHaveLength(2);
  expect(doc.project.dependencies[0]).toBe('requests>=2.28');
  expect(doc.project.dependencies[1]).toMatch(/^PyYAML(>=[0-9].*)?$/);
  expect(Object.keys(doc.project['optional-dependencies'])).toEqual(['test', 'ujson']);
  expect(doc.project['optional-dependencies'].ujson[0]).toMatch(/^ujson(>=[0-9].*)?$/);
  expect({ ...doc, project: { ...doc.project, dependencies: [], 'optional-dependencies': {} } }).toEqual({ ...was, project: { ...was.project, dependencies: [], 'optional-dependencies': {} } });
  const removed = original.split('\n').filter((l) => !text.split('\n').includes(l));
  expect(removed).toEqual(['    "click>=8.0",']);

  // the program still imports and its CLI answers --version, with the venv's Python
  expect(py(dir, '-c', 'import taskrunner.cli').err).toBe('');
  const v = py(dir, '-m', 'taskrunner', '--version');
  expect(v).toEqual({ code: 0, out: 'taskrunner 0.2.0\n', err: '' });
  expect(py(dir, '-m', 'taskrunner', '--help').out).toContain('--version');

  const guide = fs.readFileSync(report, 'utf8');
  expect(guide).toContain('| U08 Declare missing dependencies | DEP001 | 1 | 1 |');
  expect(guide).toMatch(/- `pyproject\.toml`:\d+ added PyYAML(>=\S+)? to \[project\] dependencies/);
  expect(guide).toContain('- `pyproject.toml`:16 removed click>=8.0 from [project] dependencies (nothing imports it)');
  expect(guide).toMatch(/added ujson(>=\S+)? to the extra 'ujson'/);
  expect(guide.split('**By hand next:** reinstall').length).toBe(2);
  expect(guide).toMatch(/### DEP003[^#]*\*\*By hand next:\*\* reinstall/);
  expect(guide).toContain('**By hand next:** reinstall (`pip install -e .`), review the lower bounds; Poetry: `poetry lock`.');
  expect(guide).toMatch(/### CLI001[^]*- `taskrunner\/cli\.py`:23 added parser\.add_argument\("--version", action="version"\)[^]*\*\*By hand next:\*\* add `--dry-run` and `--output\/--format` yourself\./);

  const after = snapshot(dir);
  const again = run(dir, ...FLAGS, '.');
  expect(again.out.split('\n')[0]).toBe('0 fixes in 0 files.');
  expect(changedFiles(after, snapshot(dir))).toEqual([]);

  const status = run(dir, 'status', '.').out;
  expect(status).toMatch(/U08 +Declare missing dependencies +done +no findings/);
  // --dry-run and --output are still missing: U14 stays to do
  expect(status).toMatch(/U14 +CLI improvements +todo +1 finding/);
});

test('without --unsafe-fixes only the safe manifest edits land, and the unsafe ones are counted', () => {
  const before = snapshot(dir);
  const r = run(dir, 'fix', '--no-progress', '--select', 'DEP,CLI001', '.');
  expect(r.out.split('\n')[0]).toBe('2 fixes in 1 file (2 unsafe fixes not applied: use --unsafe-fixes).');
  expect(changedFiles(before, snapshot(dir))).toEqual(['pyproject.toml']);
  const doc = parse(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')) as { project: { dependencies: string[] } };
  expect(doc.project.dependencies.slice(0, 2)).toEqual(['requests>=2.28', 'click>=8.0']);
  expect(doc.project.dependencies[2]).toMatch(/^PyYAML/);
});

test('DEP001 declares the import a per-file fix of the same run added (NET001: requests -> httpx)', () => {
  const p = path.join(tmp, 'app');
  fs.mkdirSync(path.join(p, 'app'), { recursive: true });
  fs.writeFileSync(path.join(p, 'pyproject.toml'), '[project]\nname = "app"\nversion = "1.0"\nrequires-python = ">=3.10"\ndependencies = [\n    "requests>=2.28",\n]\n');
  fs.writeFileSync(path.join(p, 'app', '__init__.py'), 'import requests\n\n\ndef fetch(url):\n    return requests.get(url, timeout=5).text\n');
  const r = run(p, 'fix', '--no-progress', '--unsafe-fixes', '--select', 'NET001,DEP', '.');
  expect(r.code).toBe(0);
  expect(fs.readFileSync(path.join(p, 'app', '__init__.py'), 'utf8')).toContain('import httpx\n');
  const deps = (parse(fs.readFileSync(path.join(p, 'pyproject.toml'), 'utf8')) as { project: { dependencies: string[] } }).project.dependencies;
  expect(deps).toHaveLength(1);
  expect(deps[0]).toMatch(/^httpx(>=[0-9].*)?$/);
  expect(py(p, '-c', 'import app').err).toBe('');
  expect(run(p, 'fix', '--no-progress', '--unsafe-fixes', '--select', 'NET001,DEP', '.').out.split('\n')[0]).toBe('0 fixes in 0 files.');
});

test('a requirements.txt project gets the line appended; a # noqa on an undeclared import stops the manifest edit', () => {
  const p = path.join(tmp, 'req');
  fs.mkdirSync(path.join(p, 'app'), { recursive: true });
  fs.writeFileSync(path.join(p, 'requirements.txt'), 'requests>=2\n');
  fs.writeFileSync(path.join(p, 'app', '__init__.py'), 'import requests\nimport yaml\n');
  expect(run(p, 'fix', '--no-progress', '--select', 'DEP', '.').out.split('\n')[0]).toBe('1 fix in 1 file.');
  expect(fs.readFileSync(path.join(p, 'requirements.txt'), 'utf8')).toMatch(/^requests>=2\nPyYAML(>=[0-9][^\n]*)?\n$/);

  const q = path.join(tmp, 'noqa');
  fs.mkdirSync(path.join(q, 'app'), { recursive: true });
  const manifest = '[project]\nname = "app"\nversion = "1.0"\ndependencies = []\n';
  fs.writeFileSync(path.join(q, 'pyproject.toml'), manifest);
  fs.writeFileSync(path.join(q, 'app', '__init__.py'), 'import yaml  # noqa: DEP001\nimport toml\n');
  const r = run(q, 'fix', '--no-progress', '--select', 'DEP', '.');
  expect(r.out.split('\n')[0]).toBe('0 fixes in 0 files.');
  expect(r.err).toContain('DEP001 not fixed: some of its findings are switched off (# noqa or per-file-ignores)');
  expect(fs.readFileSync(path.join(q, 'pyproject.toml'), 'utf8')).toBe(manifest);
});

test('a run over part of the project leaves the manifest alone (DEP002 would judge the other files\' imports unused)', () => {
  const before = snapshot(dir);
  const r = run(dir, ...FLAGS, 'taskrunner/loader.py');
  expect(r.err).toContain('.: CLI001, DEP001, DEP002, DEP003 not fixed: a project-level fix needs the whole project; run fix on .');
  expect(changedFiles(before, snapshot(dir))).toEqual([]);
});
