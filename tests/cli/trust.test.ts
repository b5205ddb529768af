import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, cli, tempProject } from '../helpers/cli';

/** Issue 10 (exit codes, messages, EPIPE, escapes) and issue 11 (what the report says) on real runs of the CLI. */

const json = (s: string) => JSON.parse(s);

describe('a report a user can trust', () => {
  test('scanned from the folder above, a project gives the same status as from inside (project rules run per project root)', () => {
    const outer = tempProject({});
    const proj = path.join(outer, 'proj');
    fs.cpSync(path.join(ROOT, 'fixtures/sample-project'), proj, { recursive: true, filter: (p) => !p.includes('.rfsn-upgrade-cache') });
    const inside = json(cli(['status', '--format', 'json'], { cwd: proj }).stdout);
    const above = json(cli(['status', '--format', 'json'], { cwd: outer }).stdout);
    const states = (s: { upgrades: Array<{ id: string; state: string; findings: number }> }) => s.upgrades.map((u) => `${u.id}:${u.state}:${u.findings}`);
    expect(states(above)).toEqual(states(inside));
    const scan = json(cli(['scan', '--format', 'json', '--select', 'TST001'], { cwd: outer }).stdout);
    expect(scan.summary.testCoverage.total).toBeGreaterThan(0);
  });

  test('a folder with no Python files warns that nothing was found', () => {
    const dir = tempProject({ 'README.md': '# nothing here\n' });
    const r = cli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: no Python or JS\/TS files found in \.$/m);
    expect(r.stdout).toMatch(/No Python or JS\/TS files found to check\./);
  });

  test('file counts are honest when a finding is in pyproject.toml, and the fix count says fix may make more', () => {
    const dir = tempProject({
      'pyproject.toml': '[project]\nname = "p"\nversion = "1"\ndependencies = ["requests"]\n',
      'p/__init__.py': 'from typing import List\nx: List[int] = []\n',
    });
    const r = cli(['scan', '.', '--select', 'DEP,TYP', '--fail-on', 'never'], { cwd: dir });
    expect(r.stdout).toMatch(/^Found \d+ findings in 2 files \(.*\); 1 file checked\.$/m);
    expect(r.stdout).not.toMatch(/in 2 of 1 files/);
    expect(r.stdout).toMatch(/fixable now with `rfsn-upgrade fix`; fix runs to a fixed point and may make more\./);
  });

  test('--min-severity lists what reaches it, highest first within a file, and counts what it left out; --statistics gives one line per code', () => {
    const dir = tempProject({ 'm.py': 'import random\nfrom typing import List\nx: List[int] = []\neval(s)\nrandom.random()\n' });
    // --sort severity: the highest first within a file (the default is line order, as ruff lists them)
    const all = cli(['scan', '.', '--select', 'SEC,TYP', '--sort', 'severity', '--fail-on', 'never'], { cwd: dir }).stdout;
    const codes = [...all.matchAll(/^m\.py:\d+:\d+\s+(\w+)\s+(\w+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(codes[0]).toBe('high:SEC001'); // line 4, before the low findings of lines 1-3
    const min = cli(['scan', '.', '--select', 'SEC,TYP', '--min-severity', 'medium', '--fail-on', 'never'], { cwd: dir }).stdout;
    expect([...min.matchAll(/^m\.py:\d+:\d+\s+(\w+)/gm)].map((m) => m[1])).toEqual(['high']);
    expect(min).toMatch(/^\d+ findings below medium not listed \(--min-severity medium/m);
    const stats = cli(['scan', '.', '--select', 'SEC,TYP', '--statistics', '--fail-on', 'never'], { cwd: dir }).stdout;
    expect(stats).toMatch(/^\s+1 {2}SEC001 +high +1 fixable +builtin-eval$/m);
    expect(stats).toMatch(/^\s+1 {2}TYP001 +low +1 fixable +typing-builtin-generic$/m);
    expect(stats).not.toMatch(/│/);
    expect(cli(['scan', '.', '--min-severity', 'severe'], { cwd: dir }).code).toBe(2);
  });

  test('terminal escapes from the scanned code are shown escaped, never sent raw', () => {
    const dir = tempProject({ 'e.py': 'x = 1  # TODO: \u001b]0;owned\u0007 retitle \u001b[2J\r hide\n' });
    for (const format of ['text', 'markdown', 'github']) {
      const r = cli(['scan', '.', '--select', 'TODO', '--format', format, '--fail-on', 'never'], { cwd: dir });
      expect({ format, raw: /[\u001b\u0007]/.test(r.stdout) }).toEqual({ format, raw: false });
      // Markdown escapes the backslash itself, so the page shows the same `\x1b`
      expect(r.stdout).toMatch(format === 'markdown' ? /\\\\x1b\]0;owned\\\\a/ : /\\x1b\]0;owned\\a/);
    }
  });

  test('--format github also writes the Markdown summary to GITHUB_STEP_SUMMARY, so the whole picture is on the run page', () => {
    const dir = tempProject({ 'a.py': 'eval(x)\n' });
    const summary = path.join(dir, 'summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const r = cli(['scan', '.', '--format', 'github', '--select', 'SEC'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.stdout).toMatch(/^::error file=a\.py,line=1/m);
    const md = fs.readFileSync(summary, 'utf8');
    expect(md).toMatch(/^# earlier step\n## rfsn-upgrade: 1 finding/);
    expect(md).toMatch(/\| high \| SEC001 \| `a\.py:1:1` \|/);
  });

  test('`scan | head -1` exits quietly', () => {
    const r = spawnSync('bash', ['-c', `node ${BIN} scan fixtures/sample-project --no-progress | head -1`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  });
});

describe('configuration errors stop the run before any file is read', () => {
  test('a pyproject.toml that is not TOML: one line, exit 2, no report', () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.rfsn-upgrade\nexclude = ["vendor/"]\n', 'vendor/v.py': 'eval(x)\n' });
    const r = cli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^rfsn-upgrade: pyproject\.toml: not valid TOML: /)]);
    const fix = cli(['fix', '.'], { cwd: dir });
    expect(fix.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'vendor/v.py'), 'utf8')).toBe('eval(x)\n');
  });

  test('[tool] rfsn-upgrade = 5 says the table must be a table; an unknown code in per-file-ignores is refused', () => {
    const five = tempProject({ 'pyproject.toml': '[tool]\nrfsn-upgrade = 5\n', 'a.py': 'x = 1\n' });
    const r = cli(['scan', '.'], { cwd: five });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rfsn-upgrade: pyproject.toml: [tool.rfsn-upgrade] must be a table, not a number\n');
    const pfi = tempProject({ 'pyproject.toml': '[tool.rfsn-upgrade]\nper-file-ignores = { "t/*.py" = ["SEC999"] }\n', 'a.py': 'x = 1\n' });
    const p = cli(['scan', '.'], { cwd: pfi });
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/per-file-ignores "t\/\*\.py": no rule matches 'SEC999'/);
  });
});

describe('inputs CPython rejects, and clearer lines for odd inputs', () => {
  test('files tree-sitter reads but CPython rejects are errors (Python 2, TabError, unexpected indent, 100,000 nested parentheses); the run goes on', () => {
    const dir = tempProject({
      'py2.py': 'print "hello"\n',
      'tabs.py': 'def f(x):\n\tif x:\n        return 1\n',
      'indent.py': 'x = 1\n    y = 2\n',
      'deep.py': `x = ${'('.repeat(100000)}1${')'.repeat(100000)}\n`,
      'ok.py': 'import os\nos.system("ls")\n',
    });
    const r = cli(['scan', '.', '--format', 'json', '--select', 'SEC'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    const errs = Object.fromEntries(out.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(Object.keys(errs).sort()).toEqual(['deep.py', 'indent.py', 'py2.py', 'tabs.py']);
    expect(errs['py2.py']).toMatch(/Missing parentheses in call to 'print'/);
    expect(errs['tabs.py']).toMatch(/inconsistent use of tabs and spaces/);
    expect(errs['indent.py']).toMatch(/unexpected indent/);
    expect(out.findings.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toContain('ok.py:SEC004');
    // --fail-on never: printed, exit 0
    expect(cli(['scan', '.', '--select', 'SEC', '--fail-on', 'never'], { cwd: dir }).code).toBe(0);
  });

  test('a NUL after the first 8 KB is reported where it is; an unreadable requires-python is said; a file name that is not UTF-8 says so', () => {
    const dir = tempProject({
      'pyproject.toml': '[project]\nname = "a"\nversion = "1"\nrequires-python = "banana"\n',
      'nul.py': Buffer.concat([Buffer.from('x = 1\n'.repeat(2000)), Buffer.from('y = "'), Buffer.from([0]), Buffer.from('"\n')]),
    });
    fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from('.py')]), 'eval(x)\n');
    const r = cli(['scan', '.', '--select', 'SEC', '--format', 'json'], { cwd: dir });
    const out = json(r.stdout);
    const msgs = out.errors.map((e: { message: string }) => e.message);
    expect(msgs).toContain('contains a NUL byte at line 2001, column 6 (Python refuses source with NUL bytes); skipped');
    expect(msgs.some((m: string) => /its name is not valid UTF-8/.test(m))).toBe(true);
    expect(msgs.some((m: string) => /vanished/.test(m))).toBe(false);
    const text = cli(['scan', '.', '--select', 'SEC'], { cwd: dir });
    expect(text.stderr).toMatch(/requires-python "banana" is not a version specifier \(PEP 440\); targeting py312/);
  });
});
