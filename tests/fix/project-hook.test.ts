import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProjectContext, ProjectFixResult, Rule } from '../../src/core/rule';
import { runFix } from '../../src/fix/run';

/**
 * The project-fix hook's checks (src/fix/project.ts), with a rule whose
 * projectFix returns what the test says: a result is written only when it
 * still matches the disk, its verify() is null and, for Python, python3
 * compiles it; otherwise the file is left untouched and the reason given.
 */
let dir: string;
let cwd: string;
beforeEach(() => {
  cwd = process.cwd();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-hook-'));
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "app"\nversion = "1"\n');
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', '__init__.py'), 'X = 1\n');
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(dir, { recursive: true, force: true });
});

function hookRule(plan: (ctx: ProjectContext) => ProjectFixResult, over: Partial<Rule> = {}): Rule {
  return {
    code: 'DEP001',
    name: 'test-hook',
    upgrade: 'U08',
    severity: 'low',
    summary: 'test',
    docs: '',
    fixable: 'safe',
    project: (ctx) => ctx.report({ path: path.join(ctx.root, 'pyproject.toml'), line: 1, message: 'something to fix' }),
    projectFix: (ctx) => plan(ctx),
    ...over,
  };
}

const INIT = (): string => path.join(dir, 'app', '__init__.py');
const TOML = (): string => path.join(dir, 'pyproject.toml');
const change = { code: 'DEP001', safety: 'safe' as const, description: 'changed it' };

test('a Python result that compiles is written (mode kept), with its change in the outcomes', async () => {
  fs.chmodSync(INIT(), 0o640);
  const r = await runFix({ paths: ['.'], unsafe: false, write: true, rules: [hookRule(() => ({ fixes: [{ path: INIT(), before: 'X = 1\n', after: 'X = 2\n', language: 'python', changes: [change], verify: () => null }], declined: [] }))] });
  expect(fs.readFileSync(INIT(), 'utf8')).toBe('X = 2\n');
  expect(fs.statSync(INIT()).mode & 0o777).toBe(0o640);
  expect(r.fixes).toBe(1);
  expect(r.changedFiles).toBe(1);
  const o = r.outcomes.find((x) => x.path === 'app/__init__.py')!;
  expect(o).toMatchObject({ changed: true, written: true, original: 'X = 1\n', text: 'X = 2\n' });
  expect(o.applied).toEqual([{ code: 'DEP001', safety: 'safe', description: 'changed it', line: 1, before: 'X = 1', after: 'X = 2' }]);
  expect(r.outcomes.filter((x) => x.path === 'app/__init__.py')).toHaveLength(1);
});

test('with write: false (--diff) nothing is written and the change is still reported', async () => {
  const r = await runFix({ paths: ['.'], unsafe: false, write: false, rules: [hookRule(() => ({ fixes: [{ path: INIT(), before: 'X = 1\n', after: 'X = 2\n', language: 'python', changes: [change], verify: () => null }], declined: [] }))] });
  expect(fs.readFileSync(INIT(), 'utf8')).toBe('X = 1\n');
  expect(r.changedFiles).toBe(1);
  expect(r.outcomes.find((x) => x.path === 'app/__init__.py')).toMatchObject({ changed: true, written: false, text: 'X = 2\n' });
});

test('a Python result python3 rejects is not written', async () => {
  const r = await runFix({ paths: ['.'], unsafe: false, write: true, rules: [hookRule(() => ({ fixes: [{ path: INIT(), before: 'X = 1\n', after: 'X = (\n', language: 'python', changes: [change], verify: () => null }], declined: [] }))] });
  expect(fs.readFileSync(INIT(), 'utf8')).toBe('X = 1\n');
  expect(r.changedFiles).toBe(0);
  expect(r.warnings.join('\n')).toMatch(/app\/__init__\.py: DEP001 not fixed: the result does not compile \(.+\); file left untouched/);
});

test('a TOML result whose verify() objects is not written', async () => {
  const before = fs.readFileSync(TOML(), 'utf8');
  const r = await runFix({ paths: ['.'], unsafe: false, write: true, rules: [hookRule(() => ({ fixes: [{ path: TOML(), before, after: before + 'x = [\n', language: 'toml', changes: [change], verify: () => 'the result does not re-parse' }], declined: [] }))] });
  expect(fs.readFileSync(TOML(), 'utf8')).toBe(before);
  expect(r.warnings).toContain('pyproject.toml: DEP001 not fixed: the result does not re-parse; file left untouched');
});

test("a file saved by someone else after the fix read it keeps the user's edit", async () => {
  const r = await runFix({
    paths: ['.'],
    unsafe: false,
    write: true,
    rules: [
      hookRule(() => {
        fs.writeFileSync(INIT(), 'X = 1  # the user saved this\n');
        return { fixes: [{ path: INIT(), before: 'X = 1\n', after: 'X = 2\n', language: 'python', changes: [change], verify: () => null }], declined: [] };
      }),
    ],
  });
  expect(fs.readFileSync(INIT(), 'utf8')).toBe('X = 1  # the user saved this\n');
  expect(r.warnings.join('\n')).toContain('app/__init__.py: DEP001 not fixed: it changed since the project-level fix read it');
});

test('unsafe-only rules run only with --unsafe-fixes (counted otherwise); declined items become warnings', async () => {
  let calls = 0;
  const rule = hookRule(
    () => {
      calls++;
      return { fixes: [], declined: [{ code: 'DEP001', reason: 'not today', path: INIT() }] };
    },
    { fixable: 'unsafe' },
  );
  const safe = await runFix({ paths: ['.'], unsafe: false, write: true, rules: [rule] });
  expect(calls).toBe(0);
  expect(safe.unsafeSkipped).toBe(1);
  expect(safe.warnings).toEqual([]);
  const unsafe = await runFix({ paths: ['.'], unsafe: true, write: true, rules: [rule] });
  expect(calls).toBe(1);
  expect(unsafe.warnings).toContain('app/__init__.py: DEP001 not fixed: not today');
});
