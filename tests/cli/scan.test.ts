import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';

const json = (stdout: string) => JSON.parse(stdout);

describe('rfsn-upgrade scan', () => {
  test('the JSON output is exactly the documented contract', () => {
    const dir = tempProject({ 'app/run.py': 'import subprocess\n\ndef go(cmd):\n    return subprocess.run(cmd, shell=True)\n' });
    const r = cli(['scan', 'app', '--format', 'json', '--select', 'SEC'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual(['version', 'tool', 'summary', 'findings', 'errors']);
    expect(out.tool.name).toBe('rfsn-upgrade');
    expect(out.summary).toMatchObject({ files: 1, findings: 1, bySeverity: { high: 1, medium: 0, low: 0, info: 0 }, byCode: { SEC003: 1 }, byUpgrade: { U02: 1 } });
    expect(out.findings[0]).toEqual({
      code: 'SEC003',
      upgrade: 'U02',
      severity: 'high',
      message: expect.stringContaining('shell=True'),
      path: 'app/run.py',
      line: 4,
      column: 12,
      endLine: 4,
      endColumn: 43, // exclusive, as in SARIF
      fix: out.findings[0].fix,
      language: 'python',
    });
    expect(out.errors).toEqual([]);
  });

  test('a file with a syntax error still yields findings outside the broken region, and one error naming it', () => {
    const dir = tempProject({
      'broken.py': 'import os\nos.system("ls")\n\ndef f(:\n    pass\n\neval(data)\n',
    });
    const r = cli(['scan', '.', '--format', 'json', '--select', 'SEC'], { cwd: dir });
    expect(r.code).toBe(1); // an input that could not be checked: exit 1 (2 is for usage, config and internal errors)
    const out = json(r.stdout);
    expect(out.findings.map((f: { code: string; line: number }) => [f.code, f.line])).toEqual([
      ['SEC004', 2],
      ['SEC001', 7],
    ]);
    expect(out.errors).toEqual([{ path: 'broken.py', message: expect.stringMatching(/^syntax error at line 4, column \d+: invalid syntax; findings inside/) }]);
  });

  test("python3's confirmation of a syntax error is not fooled by the project's own json.py", () => {
    const dir = tempProject({
      'json.py': 'raise SystemExit("shadowed")\n',
      'broken.py': 'def f(:\n    pass\n',
    });
    const out = json(cli(['scan', '.', '--format', 'json', '--select', 'SEC'], { cwd: dir }).stdout);
    expect(out.errors).toEqual([{ path: 'broken.py', message: expect.stringMatching(/^syntax error at line 1, column \d+: invalid syntax;/) }]);
  });

  test('binary, oversized and undecodable files each give one error and the run goes on', () => {
    const dir = tempProject({
      'pyproject.toml': '[tool.rfsn-upgrade]\nmax-file-size = "1kB"\n',
      'a_binary.py': Buffer.from([0x00, 0x01, 0x02, 0x78]),
      'b_big.py': `x = 1\n${'# padding\n'.repeat(200)}`,
      'c_latin.py': Buffer.concat([Buffer.from('s = "'), Buffer.from([0xe9]), Buffer.from('"\n')]),
      'd_good.py': 'import os\nos.popen("ls")\n',
    });
    const r = cli(['scan', '.', '--format', 'json', '--select', 'SEC'], { cwd: dir });
    expect(r.code).toBe(1); // an input that could not be checked: exit 1 (2 is for usage, config and internal errors)
    const out = json(r.stdout);
    expect(out.errors).toEqual([
      { path: 'a_binary.py', message: 'binary file (contains NUL bytes); skipped' },
      { path: 'b_big.py', message: 'file is 2.0 kB, over max-file-size (1.0 kB); skipped' },
      { path: 'c_latin.py', message: expect.stringMatching(/^cannot decode: not valid UTF-8 \(byte 0xe9 at offset 5\)/) },
    ]);
    expect(out.findings.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual(['d_good.py:SEC004']);
    expect(out.summary.files).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
  });

  test('a FIFO named on the command line is one error, not a hang (an unreadable path likewise; root reads everything, so that case is not provoked here)', () => {
    const dir = tempProject({ 'ok.py': 'eval(x)\n' });
    spawnSync('mkfifo', [path.join(dir, 'pipe.py')]);
    const r = cli(['scan', 'pipe.py', 'ok.py', '--format', 'json', '--select', 'SEC'], { cwd: dir });
    expect(r.code).toBe(1); // an input that could not be checked: exit 1 (2 is for usage, config and internal errors)
    const out = json(r.stdout);
    expect(out.errors).toEqual([{ path: 'pipe.py', message: 'not a regular file; skipped' }]);
    expect(out.findings.map((f: { path: string }) => f.path)).toEqual(['ok.py']);
  });

  test('a path that does not exist exits 2 with one line', () => {
    const r = cli(['scan', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rfsn-upgrade: path does not exist: no/such/dir\n');
  });

  test('bad options exit 2 with one line', () => {
    for (const args of [['--fail-on', 'severe'], ['--target-version', 'py27'], ['--select', 'NOPE'], ['--jobs', 'zero'], ['--format', 'xml'], ['--frobnicate']]) {
      const r = cli(['scan', 'fixtures/sample-project', ...args]);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  test('bad config: an unknown key or a bad value is one line and exit 2', () => {
    const unknown = tempProject({ 'pyproject.toml': '[tool.rfsn-upgrade]\nselct = ["SEC"]\n', 'a.py': 'x = 1\n' });
    let r = cli(['scan', '.'], { cwd: unknown });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rfsn-upgrade: pyproject.toml: \[tool.rfsn-upgrade\] unknown key 'selct'/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const bad = tempProject({ 'pyproject.toml': '[tool.rfsn-upgrade]\nfail-on = "sometimes"\n', 'a.py': 'x = 1\n' });
    r = cli(['scan', '.'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'fail-on' must be one of high, medium, low, never, not "sometimes"/);
  });

  test('a pyproject.toml without our table is passed over', () => {
    const dir = tempProject({
      'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.10"\n[tool.rfsn-upgrade]\nignore = ["SEC001"]\n',
      'sub/pyproject.toml': '[tool.black]\nline-length = 100\n',
      'sub/a.py': 'eval(x)\nexec(y)\n',
    });
    const r = cli(['scan', 'sub', '--format', 'json', '--select', 'SEC', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['SEC002']);
  });

  test('--fail-on decides exit 1, config fail-on too', () => {
    const dir = tempProject({ 'a.py': 'import random\nrandom.random()\n' });
    expect(cli(['scan', '.', '--select', 'SEC'], { cwd: dir }).code).toBe(0); // low < high
    expect(cli(['scan', '.', '--select', 'SEC', '--fail-on', 'low'], { cwd: dir }).code).toBe(1);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.rfsn-upgrade]\nfail-on = "low"\n');
    expect(cli(['scan', '.', '--select', 'SEC'], { cwd: dir }).code).toBe(1);
    expect(cli(['scan', '.', '--select', 'SEC', '--fail-on', 'never'], { cwd: dir }).code).toBe(0);
  });

  test('noqa and nosec comments suppress by code; per-file-ignores by glob', () => {
    const dir = tempProject({
      'pyproject.toml': '[tool.rfsn-upgrade]\nper-file-ignores = { "scripts/*.py" = ["SEC004"] }\n',
      'a.py': 'import os\nos.system("a")  # noqa: SEC004\nos.system("b")  # noqa: SEC001\nos.system("c")  # nosec B605\nos.system("d")  # noqa: bogus\n',
      'scripts/s.py': 'import os\nos.system("e")\n',
    });
    const r = cli(['scan', '.', '--format', 'json', '--select', 'SEC'], { cwd: dir });
    const out = json(r.stdout);
    expect(out.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual(['a.py:3', 'a.py:5']);
    // JSON on stdout: stderr carries errors only (the consumer reads the report)
    expect(r.stderr).toBe('');
    const text = cli(['scan', '.', '--select', 'SEC'], { cwd: dir });
    expect(text.stderr).toMatch(/a.py:5: '# noqa:' names no rule code; nothing suppressed/);
  });

  test('the JSON summary gives tested/total modules (TST001) and docstring coverage (DOC)', () => {
    const dir = tempProject({
      'pyproject.toml': '[project]\nname = "pkg"\nversion = "1"\n',
      'pkg/__init__.py': '"""The package."""\n',
      'pkg/a.py': '"""A."""\n\ndef f():\n    """F."""\n    return 1\n',
      'pkg/b.py': 'def g():\n    return 2\n',
      'tests/test_a.py': '"""Tests of a."""\nfrom pkg.a import f\n\ndef test_f():\n    """f gives 1."""\n    assert f() == 1\n',
    });
    const out = json(cli(['scan', '.', '--format', 'json', '--select', 'TST001,DOC', '--fail-on', 'never'], { cwd: dir }).stdout);
    expect(out.summary.testCoverage).toEqual({ tested: 1, total: 2, percent: 50 });
    expect(out.summary.docstringCoverage).toMatchObject({ documented: 5, total: 7 }); // 4 modules, 3 functions; b.py and g() lack one
    expect(out.findings.filter((f: { code: string }) => f.code === 'TST001').map((f: { path: string }) => f.path)).toEqual(['pkg/b.py']);
  });

  test('noqa also silences a project-level finding on its line', () => {
    const files = {
      'pyproject.toml': '[project]\nname = "app"\nversion = "1"\n[project.scripts]\napp = "app.cli:main"\n',
      'app/__init__.py': '',
      'app/cli.py': 'import argparse\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    return parser.parse_args()\n',
    };
    const dir = tempProject(files);
    const before = json(cli(['scan', '.', '--format', 'json', '--select', 'CLI001'], { cwd: dir }).stdout);
    expect(before.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual(['app/cli.py:5']);
    fs.writeFileSync(path.join(dir, 'app/cli.py'), files['app/cli.py'].replace('ArgumentParser()', 'ArgumentParser()  # noqa: CLI001'));
    expect(json(cli(['scan', '.', '--format', 'json', '--select', 'CLI001'], { cwd: dir }).stdout).findings).toEqual([]);
  });

  test('the text report groups by file, shows the source line and ends with counts', () => {
    const r = cli(['scan', 'fixtures/sample-project', '--select', 'SEC', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fixtures\/sample-project\/taskrunner\//m);
    expect(r.stdout).toMatch(/│ .*shell=True/);
    expect(r.stdout).toMatch(/^Found \d+ findings in \d+ files \(\d+ high.*\); \d+ files checked( \(\d+ Python, \d+ JS\/TS\))?\.$/m);
    expect(r.stdout).toMatch(/U02 Fix security issues/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour when not a terminal
  });

  test('worker threads give the same result as one thread', () => {
    // (not all of tests/rules: its DEP001/broken project has a pyproject.toml that is not TOML, a configuration error that stops a run)
    const trees = ['fixtures', 'tests/rules/security', 'tests/rules/typing', 'tests/rules/format', 'tests/rules/logging', 'tests/rules/docs'];
    const one = cli(['scan', ...trees, '--format', 'json', '--jobs', '1', '--fail-on', 'never', '--no-cache']);
    const two = cli(['scan', ...trees, '--format', 'json', '--jobs', '2', '--fail-on', 'never', '--no-cache']);
    expect(json(one.stdout).summary.files).toBeGreaterThan(32);
    expect(json(two.stdout)).toEqual(json(one.stdout));
    // a worker that stops answering is taken over by the main thread: same result, a warning, no hang
    const stalled = cli(['scan', ...trees, '--format', 'json', '--jobs', '2', '--fail-on', 'never', '--no-cache'], { env: { RFSN_WORKER_STALL_MS: '1' } });
    expect(stalled.stderr).toMatch(/warning: a worker thread gave no answer/);
    expect(json(stalled.stdout)).toEqual(json(one.stdout));
  });

  test('rules lists every rule and explains one', () => {
    const list = cli(['rules']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^SEC003\s+U02\s+high/m);
    const one = cli(['rules', 'sec003']);
    expect(one.stdout).toMatch(/^# SEC003 subprocess-shell-true/);
    expect(one.stdout).toMatch(/## Why is this bad\?/);
    expect(cli(['rules', 'XYZ999']).code).toBe(2);
  });
});
