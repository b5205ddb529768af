import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { allRules } from '../../src/rules/registry';
import { BIN, cli, tempProject } from '../helpers/cli';

/** `scan -` / `fix -` with --stdin-filename, through the built CLI with real stdin. */

const PYPROJECT = '[project]\nname = "x"\nrequires-python = ">=3.10"\n\n[tool.rfsn-upgrade]\nper-file-ignores = { "tests/*" = ["LOG001"] }\n';
const TEXT = 'from typing import List\n\n\ndef f(x) -> List[int]:\n    print(eval(x))\n    return []\n';

function codes(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: Array<{ code: string }> }).findings.map((f) => f.code);
}

describe('scan - --stdin-filename', () => {
  test('judges the text on stdin as that path: its findings, its path, its root settings and per-file-ignores; no project rules', () => {
    const dir = tempProject({ 'pyproject.toml': PYPROJECT, 'pkg/m.py': 'x = 1\n', 'sub/pyproject.toml': '[tool.rfsn-upgrade]\nignore = ["SEC"]\n' });
    const r = cli(['scan', '-', '--stdin-filename', 'pkg/m.py', '--format', 'json', '--no-cache'], { cwd: dir, input: TEXT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // SEC001 is high
    const report = JSON.parse(r.stdout) as { summary: { files: number }; findings: Array<{ code: string; path: string; line: number; column: number }> };
    expect(report.summary.files).toBe(1);
    const sec = report.findings.find((f) => f.code === 'SEC001')!;
    expect(sec).toMatchObject({ path: 'pkg/m.py', line: 5, column: 11 });
    expect(codes(r.stdout)).toContain('LOG001');
    const projectCodes = allRules().filter((x) => x.project).map((x) => x.code);
    expect(codes(r.stdout).filter((c) => projectCodes.includes(c))).toEqual([]);
    // per-file-ignores of the root
    expect(codes(cli(['scan', '-', '--stdin-filename', 'tests/t.py', '--format', 'json', '--no-cache'], { cwd: dir, input: TEXT }).stdout)).not.toContain('LOG001');
    // another root's own settings
    const sub = cli(['scan', '-', '--stdin-filename', 'sub/a.py', '--format', 'json', '--no-cache'], { cwd: dir, input: TEXT });
    expect(codes(sub.stdout)).not.toContain('SEC001');
    expect(sub.code).toBe(0);
    // the file on disk is neither read nor written
    expect(fs.readFileSync(path.join(dir, 'pkg/m.py'), 'utf8')).toBe('x = 1\n');
  });

  test('usage errors are one line and exit 2; an undecodable input is an input error (exit 1)', () => {
    const dir = tempProject({ 'pyproject.toml': PYPROJECT });
    for (const args of [['scan', '-'], ['scan', '-', 'a.py', '--stdin-filename', 'a.py'], ['scan', 'a.py', '--stdin-filename', 'a.py'], ['fix', '-']]) {
      const r = cli(args, { cwd: dir, input: TEXT });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^rfsn-upgrade: .*(stdin|-)/);
    }
    const bad = cli(['scan', '-', '--stdin-filename', 'a.py', '--format', 'json'], { cwd: dir, input: Buffer.from([0x78, 0x3d, 0xff, 0x0a]) });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('cannot decode');
  });
});

describe('fix - --stdin-filename', () => {
  test('writes the fixed text to stdout (safe fixes; unsafe ones with --unsafe-fixes), what is left on stderr, exit codes as for files', () => {
    const dir = tempProject({ 'pyproject.toml': PYPROJECT });
    const safe = cli(['fix', '-', '--stdin-filename', 'm.py'], { cwd: dir, input: TEXT });
    expect(safe.stdout).toBe('\n\ndef f(x) -> list[int]:\n    print(eval(x))\n    return []\n');
    expect(safe.code).toBe(1); // SEC001 remains
    expect(safe.stderr).toContain('m.py:4:11: SEC001'); // in the fixed text
    expect(safe.stderr).toContain('unsafe fixes not applied');
    const unsafe = cli(['fix', '-', '--stdin-filename', 'm.py', '--unsafe-fixes', '--fail-on', 'never'], { cwd: dir, input: TEXT });
    expect(unsafe.code).toBe(0);
    expect(unsafe.stdout).toContain('ast.literal_eval(x)');
    expect(unsafe.stdout).not.toContain('print(');
    // nothing to fix: the text comes back as it was
    const clean = cli(['fix', '-', '--stdin-filename', 'm.py', '--select', 'TYP'], { cwd: dir, input: 'x = 1\n' });
    expect(clean).toMatchObject({ code: 0, stdout: 'x = 1\n' });
    expect(fs.existsSync(path.join(dir, 'm.py'))).toBe(false);
  });

  test('the text keeps its encoding: a Latin-1 file comes back in Latin-1', () => {
    const dir = tempProject({ 'pyproject.toml': PYPROJECT });
    const input = Buffer.from('# -*- coding: latin-1 -*-\nfrom typing import List\nx: List[int] = []  # caf\xe9\n', 'latin1');
    const r = spawnSync(process.execPath, [BIN, 'fix', '-', '--stdin-filename', 'm.py', '--select', 'TYP'], { cwd: dir, input, env: { ...process.env, CI: 'true' }, timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.toString('latin1')).toBe('# -*- coding: latin-1 -*-\nx: list[int] = []  # caf\xe9\n');
  });
});

describe('a text judged as a file that config `exclude` leaves out', () => {
  test('scan - and fix - leave it as scan leaves out the file named: no findings, the text back unchanged, one warning, exit 0', () => {
    const dir = tempProject({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.rfsn-upgrade]\nexclude = ["migrations/"]\n', 'migrations/m.py': TEXT });
    // the file on disk, named: left out
    expect(cli(['scan', 'migrations/m.py', '--format', 'json', '--no-cache'], { cwd: dir }).stdout).toContain('"files": 0');
    const scan = cli(['scan', '-', '--stdin-filename', 'migrations/m.py', '--format', 'json', '--no-cache'], { cwd: dir, input: TEXT });
    expect(scan.code).toBe(0);
    expect(codes(scan.stdout)).toEqual([]);
    // a person's format says why (a machine format on stdout keeps stderr for errors)
    const text = cli(['scan', '-', '--stdin-filename', 'migrations/m.py', '--no-cache'], { cwd: dir, input: TEXT });
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('warning: migrations/m.py: excluded by the configuration (exclude); not checked');
    const fix = cli(['fix', '-', '--stdin-filename', 'migrations/m.py'], { cwd: dir, input: TEXT });
    expect(fix.code).toBe(0);
    expect(fix.stdout).toBe(TEXT);
    expect(fix.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual(['warning: migrations/m.py: excluded by the configuration (exclude); not checked']);
    // the same text as another file of the project is judged
    expect(codes(cli(['scan', '-', '--stdin-filename', 'app.py', '--format', 'json', '--no-cache'], { cwd: dir, input: TEXT }).stdout)).toContain('SEC001');
  });
});

test('scan -: reports quote and fingerprint the text on stdin, not the file on disk', () => {
  const dir = tempProject({ 'pyproject.toml': '[project]\nname = "x"\n', 'app.py': 'x = 1\n' });
  const fingerprintsOf = (sarif: string): string[] => (JSON.parse(sarif) as { runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }> }).runs[0].results.map((r) => Object.values(r.partialFingerprints)[0]);
  const fromStdin = fingerprintsOf(cli(['scan', '-', '--stdin-filename', 'app.py', '--format', 'sarif', '--no-cache'], { cwd: dir, input: TEXT }).stdout);
  fs.writeFileSync(path.join(dir, 'app.py'), TEXT);
  const fromDisk = fingerprintsOf(cli(['scan', 'app.py', '--format', 'sarif', '--no-cache', '--no-project-rules'], { cwd: dir }).stdout);
  expect(fromStdin.length).toBeGreaterThan(2);
  expect(fromStdin).toEqual(fromDisk);
});
