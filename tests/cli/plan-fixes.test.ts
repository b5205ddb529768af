import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { cascadeCopy, sampleCopy } from '../helpers/cascade';

/**
 * `plan`'s automatic-fix counts are what `fix --diff` applies, upgrade by
 * upgrade: the safe ones those of `fix --diff`, the unsafe ones those of
 * `fix --diff --unsafe-fixes` (read from each run's migration guide).
 */

/** upgrade -> [safe, unsafe] from the plan's "Automatic fixes" lines */
function planned(plan: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const part of plan.split(/^### (?=U\d\d )/m).slice(1)) {
    const m = /here `fix` applies (\d+) safely and (\d+) more with `--unsafe-fixes`/.exec(part);
    out.set(part.slice(0, 3), m ? [Number(m[1]), Number(m[2])] : [0, 0]);
  }
  return out;
}

/** upgrade -> the fixes of the given safety a migration guide lists */
function applied(guide: string, safety: 'safe' | 'unsafe'): Map<string, number> {
  const upgradeOf = new Map([...guide.matchAll(/^\| (U\d\d) [^|]*\| (\w+) \| \d+ \| \d+ \|$/gm)].map((m) => [m[2], m[1]]));
  const out = new Map<string, number>();
  for (const m of guide.matchAll(/^### (\w+) [^\n]*\n\n[^\n]*\n\n(\d+) fix(?:es)? \(([^)]*)\):$/gm)) {
    const [, code, n, kinds] = m;
    const count = kinds === safety ? Number(n) : Number(new RegExp(`(\\d+) ${safety}`).exec(kinds)?.[1] ?? 0);
    const up = upgradeOf.get(code)!;
    out.set(up, (out.get(up) ?? 0) + count);
  }
  return out;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test.each([
  ['the sample project', sampleCopy],
  ['a project whose fixes cascade, with project-level fixes', cascadeCopy],
])('%s: the plan counts the fixes fix --diff applies', (_name, make) => {
  const dir = make();
  dirs.push(dir);
  const plan = cli(['plan', '--no-progress', '.'], { cwd: dir });
  expect(plan.stderr).toBe('');
  const guide = (flags: string[]): string => {
    const file = path.join(dir, `guide${flags.length}.md`);
    const r = cli(['fix', '--no-progress', '--diff', ...flags, '--report', file, '.'], { cwd: dir });
    expect(r.code).toBe(1);
    return fs.readFileSync(file, 'utf8');
  };
  const safe = applied(guide([]), 'safe');
  const unsafe = applied(guide(['--unsafe-fixes']), 'unsafe');
  const counts = planned(plan.stdout);
  expect(counts.size).toBe(19);
  for (const [up, [s, u]] of counts) expect([up, s, u]).toEqual([up, safe.get(up) ?? 0, unsafe.get(up) ?? 0]);
  // the project-level fixes count: U08's dependencies
  expect(counts.get('U08')![0] + counts.get('U08')![1]).toBeGreaterThan(0);
  const total = [...safe.values()].reduce((a, b) => a + b, 0);
  expect(plan.stdout).toContain(`\`rfsn-upgrade fix\` applies ${total} safe fix`);
});
