import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashedCode } from '../../src/semgrep';
import { cli } from '../helpers/cli';
import { VENV_BIN, venvTool } from '../helpers/python';
import { validateSarif } from '../report/_support';

/**
 * `scan --engine semgrep|both` end to end, with the real semgrep (four
 * processes in this file: the report formats, the broken rule, baseline
 * create and the scan against it).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SEMGREP = venvTool('semgrep');
const USER_RULES = path.join(__dirname, 'user-rules');
const ASSERT_CODE = hashedCode('acme.no-assert-in-library');
/** PATH with the venv's semgrep first */
const WITH_SEMGREP = { PATH: `${VENV_BIN}${path.delimiter}${process.env.PATH ?? ''}` };

interface JsonFinding {
  code: string;
  upgrade: string;
  severity: string;
  path: string;
  line: number;
  column: number;
  message: string;
  fix: unknown;
}
interface JsonReport {
  summary: { byCode: Record<string, number>; byUpgrade: Record<string, number>; findings: number; baseline?: { hidden: number; stale: unknown[] } };
  findings: JsonFinding[];
  errors: Array<{ path: string; message: string }>;
}

const CLOCK = [
  'import time',
  '',
  'def elapsed(start):',
  '    return time.time() - start  # noqa: ACME001',
  '',
  'def stamp():',
  '    return time.time()',
  '',
  'def check(x):',
  `    assert x  # noqa: ${ASSERT_CODE}`,
  '',
  'def check_again(x):',
  '    assert x',
  '',
].join('\n');

function sampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-sgcli-'));
  fs.cpSync(path.join(ROOT, 'fixtures', 'sample-project'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'taskrunner', 'clock.py'), CLOCK);
  return dir;
}

const at = (f: JsonFinding): string => `${f.code} ${f.path}:${f.line}:${f.column}`;

describe('scan --engine both --semgrep-config (the sample project and two user rules)', () => {
  let dir: string;
  let both: { code: number; stdout: string; stderr: string };
  let report: JsonReport;
  let native: JsonReport;
  let sarif: { runs: Array<{ tool: { driver: { rules: Array<Record<string, unknown>> } }; results: Array<{ ruleId: string }> }> };

  beforeAll(() => {
    dir = sampleCopy();
    both = cli(['scan', '.', '--engine', 'both', '--semgrep-config', USER_RULES, '--format', 'text', '--format', 'json:out.json', '--format', 'sarif:out.sarif', '--no-cache'], { cwd: dir, env: WITH_SEMGREP });
    report = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'));
    sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    // the native run: semgrep is not on this PATH at all
    const n = cli(['scan', '.', '--format', 'json', '--no-cache'], { cwd: dir, env: { PATH: '/nonexistent' } });
    native = JSON.parse(n.stdout);
  }, 180_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the run succeeds: findings at or above high, no errors', () => {
    expect(both.code).toBe(1);
    expect(report.errors).toEqual([]);
  });

  test('JSON has the native findings and the user rules under their codes', () => {
    // every native finding is there, unchanged
    const got = new Map(report.findings.map((f) => [at(f), f]));
    for (const f of native.findings) expect(got.get(at(f))).toEqual(f);
    // the user's: rfsn-code ACME001 (upgrade U17 from its metadata) and SG + hash for the rule without one
    const acme = report.findings.filter((f) => f.code === 'ACME001');
    expect(acme.map((f) => `${f.path}:${f.line}`)).toEqual(expect.arrayContaining(['taskrunner/cache.py:56', 'taskrunner/clock.py:7', 'taskrunner/history.py:25']));
    expect(acme[0]).toMatchObject({ upgrade: 'U17', severity: 'low', message: expect.stringMatching(/monotonic\(\) \[wall-clock-duration\]$/) });
    expect(acme[0].fix).toMatchObject({ safety: 'unsafe', edits: [{ text: 'time.monotonic()' }] });
    const asserts = report.findings.filter((f) => f.code === ASSERT_CODE);
    // the rule's own paths: exclude keeps tests/test_*.py out
    expect(asserts.map((f) => `${f.path}:${f.line}`)).toEqual(['taskrunner/clock.py:13', 'taskrunner/executor.py:64']);
    expect(asserts[0]).toMatchObject({ upgrade: 'other', severity: 'medium' });
    expect(report.summary.byCode).toMatchObject({ ACME001: acme.length, [ASSERT_CODE]: 2 });
  });

  test('# noqa: <user code> drops the finding on its line', () => {
    const clock = report.findings.filter((f) => f.path === 'taskrunner/clock.py').map((f) => `${f.code}:${f.line}`);
    expect(clock).toContain('ACME001:7');
    expect(clock).not.toContain('ACME001:4');
    expect(clock).toContain(`${ASSERT_CODE}:13`);
    expect(clock).not.toContain(`${ASSERT_CODE}:10`);
  });

  test('a pack finding at the place of a native one of the same code is one finding (the native one)', () => {
    const places = report.findings.map(at);
    expect(new Set(places).size).toBe(places.length);
    // the sample's os.popen: SEC004 once, with the native message
    const popen = report.findings.filter((f) => f.code === 'SEC004' && f.path === 'taskrunner/executor.py');
    const nativePopen = native.findings.filter((f) => f.code === 'SEC004' && f.path === 'taskrunner/executor.py');
    expect(popen).toEqual(nativePopen);
  });

  test('a user finding without a catalog upgrade counts under "other", never under ""', () => {
    expect(Object.keys(report.summary.byUpgrade)).not.toContain('');
    expect(report.summary.byUpgrade.other).toBe(2);
    expect(Object.values(report.summary.byUpgrade).reduce((a, b) => a + b, 0)).toBe(report.summary.findings);
  });

  test('the text report lists native and user findings', () => {
    // each finding on its own line: `path:line:column severity code message`
    const clock = both.stdout.split('\n').filter((l) => l.startsWith('taskrunner/clock.py:')).join('\n');
    expect(clock).toMatch(/^taskrunner\/clock\.py:7:12\s+low\s+ACME001\s+time\.time\(\) can jump.*\[wall-clock-duration\] \[unsafe fix\]$/m);
    expect(clock).toMatch(new RegExp(`^taskrunner/clock\\.py:13:5\\s+medium\\s+${ASSERT_CODE}\\s+assert is removed`, 'm'));
    expect(clock).toMatch(/^taskrunner\/clock\.py:1:1\s+medium\s+INT001\s/m);
    expect(clock).not.toMatch(/^taskrunner\/clock\.py:4:\d+\s+\S+\s+ACME001/m);
  });

  test('SARIF: rule entries for the user codes, and the validator finds nothing wrong', () => {
    const rules = sarif.runs[0].tool.driver.rules;
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.get(ASSERT_CODE)).toMatchObject({
      shortDescription: { text: 'assert is removed under python -O; raise an exception instead.' },
      helpUri: 'https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement',
    });
    expect(byId.get('ACME001')).toMatchObject({ shortDescription: { text: expect.stringContaining('time.monotonic()') } });
    expect(byId.get('ACME001')).not.toHaveProperty('helpUri');
    // a user rule is a security rule by semgrep's own convention (metadata.category), tagged with its CWE
    expect(byId.get(ASSERT_CODE)).toMatchObject({ properties: { tags: expect.arrayContaining(['security', 'external/cwe/cwe-703']), 'security-severity': expect.any(String) } });
    expect(byId.get('ACME001')).toMatchObject({ properties: { tags: expect.not.arrayContaining(['security']) } });
    expect(byId.has('SEC006')).toBe(true);
    expect(sarif.runs[0].results.filter((r) => r.ruleId === 'ACME001').length).toBe(report.summary.byCode.ACME001);
    expect(validateSarif([path.join(dir, 'out.sarif')])).toEqual([]);
  }, 180_000);
});

describe('engine selection and failures', () => {
  let dir: string;
  beforeAll(() => (dir = sampleCopy()));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('--engine native never starts semgrep (a semgrep on PATH that would leave a mark is not run)', () => {
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-fake-sg-'));
    const mark = path.join(fake, 'ran');
    fs.writeFileSync(path.join(fake, 'semgrep'), `#!/bin/sh\ntouch ${mark}\nexit 2\n`, { mode: 0o755 });
    const r = cli(['scan', '.', '--engine', 'native', '--format', 'json', '--no-cache'], { cwd: dir, env: { PATH: `${fake}${path.delimiter}/usr/bin:/bin` } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.findings).toBeGreaterThan(100);
    expect(fs.existsSync(mark)).toBe(false);
    // the default is native too
    const d = cli(['scan', 'taskrunner/clock.py', '--format', 'json', '--no-cache'], { cwd: dir, env: { PATH: `${fake}${path.delimiter}/usr/bin:/bin` } });
    expect(d.code).toBe(0);
    expect(fs.existsSync(mark)).toBe(false);
    fs.rmSync(fake, { recursive: true, force: true });
  });

  test('a missing semgrep is one line naming the install command, exit 2, before any file is read', () => {
    const r = cli(['scan', '.', '--engine', 'semgrep', '--semgrep-bin', '/nonexistent/semgrep', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('pip install semgrep==1.185.0');
    const p = cli(['scan', '.', '--engine', 'both'], { cwd: dir, env: { PATH: '/usr/bin:/bin' } });
    expect(p.code).toBe(2);
    expect(p.stderr.trim().split('\n')).toEqual([expect.stringMatching(/semgrep is not installed.*pip install semgrep==1\.185\.0/)]);
  });

  test('bad input is one line, exit 2', () => {
    const cases: string[][] = [
      ['--engine', 'fast'],
      ['--engine', 'native', '--semgrep-config', USER_RULES],
      ['--engine', 'both', '--semgrep-config', 'no/such/rules'],
      // a user code is a selector only when a configured rule produces it
      ['--engine', 'native', '--select', 'ACME001'],
      ['--engine', 'both', '--semgrep-bin', SEMGREP, '--semgrep-config', USER_RULES, '--select', 'ACME002'],
    ];
    for (const args of cases) {
      const r = cli(['scan', '.', ...args], { cwd: dir });
      expect([args.join(' '), r.code, r.stderr.trim().split('\n').length]).toEqual([args.join(' '), 2, 1]);
    }
  });

  test('a broken user rule is one error line naming it (exit 2); the other rules still report, --select takes user codes', () => {
    const rules = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-broken-rules-'));
    fs.writeFileSync(path.join(rules, 'broken.yaml'), 'rules:\n  - id: unbalanced\n    languages: [python]\n    severity: ERROR\n    message: x\n    pattern: foo((\n');
    const r = cli(['scan', '.', '--engine', 'semgrep', '--semgrep-bin', SEMGREP, '--semgrep-config', rules, '--semgrep-config', USER_RULES, '--select', 'ACME,SEC004', '--format', 'json', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as JsonReport;
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0].message).toMatch(/^semgrep Rule parse error in rule unbalanced: /);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: .*unbalanced/)]);
    expect(new Set(out.findings.map((f) => f.code))).toEqual(new Set(['ACME001', 'SEC004']));
    fs.rmSync(rules, { recursive: true, force: true });
  }, 180_000);
});

describe('a baseline holds the user codes (engine and semgrep-config from pyproject.toml)', () => {
  let dir: string;
  beforeAll(() => {
    dir = sampleCopy();
    const pyproject = path.join(dir, 'pyproject.toml');
    fs.writeFileSync(pyproject, fs.readFileSync(pyproject, 'utf8').replace('[tool.rfsn-upgrade]\n', `[tool.rfsn-upgrade]\nengine = "both"\nsemgrep-config = [${JSON.stringify(path.relative(dir, USER_RULES))}]\nsemgrep-bin = ${JSON.stringify(SEMGREP)}\n`));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('baseline create records them; a scan against it hides them and shows a new one', () => {
    const c = cli(['baseline', 'create', '.', '--output', 'baseline.json'], { cwd: dir });
    expect(c.code).toBe(0);
    const baseline = fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    expect(baseline).toContain('ACME001');
    expect(baseline).toContain(ASSERT_CODE);
    // a new finding of a user rule after the baseline
    fs.appendFileSync(path.join(dir, 'taskrunner', 'clock.py'), 'def later():\n    return time.time()\n');
    const r = cli(['scan', '.', '--baseline', 'baseline.json', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonReport;
    // the new function's own native findings (DOC003, TYP004) and the user rule's
    expect(out.findings.map((f) => `${f.code} ${f.path}:${f.line}`)).toEqual(['DOC003 taskrunner/clock.py:14', 'TYP004 taskrunner/clock.py:14', 'ACME001 taskrunner/clock.py:15']);
    expect(out.summary.baseline).toMatchObject({ stale: [] });
    expect(out.summary.baseline!.hidden).toBeGreaterThan(200);
  }, 240_000);
});
