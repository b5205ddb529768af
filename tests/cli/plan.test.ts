import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * UPGRADE_PLAN_V0.3.0.md at the repository root is `plan` run on the sample
 * project. The built CLI regenerates it here; any difference fails the test
 * with the command that brings the checked-in file up to date.
 */
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const PLAN = 'UPGRADE_PLAN_V0.3.0.md';
const REGENERATE = `npm run build && node bin/rfsn-upgrade.js plan fixtures/sample-project --output ${PLAN}`;

function plan(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, 'plan', 'fixtures/sample-project', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}:\n  checked in: ${JSON.stringify(x[i])}\n  generated:  ${JSON.stringify(y[i])}`;
  }
  return 'no difference';
}

describe('plan', () => {
  const generated = plan();

  it('runs cleanly on the sample project', () => {
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);
  });

  it(`matches the checked-in ${PLAN}`, () => {
    const checkedIn = fs.existsSync(path.join(ROOT, PLAN)) ? fs.readFileSync(path.join(ROOT, PLAN), 'utf8') : '';
    if (checkedIn !== generated.stdout) {
      throw new Error(`${PLAN} is out of date (${firstDifference(checkedIn, generated.stdout)}).\nRegenerate it with:\n  ${REGENERATE}`);
    }
  });

  it('is deterministic: the same with one thread, and --output writes what stdout shows', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-plan-')), 'plan.md');
    const r = plan('--jobs', '1', '--output', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe(generated.stdout);
  });

  it('has the sections of the plan, from measured counts', () => {
    const text = generated.stdout;
    for (const heading of ['## Executive summary', '## Upgrades by priority', '### High priority (5)', '### Medium priority (8)', '### Low priority (6)', '## The upgrades', '## Roadmap', '### Week 1', '## Quick wins', '## How to verify']) {
      expect(text).toContain(`\n${heading}\n`);
    }
    for (let i = 1; i <= 19; i++) expect(text).toContain(`\n### U${String(i).padStart(2, '0')} `);
    expect(text).toMatch(/\*\*Overall progress: \d+\/19 upgrades complete \(\d+%\)\*\*/);
    expect(text).toContain('| `taskrunner/planner_v2/__init__.py` | 1 |');
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  });
});
