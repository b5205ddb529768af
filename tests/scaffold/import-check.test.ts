import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';
import { SYSTEM_PYTHON, VENV_PYTHON } from '../helpers/python';
import './helpers'; // the scaffolded projects' interpreter: the test venv

/**
 * Issue 23.2: what `scaffold` and `instrument` write is imported in the
 * project with the project's interpreter; when it does not import, every file
 * is put back and the exit code is 1. Real projects, the built CLI.
 */

/** Every file under `dir` with its bytes and mode, to compare before/after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.name === '.venv') continue; // the interpreter, not the project's files
      if (e.isDirectory()) {
        out[`${path.relative(dir, abs)}/`] = 'dir';
        walk(abs);
      } else out[path.relative(dir, abs)] = `${(fs.statSync(abs).mode & 0o7777).toString(8)} ${fs.readFileSync(abs).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}

const RFSN_LIKE = {
  'pyproject.toml': '[project]\nname = "rfsn_controller"\n',
  'rfsn_controller/__init__.py': 'from .verifier import run_tests\n',
  'rfsn_controller/metrics.py': '"""The project\'s own metrics: not the scaffold\'s."""\nCOUNTS = {}\n\n\ndef bump(name):\n    COUNTS[name] = COUNTS.get(name, 0) + 1\n',
  'rfsn_controller/verifier.py': 'from .metrics import bump\n\n\ndef run_tests():\n    bump("run")\n    return 0\n',
  'rfsn_controller/controller.py': 'from .verifier import run_tests\n',
};

describe('generated code is checked in the project like a fix', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const project = (files: Record<string, string>): string => {
    const d = tempProject(files);
    dirs.push(d);
    return d;
  };

  it('(a) instrument --metrics refuses a metrics.py of the project that lacks METRICS, NAMESPACE, timed: exit 1, nothing written', () => {
    const dir = project(RFSN_LIKE);
    fs.chmodSync(path.join(dir, 'rfsn_controller/verifier.py'), 0o640);
    const before = snapshot(dir);
    const r = cli(['instrument', 'rfsn_controller.verifier:run_tests', '--metrics', '--root', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/metrics\.py does not define METRICS, NAMESPACE, timed/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('(b) a pool scaffold into a package whose __init__.py imports a name db_pool.py lacks: exit 1, every file put back', () => {
    const dir = project({ 'shop/__init__.py': 'from .db_pool import make_pool  # the name this project expects\n', 'shop/models.py': 'X = 1\n' });
    const before = snapshot(dir);
    const r = cli(['scaffold', 'pool', '--out', dir], { env: { VIRTUAL_ENV: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^shop\.db_pool \(.*db_pool\.py\): ImportError: cannot import name 'make_pool'/m);
    expect(r.stderr).toMatch(/^shop \(.*__init__\.py\): ImportError: cannot import name 'make_pool'/m);
    // the created tests/ folder and its file are gone too
    expect(snapshot(dir)).toEqual(before);
  });

  it('(b) instrument on a module that raises at import only once it is wrapped: exit 1, the module and instrumentation.py put back', () => {
    const dir = project({ 'app/__init__.py': '', 'app/jobs.py': 'import os\n\n\ndef work():\n    return 1\n\n\nif hasattr(work, "__wrapped__"):\n    raise RuntimeError("wrapped at import")\n' });
    expect(cli(['scaffold', 'metrics', '--out', dir]).code).toBe(0);
    // the project's interpreter has prometheus_client, so the import really runs
    fs.symlinkSync(path.dirname(path.dirname(VENV_PYTHON)), path.join(dir, '.venv'));
    const before = snapshot(dir);
    const r = cli(['instrument', 'app.jobs:work', '--metrics', '--root', dir]);
    expect(r.stderr).toMatch(/^app\.jobs \(.*jobs\.py\): RuntimeError: wrapped at import/m);
    expect(r.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it("(c) the import runs with the project's .venv: a generated module needing a package missing there does not import, so nothing is written (exit 1, what to install)", () => {
    // RFSN: scaffold async-cache exited 0 and left async_cache.py, which cannot import without aiosqlite
    const dir = project({ 'pk/__init__.py': '' });
    const venv = spawnSync(SYSTEM_PYTHON, ['-m', 'venv', '--without-pip', path.join(dir, '.venv')], { timeout: 120_000 });
    expect(venv.status).toBe(0);
    const py = path.join(dir, '.venv', 'bin', 'python');
    const before = snapshot(dir);
    const r = cli(['scaffold', 'metrics', '--out', dir], { env: { VIRTUAL_ENV: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`does not import in this project with ${py}; nothing written`);
    expect(r.stderr).toMatch(/^pk\.metrics \(.*metrics\.py\): needs 'prometheus_client', which is not installed there: install the package/m);
    expect(snapshot(dir)).toEqual(before);
    // with the package installed (the test venv as the project's), the same scaffold is written
    fs.rmSync(path.join(dir, '.venv'), { recursive: true });
    expect(cli(['scaffold', 'metrics', '--out', dir], { env: { VIRTUAL_ENV: path.dirname(path.dirname(VENV_PYTHON)) } }).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'pk', 'metrics.py'))).toBe(true);
  });

  it('(d) the generated tests run with pytest, bind 127.0.0.1 port 0 and leave the package folder unchanged', () => {
    const dir = project({ 'pk/__init__.py': '' });
    for (const kind of ['metrics-server', 'pool', 'async-cache']) expect(cli(['scaffold', kind, '--out', dir]).code).toBe(0);
    const generated = fs.readdirSync(path.join(dir, 'tests')).map((f) => fs.readFileSync(path.join(dir, 'tests', f), 'utf8')).join('\n');
    expect(generated).not.toMatch(/0\.0\.0\.0|\b9090\b|serve_forever|free_port|llm_cache\.db/);
    const pkgBefore = snapshot(path.join(dir, 'pk'));
    const run = spawnSync(VENV_PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 170_000,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.stdout).toMatch(/\d+ passed/);
    expect(run.status).toBe(0);
    expect(snapshot(path.join(dir, 'pk'))).toEqual(pkgBefore);
  });
});
