import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { CI_PROJECT, copyProject, SAMPLE_PROJECT, validateSarif, xmlProblem } from '../report/_support';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });

describe('scan --format F[:FILE], repeated', () => {
  test('several formats in one run: each FILE written, one to stdout; every SARIF passes the validator and the JUnit parses', () => {
    const dir = copyProject(CI_PROJECT);
    const r = cli(['scan', '--format', 'json:out/r.json', '--format', 'sarif:out/r.sarif', '--format', 'junit:out/r.xml,markdown:out/r.md,gitlab:out/gl.json', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out/r.json'), 'utf8'));
    expect(json.summary.findings).toBe(12);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out/r.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(12);
    expect(xmlProblem(path.join(dir, 'out/r.xml'))).toBe('');
    expect(fs.readFileSync(path.join(dir, 'out/r.md'), 'utf8')).toMatch(/^## rfsn-upgrade: 12 findings/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/gl.json'), 'utf8'))).toHaveLength(12);
    // the SARIF of the sample project too: every rule, project-level findings, fixes
    const sample = copyProject(SAMPLE_PROJECT);
    const s = cli(['scan', '--format', 'sarif:sample.sarif', '--format', 'junit:sample.xml', '--fail-on', 'never'], { cwd: sample });
    expect(s.code).toBe(0);
    expect(xmlProblem(path.join(sample, 'sample.xml'))).toBe('');
    expect(validateSarif([path.join(dir, 'out/r.sarif'), path.join(sample, 'sample.sarif')])).toEqual([]);
  });

  test('--output names the file of the one format without FILE; two formats for stdout, or an unknown one, exit 2', () => {
    const dir = copyProject(CI_PROJECT);
    const r = cli(['scan', '--format', 'sarif', '--format', 'json:r.json', '--output', 'r.sarif', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(fs.existsSync(path.join(dir, 'r.json'))).toBe(true);
    const two = cli(['scan', '--format', 'json', '--format', 'sarif'], { cwd: dir });
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/only one format can go to stdout/);
    expect(cli(['scan', '--format', 'json:a.json', '--output', 'b.json'], { cwd: dir }).code).toBe(2);
    expect(cli(['scan', '--format', 'pdf'], { cwd: dir }).stderr).toMatch(/--format must be one of text, json, sarif, github, markdown, junit, gitlab/);
  });
});

describe('exit codes', () => {
  test('0 below --fail-on, 1 at or above it or when an input could not be checked (0 with --fail-on never), 2 only for usage/config/internal errors', () => {
    const dir = copyProject(CI_PROJECT);
    expect(cli(['scan', 'app/clean.py', '--fail-on', 'low'], { cwd: dir }).code).toBe(0);
    expect(cli(['scan', 'app/typed.py', '--fail-on', 'medium'], { cwd: dir }).code).toBe(0);
    expect(cli(['scan', 'app/typed.py', '--fail-on', 'low'], { cwd: dir }).code).toBe(1);
    expect(cli(['scan', '.'], { cwd: dir }).code).toBe(1);
    expect(cli(['scan', '.', '--fail-on', 'never'], { cwd: dir }).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'app/broken.py'), 'def f(:\n    pass\n');
    const broken = cli(['scan', 'app/broken.py', 'app/clean.py', '--fail-on', 'low'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/app\/broken\.py/);
    const never = cli(['scan', '.', '--fail-on', 'never'], { cwd: dir });
    expect(never.code).toBe(0);
    expect(never.stdout).toMatch(/syntax error/); // still printed
    expect(cli(['scan', '.', '--fail-on', 'sometimes'], { cwd: dir }).code).toBe(2);
  });

  test('--fail-under judges docstring coverage from the DOC rules, which the JSON summary reports', () => {
    const dir = copyProject(SAMPLE_PROJECT);
    const r = cli(['scan', '--format', 'json', '--fail-on', 'never', '--fail-under', '99'], { cwd: dir });
    expect(r.code).toBe(1);
    const cov = JSON.parse(r.stdout).summary.docstringCoverage;
    expect(cov).toMatchObject({ documented: expect.any(Number), total: expect.any(Number), percent: expect.any(Number) });
    expect(cov.percent).toBeLessThan(99);
    // JSON on stdout keeps stderr for errors; the text report says the coverage
    expect(r.stderr).toBe('');
    expect(cli(['scan', '--fail-on', 'never', '--fail-under', '99'], { cwd: dir }).stdout).toContain(`Docstring coverage: ${cov.percent}%`);
    expect(cli(['scan', '--fail-on', 'never', '--fail-under', String(Math.floor(cov.percent))], { cwd: dir }).code).toBe(0);
    const noDoc = cli(['scan', '--select', 'SEC', '--fail-under', '50'], { cwd: dir });
    expect(noDoc.code).toBe(2);
    expect(noDoc.stderr).toMatch(/--fail-under: no DOC rule is selected/);
    expect(cli(['scan', '--fail-under', '150'], { cwd: dir }).code).toBe(2);
    expect(JSON.parse(cli(['scan', '--select', 'SEC', '--format', 'json', '--fail-on', 'never'], { cwd: dir }).stdout).summary.docstringCoverage).toBeUndefined();
  });
});

describe('scan --changed-since', () => {
  test('reads only files changed since the revision, plus untracked ones; a bad revision exits 2', () => {
    const dir = copyProject(CI_PROJECT);
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'start');
    fs.appendFileSync(path.join(dir, 'app/typed.py'), '\nVALUES: List[int] = []\n');
    fs.writeFileSync(path.join(dir, 'app/new.py'), 'import os\nos.system("date")\n');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored.py\n');
    fs.writeFileSync(path.join(dir, 'ignored.py'), 'eval("1")\n');
    const r = cli(['scan', '--changed-since', 'HEAD', '--format', 'junit', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(0);
    expect([...r.stdout.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['app/new.py', 'app/typed.py']);
    const bad = cli(['scan', '--changed-since', 'no-such-branch'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown git revision 'no-such-branch'/);
  });
});

describe('project-level rules on part of a project', () => {
  test('--no-project-rules (the pre-commit hook) and --changed-since leave out what needs every file', () => {
    const dir = copyProject(SAMPLE_PROJECT);
    const project = new Set(['BEN001', 'CLI001', 'DEP001', 'DEP002', 'DEP003', 'INT001', 'MIG001', 'OBS001', 'OBS002', 'TST001']);
    const codes = (stdout: string): string[] => JSON.parse(stdout).findings.map((f: { code: string }) => f.code);
    const all = codes(cli(['scan', 'taskrunner/artifacts.py', '--format', 'json', '--fail-on', 'never'], { cwd: dir }).stdout);
    expect(all.some((c) => project.has(c))).toBe(true);
    const hook = cli(['scan', 'taskrunner/artifacts.py', '--no-project-rules', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    const fileLevel = codes(hook.stdout);
    expect(fileLevel.length).toBeGreaterThan(0);
    expect(fileLevel.filter((c) => project.has(c) && c !== 'CLI001')).toEqual([]);
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'start');
    fs.appendFileSync(path.join(dir, 'taskrunner/artifacts.py'), '\n');
    const changed = cli(['scan', '--changed-since', 'HEAD', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    expect(codes(changed.stdout)).toEqual(fileLevel);
    expect(changed.stderr).toBe(''); // JSON on stdout: the note is in the text report
    expect(cli(['scan', '--changed-since', 'HEAD', '--fail-on', 'never'], { cwd: dir }).stdout).toMatch(/Project-level rules \(.*INT001.*\) need every file/);
  });
});

describe('scan --add-noqa', () => {
  test("writes '# noqa: CODE' where a comment is legal, merges with an existing one, skips what it cannot, keeps CRLF and BOM", () => {
    const dir = copyProject(CI_PROJECT);
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import os\r\nos.system("a")  # why: legacy\r\nx = 1\r\n')]);
    fs.writeFileSync(path.join(dir, 'app/crlf.py'), crlf);
    const r = cli(['scan', '--add-noqa'], { cwd: dir });
    expect(r.stdout).toMatch(/^Added 9 noqa comments in 4 files\.\nSkipped 2 findings:\n/);
    expect(r.stdout).toContain('app/strings.py:8 SEC001: line 8 ends inside a multi-line string');
    expect(r.stdout).toContain('app/strings.py:12 SEC001: line 12 continues with a backslash');
    expect(r.code).toBe(1); // the two skipped findings remain
    expect(fs.readFileSync(path.join(dir, 'app/strings.py'), 'utf8')).toBe(
      '"""Findings next to multi-line strings and continuations, for --add-noqa."""\nimport os\n\nTOTAL = eval("""\n1 + 2\n""")  # noqa: SEC001\n\n' +
        'PAIR = [eval("""\n3"""), """\n4"""]\n\nSUM = eval("5") + \\\n    6\n\n' +
        'os.system("true")  # keep: runs nothing  # noqa: SEC004\nos.system("true")  # noqa: SEC001, SEC004\n',
    );
    expect(fs.readFileSync(path.join(dir, 'app/typed.py'), 'utf8')).toContain('def first(items: List[str]) -> Optional[str]:  # noqa: TYP001, TYP002\n');
    expect(fs.readFileSync(path.join(dir, 'app/crlf.py'))).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import os\r\nos.system("a")  # why: legacy  # noqa: SEC004\r\nx = 1\r\n')]));
    const after = JSON.parse(cli(['scan', '--format', 'json'], { cwd: dir }).stdout);
    expect(after.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual(['app/strings.py:8', 'app/strings.py:12']);
    expect(after.errors).toEqual([]);
    // nothing left to add: a second run changes nothing
    expect(cli(['scan', '--add-noqa'], { cwd: dir }).stdout).toMatch(/^Added 0 noqa comments in 0 files\./);
  });
});
