import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { cascadeCopy, sampleCopy } from '../helpers/cascade';

/**
 * `fix`'s closing summary of what is left is a scan after the fix: the same
 * count as `scan --format json` (read without the cache the fix filled), the
 * project-level findings (MIG001, TST001, …) included, and the same exit code.
 */
function foundIn(out: string): number {
  const m = /^Found ([\d,]+) findings? in/m.exec(out);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test.each([
  ['the sample project', sampleCopy, [], ['MIG001', 'TST001']],
  ['the sample project with --unsafe-fixes', sampleCopy, ['--unsafe-fixes'], ['MIG001', 'TST001']],
  ['a project whose fixes cascade, with a project-level fix', cascadeCopy, ['--unsafe-fixes'], ['MIG001', 'TST001', 'INT001']],
  // the guide is the project's MIGRATION.md: MIG001 is gone once it is written
  ['the same with --report MIGRATION.md', cascadeCopy, ['--unsafe-fixes', '--report', 'MIGRATION.md'], ['TST001', 'INT001']],
])('%s: what fix says is left is what scan finds after it', (_name, make, flags, projectLevel) => {
  const dir = make();
  dirs.push(dir);
  const fixed = cli(['fix', '--no-progress', ...flags, '.'], { cwd: dir });
  expect(fixed.stderr).not.toMatch(/internal error/);
  const scan = cli(['scan', '--no-cache', '--format', 'json', '.'], { cwd: dir });
  const summary = JSON.parse(scan.stdout).summary as { findings: number; byCode: Record<string, number> };
  expect(summary.findings).toBeGreaterThan(0);
  expect(foundIn(fixed.stdout)).toBe(summary.findings);
  // the project-level findings are listed, each once
  for (const code of projectLevel) {
    expect(summary.byCode[code]).toBeGreaterThan(0);
    expect(fixed.stdout.split(` ${code} `).length - 1).toBe(summary.byCode[code]);
  }
  expect(fixed.code).toBe(scan.code);
});

test('fix --no-cache: the same summary, and neither the project nor the temporary folder keeps a cache', () => {
  const dir = cascadeCopy();
  dirs.push(dir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-nocache-tmp-'));
  dirs.push(tmp);
  const fixed = cli(['fix', '--no-progress', '--no-cache', '--unsafe-fixes', '.'], { cwd: dir, env: { TMPDIR: tmp } });
  expect(fixed.stderr).not.toMatch(/internal error|cache:/);
  const scan = cli(['scan', '--no-cache', '--format', 'json', '.'], { cwd: dir });
  expect(foundIn(fixed.stdout)).toBe(JSON.parse(scan.stdout).summary.findings);
  expect(fs.existsSync(path.join(dir, '.rfsn-upgrade-cache'))).toBe(false);
  // the run's own cache (what the summary scan reads back) is gone with the run
  expect(fs.readdirSync(tmp)).toEqual([]);
});
