import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { copyProject, SAMPLE_PROJECT, validateSarif } from '../report/_support';

const read = (dir: string, f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

function shards(dir: string, n: number, extra: string[] = []): string[] {
  const files: string[] = [];
  for (let i = 1; i <= n; i++) {
    const f = `shard-${i}.json`;
    const r = cli(['scan', '--shard', `${i}/${n}`, '--format', `json:${f}`, '--fail-on', 'never', ...extra], { cwd: dir });
    expect(r.code).toBe(0);
    files.push(f);
  }
  return files;
}

describe('rfsn-upgrade merge', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyProject(SAMPLE_PROJECT);
  });

  test('merging the shards reproduces the unsharded JSON, project-level rules included', () => {
    expect(cli(['scan', '--format', 'json:full.json', '--fail-on', 'never'], { cwd: dir }).code).toBe(0);
    const full = read(dir, 'full.json');
    // the sample project has project-level findings (pyproject.toml, never-imported modules)
    expect(full.findings.some((f: { code: string }) => ['INT001', 'DEP002', 'OBS001'].includes(f.code))).toBe(true);
    for (const n of [2, 3]) {
      const parts = shards(dir, n);
      const one = read(dir, parts[0]);
      expect(one.shard).toMatchObject({ index: 1, total: n, projectRules: expect.arrayContaining(['INT001']) });
      // a shard holds project-level findings back
      expect(one.findings.some((f: { code: string }) => f.code === 'OBS001')).toBe(false);
      const m = cli(['merge', ...parts, '--format', 'json:merged.json', '--fail-on', 'never'], { cwd: dir });
      expect(m.code).toBe(0);
      expect(read(dir, 'merged.json')).toEqual(full);
    }
  });

  test('# noqa on a project-level finding holds in the merged report too', () => {
    const sample = copyProject(SAMPLE_PROJECT);
    const before = JSON.parse(cli(['scan', '--select', 'INT001', '--format', 'json', '--fail-on', 'never'], { cwd: sample }).stdout);
    expect(before.findings.length).toBeGreaterThan(0);
    const noqa = cli(['scan', '--select', 'INT001', '--add-noqa'], { cwd: sample });
    expect(noqa.stdout).toMatch(/^Added [1-9]\d* noqa comments?/);
    const full = cli(['scan', '--select', 'INT001', '--format', 'json', '--fail-on', 'never'], { cwd: sample });
    const left = JSON.parse(full.stdout).findings;
    expect(left.length).toBe(noqa.stdout.match(/^  /gm)?.length ?? 0); // only the skipped ones remain
    const parts = shards(sample, 2, ['--select', 'INT001']);
    const merged = cli(['merge', ...parts, '--format', 'json', '--fail-on', 'never'], { cwd: sample });
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(full.stdout));
  });

  test('merge writes any format; its SARIF passes the validator; the exit code follows --fail-on', () => {
    const parts = shards(dir, 2);
    const m = cli(['merge', ...parts, '--format', 'sarif:merged.sarif', '--format', 'github'], { cwd: dir });
    expect(m.code).toBe(1); // high findings, default --fail-on high
    // GitHub shows 10 annotations a level per step: at most 10 of each, and one notice that counts the rest
    const lines = m.stdout.split('\n').filter(Boolean);
    const total = read(dir, 'full.json').findings.length;
    for (const level of ['error', 'warning', 'notice']) expect(lines.filter((l) => l.startsWith(`::${level} `)).length).toBeLessThanOrEqual(10);
    const more = lines.find((l) => l.includes(' more not shown as annotations'))!;
    const annotated = lines.filter((l) => !l.includes('title=rfsn-upgrade%3A')).length;
    expect(Number(/::(\d+) more not shown/.exec(more)![1]) + annotated).toBe(total);
    expect(validateSarif([path.join(dir, 'merged.sarif')])).toEqual([]);
  });

  test('with a baseline: shards and merge together hide what the unsharded run hides', () => {
    expect(cli(['baseline', 'create', '--select', 'SEC,INT,OBS'], { cwd: dir }).code).toBe(0);
    const f = path.join(dir, 'taskrunner/cli.py');
    const text = `${fs.readFileSync(f, 'utf8')}\n\ndef run_it(code):\n    """Run code."""\n    return eval(code)\n`;
    fs.writeFileSync(f, text);
    const evalLine = text.split('\n').length - 1;
    const full = cli(['scan', '--select', 'SEC,INT,OBS', '--baseline', '.rfsn-baseline.json', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    const parts = shards(dir, 3, ['--select', 'SEC,INT,OBS', '--baseline', '.rfsn-baseline.json']);
    const merged = cli(['merge', ...parts, '--baseline', '.rfsn-baseline.json', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    const a = JSON.parse(full.stdout);
    expect(a.findings.map((x: { code: string; line: number }) => `${x.code}:${x.line}`)).toEqual([`SEC001:${evalLine}`]);
    expect(JSON.parse(merged.stdout)).toEqual(a);
  });

  test('missing, duplicate or mixed shards are refused (exit 2)', () => {
    const parts = shards(dir, 3);
    const missing = cli(['merge', parts[0], parts[2]], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shard 2\/3 missing/);
    expect(cli(['merge', parts[0], parts[0], parts[1]], { cwd: dir }).stderr).toMatch(/both shard 1\/3/);
    fs.writeFileSync(path.join(dir, 'junk.json'), '{"hello": 1}');
    expect(cli(['merge', 'junk.json'], { cwd: dir }).stderr).toMatch(/not the JSON of 'rfsn-upgrade scan --format json'/);
  });

  test('shards of different target versions or tool versions are refused: one line, exit 2 (issue 21 item 14)', () => {
    const [a] = shards(dir, 2, ['--target-version', 'py38']);
    fs.renameSync(path.join(dir, a), path.join(dir, 'py38-1.json'));
    const [, b] = shards(dir, 2, ['--target-version', 'py312']);
    const mixed = cli(['merge', 'py38-1.json', b, '--format', 'json'], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toBe('');
    expect(mixed.stderr).toBe(`rfsn-upgrade: merge: py38-1.json was made with target version py38, ${b} with py312; run every shard with the same --target-version\n`);
    const older = read(dir, b);
    older.tool.version = '0.0.1';
    fs.writeFileSync(path.join(dir, 'older.json'), JSON.stringify(older));
    const [first] = shards(dir, 2, ['--target-version', 'py312']);
    const versions = cli(['merge', first, 'older.json'], { cwd: dir });
    expect(versions.code).toBe(2);
    expect(versions.stderr).toMatch(/^rfsn-upgrade: merge: shard-1\.json was made with rfsn-upgrade \S+, older\.json with 0\.0\.1; merge reports of one version\n$/);
  });
});
