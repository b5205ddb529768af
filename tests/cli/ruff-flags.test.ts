import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';

/** Issue 24 item 4: the flags and config keys ruff users type, through the real CLI. */
const CODE = 'import os\n\n\ndef f(x):\n    print(x)\n    return eval(x)\n\n\nprint(os.sep)\nos.system("ls")\n';

const scan = (dir: string, args: string[], env?: Record<string, string>) => cli(['scan', '.', '--no-cache', ...args], { cwd: dir, env });

describe("ruff's flags on scan and fix", () => {
  test('--exit-zero: 0 with findings, 2 still for a usage or configuration error', () => {
    const dir = tempProject({ 'a.py': CODE });
    expect(scan(dir, ['--select', 'SEC']).code).toBe(1);
    expect(scan(dir, ['--select', 'SEC', '--exit-zero']).code).toBe(0);
    expect(scan(dir, ['--select', 'SEC', '--exit-zero', '--sort', 'sideways']).code).toBe(2);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.rfsn-upgrade]\nselect = 3\n');
    expect(scan(dir, ['--exit-zero']).code).toBe(2);
    fs.rmSync(path.join(dir, 'pyproject.toml'));
    const fixed = cli(['fix', '.', '--no-cache', '--select', 'SEC001', '--exit-zero'], { cwd: dir });
    expect(fixed.code).toBe(0);
    expect(cli(['fix', '.', '--no-cache', '--select', 'SEC001'], { cwd: dir }).code).toBe(1);
  });

  test('--output-format is --format', () => {
    const dir = tempProject({ 'a.py': CODE });
    const a = scan(dir, ['--format', 'json', '--fail-on', 'never']);
    const b = scan(dir, ['--output-format', 'json', '--fail-on', 'never']);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(scan(dir, ['--output-format', 'yaml']).stderr).toMatch(/--format must be one of/);
  });

  test('--format concise: path:line:col: CODE message, in line order', () => {
    const dir = tempProject({ 'a.py': CODE });
    const r = scan(dir, ['--select', 'SEC,LOG001', '--format', 'concise']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => /^a\.py:/.test(l)).map((l) => l.replace(/ [^ ]+ .*$/, (m) => m.split(' ').slice(0, 2).join(' ')))).toEqual([
      'a.py:5:5: LOG001',
      'a.py:6:12: SEC001',
      'a.py:9:1: LOG001',
      'a.py:10:1: SEC004',
    ]);
    expect(r.stdout).toMatch(/^Found 4 findings/m);
    expect(scan(dir, ['--select', 'SEC,LOG001', '--format', 'concise', '--quiet']).stdout).not.toMatch(/Found/);
    // the README's VS Code problem matcher reads every finding line, and nothing else
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const matcher = new RegExp(JSON.parse(/"regexp": ("[^\n]*"),\n/.exec(readme)![1]) as string);
    const matched = r.stdout.split('\n').map((l) => matcher.exec(l)).filter((m) => m !== null);
    expect(matched.map((m) => `${m![1]}:${m![2]}:${m![3]} ${m![4]}`)).toEqual(['a.py:5:5 LOG001', 'a.py:6:12 SEC001', 'a.py:9:1 LOG001', 'a.py:10:1 SEC004']);
    // --color always colours the lines as ruff does (path, separators, code); the same text once the codes are taken out
    const coloured = scan(dir, ['--select', 'SEC,LOG001', '--format', 'concise', '--color', 'always']).stdout;
    expect(coloured).toContain('\u001b[1ma.py\u001b[22m\u001b[36m:\u001b[39m6');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(r.stdout);
    expect(scan(dir, ['--select', 'SEC,LOG001', '--format', 'concise', '--color', 'never'], { FORCE_COLOR: '1' }).stdout).toBe(r.stdout);
  });

  test('the text report lists a file in line order; --sort severity puts the highest first', () => {
    const dir = tempProject({ 'a.py': CODE });
    const locs = (out: string) => out.split('\n').flatMap((l) => /^a\.py:(\d+:\d+) /.exec(l)?.[1] ?? []);
    expect(locs(scan(dir, ['--select', 'SEC,LOG001']).stdout)).toEqual(['5:5', '6:12', '9:1', '10:1']);
    expect(locs(scan(dir, ['--select', 'SEC,LOG001', '--sort', 'severity']).stdout)).toEqual(['6:12', '10:1', '5:5', '9:1']);
  });

  test('--quiet prints the findings only; --verbose says what the run used', () => {
    const dir = tempProject({ 'a.py': CODE });
    const q = scan(dir, ['--select', 'SEC', '--quiet']);
    expect(q.stdout).toMatch(/SEC001/);
    expect(q.stdout).not.toMatch(/Found|By upgrade|checked/);
    const v = scan(dir, ['--select', 'SEC', '--verbose']);
    expect(v.stderr).toMatch(/^config: none \(defaults\)$/m);
    expect(v.stderr).toMatch(/^rules: 6 \(SEC001, SEC002, SEC003, SEC004, SEC005, SEC006\)$/m);
  });

  test('--color always|never decides over NO_COLOR and FORCE_COLOR', () => {
    const dir = tempProject({ 'a.py': CODE });
    const esc = /\x1b\[/;
    expect(scan(dir, ['--select', 'SEC']).stdout).not.toMatch(esc);
    expect(scan(dir, ['--select', 'SEC', '--color', 'always'], { NO_COLOR: '1' }).stdout).toMatch(esc);
    expect(scan(dir, ['--select', 'SEC', '--color', 'never'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).not.toMatch(esc);
    expect(scan(dir, ['--select', 'SEC'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toMatch(esc);
    expect(scan(dir, ['--color', 'sometimes']).code).toBe(2);
  });

  test('--extend-select adds to --select and to the config select', () => {
    const dir = tempProject({ 'a.py': CODE });
    const codes = (args: string[]) => [...new Set(JSON.parse(scan(dir, [...args, '--format', 'json', '--fail-on', 'never']).stdout).findings.map((f: { code: string }) => f.code))].sort();
    expect(codes(['--select', 'SEC001', '--extend-select', 'LOG001'])).toEqual(['LOG001', 'SEC001']);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.rfsn-upgrade]\nselect = ["SEC004"]\n');
    expect(codes(['--extend-select', 'SEC001'])).toEqual(['SEC001', 'SEC004']);
    expect(scan(dir, ['--extend-select', 'NOPE1']).code).toBe(2);
  });

  test('the extend-* config keys add to their base keys', () => {
    const dir = tempProject({
      'a.py': CODE,
      'skip/b.py': 'eval(x)\n',
      'c.py': 'eval(x)\nprint(x)\n',
      'pyproject.toml': [
        '[tool.rfsn-upgrade]',
        'select = ["SEC001"]',
        'extend-select = ["LOG001", "SEC004"]',
        'ignore = []',
        'extend-ignore = ["SEC004"]',
        'exclude = []',
        'extend-exclude = ["skip"]',
        'per-file-ignores = { "a.py" = ["SEC001"] }',
        'extend-per-file-ignores = { "a.py" = ["LOG001"], "c.py" = ["LOG001"] }',
        '',
      ].join('\n'),
    });
    const r = scan(dir, ['--format', 'json', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout).findings.map((f: { path: string; line: number; code: string }) => `${f.path}:${f.line} ${f.code}`);
    expect(got).toEqual(['c.py:1 SEC001']);
  });
});
