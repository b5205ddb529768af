import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import execa from 'execa';
import { VENV_PYTHON } from '../helpers/python';

export const REPO = path.resolve(__dirname, '../..');
export const BIN = path.join(REPO, 'bin/rfsn-upgrade.js');

let python: string | undefined;

/**
 * The projects these tests scaffold into use the test venv as their
 * interpreter (projectPython honours $VIRTUAL_ENV; the CLI under test inherits
 * it): what the scaffolds write must import there, and the packages they need
 * (prometheus_client, aiosqlite, OpenTelemetry) are installed in it.
 */
export const TEST_VENV = path.dirname(path.dirname(VENV_PYTHON));
process.env.VIRTUAL_ENV = TEST_VENV;

/** What the generated modules and their tests import: all of it must be there, so that no generated test skips. */
const NEEDED = ['pytest', 'prometheus_client', 'aiosqlite', 'httpx', 'opentelemetry.sdk'];

/**
 * The interpreter that runs the generated tests: the test venv (VENV_PYTHON,
 * built by scripts/python-deps.sh from requirements-test.txt), which has
 * pytest and every optional package the scaffolds use. A missing one fails
 * the tests: it must not skip them. (A bare python3, barePython(),
 * checks the modules that claim to work without their optional packages.)
 */
export function testPython(): string {
  if (python) return python;
  const probe = execa.sync(VENV_PYTHON, ['-c', `import ${NEEDED.join(', ')}`], { reject: false });
  if (probe.exitCode === 0) return (python = VENV_PYTHON);
  throw new Error(
    `the test venv ${VENV_PYTHON} cannot import ${NEEDED.join(', ')} (run \`bash scripts/python-deps.sh\`, which npm test's pretest does): ` +
      `${(probe.stderr || String(probe.exitCode)).trim().split('\n').pop()}`,
  );
}

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rfsn-scaffold-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Remove the temporary projects this test file made (set RFSN_KEEP_TMP=1 to look at them). */
export function removeTempDirs(): void {
  if (process.env.RFSN_KEEP_TMP) return;
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A minimal project: pyproject.toml named `demo-app` and, unless told otherwise, the package `demo_app`. */
export function makeProject(prefix: string, opts: { name?: string; pkg?: string | null; layout?: 'flat' | 'src' } = {}): string {
  const root = tempDir(prefix);
  if (opts.name !== undefined || opts.pkg !== null) {
    fs.writeFileSync(path.join(root, 'pyproject.toml'), `[project]\nname = "${opts.name ?? 'demo-app'}"\nversion = "0.1.0"\n`);
  }
  const pkg = opts.pkg === undefined ? 'demo_app' : opts.pkg;
  if (pkg) {
    const dir = opts.layout === 'src' ? path.join(root, 'src', pkg) : path.join(root, pkg);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '__init__.py'), `"""The ${pkg} package."""\n`);
  }
  return root;
}

export function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

export function read(root: string, rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

/** Every file under a folder, relative, sorted. */
export function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push(path.relative(root, abs).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** Run the built CLI. The tests run after `npm run build` (npm test does it). */
export function cli(args: string[], cwd: string): execa.ExecaSyncReturnValue {
  if (!fs.existsSync(path.join(REPO, 'dist/cli/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  return execa.sync('node', [BIN, ...args], { cwd, reject: false });
}

export interface PytestRun {
  exitCode: number;
  output: string;
  passed: number;
  skipped: number;
  failed: number;
  /** per test file: passed / skipped counts, from the -rA summary */
  byFile: Map<string, { passed: number; skipped: number }>;
}

export async function runPytest(cwd: string, args: string[] = []): Promise<PytestRun> {
  const run = await execa(testPython(), ['-m', 'pytest', '-q', '-rA', '-p', 'no:cacheprovider', ...args], {
    cwd,
    reject: false,
    env: { PYTHONDONTWRITEBYTECODE: '1' },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const last = output.trim().split('\n').filter((l) => /\d+ (passed|failed|skipped|error)/.test(l)).pop() ?? '';
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(last)?.[1] ?? 0);
  const byFile = new Map<string, { passed: number; skipped: number }>();
  const entry = (file: string): { passed: number; skipped: number } => {
    if (!byFile.has(file)) byFile.set(file, { passed: 0, skipped: 0 });
    return byFile.get(file)!;
  };
  for (const line of output.split('\n')) {
    const passed = /^PASSED ([^:]+)::/.exec(line);
    if (passed) entry(passed[1]).passed++;
    const skipped = /^SKIPPED \[(\d+)\] ([^:]+):/.exec(line);
    if (skipped) entry(skipped[2]).skipped += Number(skipped[1]);
  }
  return { exitCode: run.exitCode, output, passed: count('passed'), skipped: count('skipped'), failed: count('failed') + count('error'), byFile };
}
