import execa from 'execa';
import path from 'node:path';
import { ROOT, venvTool } from '../helpers/python';

/** The pack's own tests, exactly as CI runs them: every ruleid/ok mark and every .fixed.py. */
test('semgrep --test --strict rules/ passes', async () => {
  const r = await execa(venvTool('semgrep'), ['--test', '--strict', '--metrics=off', '--disable-version-check', path.join(ROOT, 'rules')], {
    cwd: ROOT,
    reject: false,
    all: true,
  });
  if (r.exitCode !== 0) throw new Error(`semgrep --test failed (exit ${r.exitCode}):\n${r.all?.split('\n').filter((l) => !/^\s*$|Scan Status|─|Scanning/.test(l)).join('\n')}`);
  // the summary line names how many rule tests ran: one per YAML file, and the fix tests ran
  expect(r.all).toMatch(/(\d+)\/\1: ✓ All tests passed/);
  expect(r.all).toMatch(/✓ All fix tests passed/);
}, 180_000);
