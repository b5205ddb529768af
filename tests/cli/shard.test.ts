import path from 'node:path';
import { discover } from '../../src/engine/discover';
import { parseShard, shardFilter, shardOf } from '../../src/ci/shard';
import { cli } from '../helpers/cli';
import { copyProject, ROOT, SAMPLE_PROJECT } from '../report/_support';

// the Python files read (project-level findings on pyproject.toml are added by `merge`, not by a shard)
const testcases = (xml: string): string[] => [...xml.matchAll(/<testcase [^>]*name="([^"]+\.py)"/g)].map((m) => m[1]);

describe('scan --shard I/N', () => {
  test('every file of the repository is in exactly one shard, for several N', () => {
    const files = discover([path.join(ROOT, 'fixtures'), path.join(ROOT, 'tests')], { projectRoot: ROOT }).files;
    expect(files.length).toBeGreaterThan(50);
    for (const total of [1, 2, 3, 4, 7]) {
      const parts = Array.from({ length: total }, (_, i) => shardFilter({ index: i + 1, total }, ROOT)(files));
      const all = parts.flat();
      expect(all.length).toBe(files.length);
      expect(new Set(all)).toEqual(new Set(files));
      // no shard is left empty by a bad hash for small N
      if (total <= 4) for (const p of parts) expect(p.length).toBeGreaterThan(0);
    }
  });

  test('the shard of a file depends on its repository path only', () => {
    expect(shardOf('pkg/mod.py', 4)).toBe(shardOf('pkg/mod.py', 4));
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`pkg/m${i}.py`, 4)));
    expect(shards).toEqual(new Set([0, 1, 2, 3]));
  });

  test('the CLI shards read disjoint files whose union is the unsharded run', () => {
    const dir = copyProject(SAMPLE_PROJECT);
    const full = testcases(cli(['scan', '--format', 'junit', '--fail-on', 'never'], { cwd: dir }).stdout);
    expect(full.length).toBeGreaterThan(20);
    const seen: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = cli(['scan', '--shard', `${i}/3`, '--format', 'junit', '--fail-on', 'never'], { cwd: dir });
      expect(r.code).toBe(0);
      seen.push(...testcases(r.stdout));
    }
    expect(seen.sort()).toEqual([...full].sort());
  });

  test('a bad --shard is a usage error', () => {
    expect(() => parseShard('0/3')).toThrow(/--shard takes I\/N/);
    expect(() => parseShard('4/3')).toThrow(/--shard takes I\/N/);
    expect(parseShard(' 2/5 ')).toEqual({ index: 2, total: 5 });
    const r = cli(['scan', '--shard', 'half'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard takes I\/N with 1 <= I <= N/);
  });
});
