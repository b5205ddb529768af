import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFix, type FixRunResult } from '../../src/fix/run';
import { runScan } from '../../src/engine/run';
import { initParser } from '../../src/lang/python/parser';
import '../../src/lang/python/rule';

/**
 * `fix` and the results cache (issue 12): a file whose cached result has
 * nothing this run would fix is not read again; the files fix checks leave
 * scan's results of what they now hold, so the scan after a fix is served
 * from the cache; and nothing of this changes what fix does or reports.
 * Real rules, real files, python3 as fix's verifier.
 */
const FILES: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.11"\n',
  'app/__init__.py': '',
  // TYP001: a safe fix
  'app/typed.py': 'from typing import List\n\n\ndef f(x: List[int]) -> List[int]:\n    """Return x."""\n    return x\n',
  // SEC005: an unsafe fix only
  'app/lucky.py': 'import random\n\n\ndef draw() -> float:\n    """Draw."""\n    return random.random()\n',
  // findings without fixes
  'app/plain.py': 'def g(a):\n    return a\n',
};

let root: string;
let cwd: string;
beforeAll(() => initParser());
beforeEach(() => {
  cwd = process.cwd();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-fixcache-'));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
});
afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(root, { recursive: true, force: true });
});

/** A copy of the project (its own folder, no cache) to run the same command on without a cache. */
function copy(): string {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-fixcache-b-'));
  for (const name of Object.keys(FILES)) {
    fs.mkdirSync(path.dirname(path.join(other, name)), { recursive: true });
    fs.copyFileSync(path.join(root, name), path.join(other, name));
  }
  return other;
}

const CACHE = () => path.join(root, '.rfsn-upgrade-cache');

async function fixIn(dir: string, cacheDir: string | null, extra: { unsafe?: boolean; write?: boolean; select?: string[] } = {}): Promise<FixRunResult> {
  process.chdir(dir);
  return runFix({ paths: ['.'], unsafe: !!extra.unsafe, write: extra.write ?? true, select: extra.select, cacheDir });
}

/** What fix reports and leaves on disk, comparable across two folders. */
function observed(r: FixRunResult, dir: string): unknown {
  return {
    fixes: r.fixes,
    changedFiles: r.changedFiles,
    unsafeSkipped: r.unsafeSkipped,
    findings: r.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.code} ${f.message} ${f.fix?.safety ?? '-'}`),
    errors: r.errors,
    warnings: r.warnings,
    diffs: r.outcomes.filter((o) => o.changed).map((o) => [o.path, o.text]),
    files: Object.fromEntries(Object.keys(FILES).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')])),
  };
}

async function scanIn(dir: string, cacheDir: string | null) {
  process.chdir(dir);
  return runScan({ paths: ['.'], cacheDir });
}

test('after a scan, fix skips the files with nothing to fix, and does exactly what an uncached fix does', async () => {
  await scanIn(root, CACHE());
  const other = copy();
  try {
    const cached = await fixIn(root, CACHE());
    expect(cached.cache).toEqual({ skipped: 3, checked: 1 }); // __init__, lucky (unsafe only), plain; typed is fixed
    expect(cached.changedFiles).toBe(1);
    const plain = await fixIn(other, null);
    expect(plain.cache).toBeUndefined();
    expect(observed(cached, root)).toEqual(observed(plain, other));
    expect(fs.readFileSync(path.join(root, 'app/typed.py'), 'utf8')).toContain('def f(x: list[int]) -> list[int]:');

    // the scan after the fix: every file from the cache, the same result as an uncached scan of the same files
    const warm = await scanIn(root, CACHE());
    expect(warm.cache).toEqual({ hits: 4, misses: 0 });
    const fresh = await scanIn(other, null);
    expect(warm.findings).toEqual(fresh.findings);
    expect(warm.errors).toEqual(fresh.errors);
    expect(warm.warnings).toEqual(fresh.warnings);

    // and a second fix has nothing to do, without reading a file again
    const again = await fixIn(root, CACHE());
    expect(again.cache).toEqual({ skipped: 4, checked: 0 });
    expect(again.fixes).toBe(0);
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});

test('with --unsafe-fixes an unsafe-only file is work again; a file changed since the scan is checked, not served', async () => {
  await scanIn(root, CACHE());
  fs.appendFileSync(path.join(root, 'app/plain.py'), '\n\nfrom typing import Dict\n\nd: Dict[str, int] = {}\n');
  const other = copy();
  try {
    const cached = await fixIn(root, CACHE(), { unsafe: true });
    expect(cached.cache).toEqual({ skipped: 1, checked: 3 }); // only __init__.py
    expect(observed(cached, root)).toEqual(observed(await fixIn(other, null, { unsafe: true }), other));
    expect(fs.readFileSync(path.join(root, 'app/lucky.py'), 'utf8')).toMatch(/secrets/);
    expect(fs.readFileSync(path.join(root, 'app/plain.py'), 'utf8')).toMatch(/^d: dict\[str, int\] = \{\}$/m);
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});

test('--diff writes nothing to the files but leaves entries for what it read: a second --diff skips the same files', async () => {
  const first = await fixIn(root, CACHE(), { write: false });
  expect(first.cache).toEqual({ skipped: 0, checked: 4 });
  expect(fs.readFileSync(path.join(root, 'app/typed.py'), 'utf8')).toBe(FILES['app/typed.py']);
  const second = await fixIn(root, CACHE(), { write: false });
  expect(second.cache).toEqual({ skipped: 3, checked: 1 });
  expect(observed(second, root)).toEqual(observed(first, root));
});

test('opt-in fixes (DOC skeletons) change the findings: such a run does not use the cache', async () => {
  await scanIn(root, CACHE());
  const r = await fixIn(root, CACHE(), { select: ['DOC'], unsafe: true });
  expect(r.cache).toBeUndefined();
  expect(r.changedFiles).toBeGreaterThan(0); // the skeletons were written: nothing was skipped from a scan's entries
});
