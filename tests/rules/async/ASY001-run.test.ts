import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixText } from '../../helpers/fixFixture';
import { VENV_PYTHON } from '../../helpers/python';
import { ruleTable } from '../../helpers/ruleTable';

/**
 * ASY001's unsafe fix, run: the fixture's coroutines are run with real Python
 * (the test venv: requests and httpx) against a loopback HTTP server and real
 * subprocesses, before and after the fix; every converted one returns what it
 * returned before, and the fixed module no longer calls requests or subprocess.run.
 */
const dir = path.join(__dirname, 'fix');
const fixture = path.join(dir, 'ASY001-run.py');
const COROUTINES = ['pause', 'fetch_json', 'post_status', 'follow', 'fetch_missing', 'unreachable', 'run_tool', 'run_bytes', 'run_quiet'];

function run(file: string): Record<string, string> {
  const out = execFileSync(VENV_PYTHON, [path.join(dir, 'harness.py'), file, ...COROUTINES], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out);
}

describe('ASY001 fix, run with real Python', () => {
  it('matches its fix snapshot', async () => {
    await ruleTable('ASY001', dir, { fixture, noMarks: true });
  });

  it('the fixed coroutines return what the blocking ones did', async () => {
    const text = fs.readFileSync(fixture, 'utf8');
    const r = await fixText(text, ['ASY001'], { unsafe: true, file: fixture });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asy001-'));
    const fixed = path.join(tmp, 'fixed.py');
    fs.writeFileSync(fixed, r.text);
    const before = run(fixture);
    const after = run(fixed);
    expect(before).toMatchObject({ fetch_json: "{'path': '/data?q=1'}", run_tool: "(3, 'out')", fetch_missing: "'http error caught'" });
    expect(after).toEqual(before);
    // what changed: nothing of requests' or subprocess.run's calls is left in the converted coroutines
    const body = r.text.slice(0, r.text.indexOf('async def kept_as_is'));
    expect(body).not.toMatch(/requests\.(get|post)\(|subprocess\.run\(|time\.sleep\(/);
    expect(r.applied.filter((a) => a.code === 'ASY001')).toHaveLength(9);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
