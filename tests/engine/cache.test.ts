import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CacheSet, statSignature, contentHash, encodeEntry, implementationHash, lookupFiles, ResultCache, resolveCacheDir, settingsKey, type CacheSettings, MARKER_FILE, CACHE_DIR_NAME, projectInputs } from '../../src/engine/cache';
import { checkOne, perFileIgnores, prepareRun } from '../../src/engine/run';
import { nothingToFix } from '../../src/fix/run';
import type { FileResult } from '../../src/engine/check';
import { initParser } from '../../src/lang/python/parser';
import { VERSION } from '../../src/version';
import { clearDocsCache } from '../../src/rules/config/_env';

/**
 * Every way the results cache must miss (a change of anything that decides a
 * file's result) and must still hit (a change of anything that does not), on
 * real results of the real rules over a small real project.
 */
const SOURCES: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.9"\n\n[tool.rfsn-upgrade]\nper-file-ignores = { "app/legacy.py" = ["SEC001"] }\n',
  'app/__init__.py': '',
  'app/run.py': [
    'import os, subprocess',
    'from typing import List',
    '',
    'def run(cmd: List[str]):',
    '    print("running %s" % cmd)  # noqa: LOG001',
    '    subprocess.call(cmd, shell=True)',
    '    return eval(os.environ["EXPR"])',
    '',
    'x = 1  # noqa: please',
    '',
  ].join('\n'),
  'app/legacy.py': 'def f(a):\n    return eval(a)\n',
  'app/broken.py': 'def f(:\n    pass\nprint(eval("1"))\n',
};

let proj: string;
let cacheDir: string;

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-cache-'));
  for (const [name, text] of Object.entries(SOURCES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Run {
  settings: CacheSettings;
  results: Map<string, { hash: string; result: FileResult; ignores: string[] }>;
}

/** Check the project's files with the real engine, from `root` as the working directory. */
function check(root: string, tweak: (s: CacheSettings) => void = () => {}): Run {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const prep = prepareRun({ paths: ['.'] });
    const settings: CacheSettings = { version: VERSION, engine: 'native', rules: prep.rules.map((r) => r.code), options: prep.options, python: 'python-A' };
    tweak(settings);
    const ignoredFor = perFileIgnores(prep.loaded.config['per-file-ignores'], prep.loaded.projectRoot);
    const results = new Map<string, { hash: string; result: FileResult; ignores: string[] }>();
    for (const abs of prep.found.files) {
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const out = checkOne({ abs, display: rel }, prep.rules, prep.options, prep.maxFileSize);
      if (out.result) results.set(rel, { hash: contentHash(fs.readFileSync(abs)), result: out.result, ignores: ignoredFor(abs) });
    }
    return { settings, results };
  } finally {
    process.chdir(cwd);
  }
}

function fill(run: Run, root = proj, dir = cacheDir): ResultCache {
  const c = ResultCache.open(dir, { root, settings: run.settings })!;
  for (const [rel, r] of run.results) c.store(rel, r.hash, rel, r.result, { ignores: r.ignores });
  c.flush();
  return c;
}

function hitsOf(run: Run, root = proj, dir = cacheDir): Record<string, boolean> {
  const c = ResultCache.open(dir, { root, settings: run.settings })!;
  expect(c.warnings).toEqual([]);
  const out: Record<string, boolean> = {};
  for (const [rel, r] of run.results) out[rel] = c.lookup(rel, r.hash, rel, r.ignores) !== null;
  return out;
}

const all = (v: boolean) => ({ 'app/__init__.py': v, 'app/run.py': v, 'app/legacy.py': v, 'app/broken.py': v });

beforeAll(async () => {
  await initParser();
});

beforeEach(() => {
  proj = project();
  cacheDir = path.join(proj, CACHE_DIR_NAME);
});

afterEach(() => fs.rmSync(proj, { recursive: true, force: true }));

test('a stored result comes back equal: findings with fixes, facts, warnings, suppressions, the syntax error', () => {
  const run = check(proj);
  const run1 = run.results.get('app/run.py')!;
  expect(run1.result.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['SEC001', 'SEC003', 'TYP001']));
  expect(run1.result.findings.some((f) => f.fix)).toBe(true);
  expect(run1.result.warnings.join()).toContain('app/run.py:9:');
  expect(run.results.get('app/broken.py')!.result.syntaxError).toBeDefined();
  fill(run);
  const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  for (const [rel, r] of run.results) {
    const got = c.lookup(rel, r.hash, rel, r.ignores)!.result;
    expect(got).toEqual(r.result);
    // byte-identical as JSON too: the same key order, so reports do not depend on the cache
    expect(JSON.stringify(got.findings)).toBe(JSON.stringify(r.result.findings));
  }
  expect(c.stats).toMatchObject({ hits: 4, misses: 0 });
  // the shared facts object stays one object for the codes that share it
  const facts = c.lookup('app/run.py', run1.hash, 'app/run.py', run1.ignores)!.result.facts;
  expect(facts.INT001).toBeDefined();
  expect(facts.INT001).toBe(facts.DEP001);
  expect(facts.INT001).toEqual(run1.result.facts.INT001);
  // TST001's are the shared facts and the file's test functions (skip-only stubs are no tests)
  const { tests, ...shared } = facts.TST001 as Record<string, unknown>;
  expect(tests).toEqual({ stubs: 0, total: 0 });
  expect(shared).toEqual(facts.INT001);
});

test('a result without facts (rules that keep none, e.g. --select SEC001) and an unreadable file come back, not as corrupt entries', () => {
  const run = check(proj);
  const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  const r = run.results.get('app/run.py')!;
  const bare: FileResult = { ...r.result, facts: {} };
  c.store('app/run.py', r.hash, 'app/run.py', bare);
  c.storeReadError('app/bad.py', 'h-bad', 'cannot decode: not valid UTF-8 (byte 0xf6 at offset 5); skipped');
  c.flush();
  const again = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  expect(again.lookup('app/run.py', r.hash, 'app/run.py')!.result).toEqual(bare);
  const bad = again.lookup('app/bad.py', 'h-bad', 'app/bad.py')!;
  expect(bad.readError).toBe('cannot decode: not valid UTF-8 (byte 0xf6 at offset 5); skipped');
  expect(bad.result.findings).toEqual([]);
  expect(again.warnings).toEqual([]);
});

describe('a file left alone since its hash was taken is looked up by its stat, without reading it (git index style)', () => {
  // the clock of the cache: 10 s after the files were written, so their stat is settled
  const later = () => Date.now() + 10_000;
  const jobs = (root: string) => Object.keys(SOURCES).filter((n) => n.endsWith('.py')).map((n) => ({ abs: path.join(root, n), display: n }));
  const ignoredFor = (abs: string): string[] => (abs.endsWith('legacy.py') ? ['SEC001'] : []); // the project's per-file-ignores
  function warm(): { cache: ResultCache; hits: string[] } {
    const run = check(proj);
    fill(run);
    // the first lookup hits by content and records the stat signatures
    const first = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: later() })!;
    expect(lookupFiles(first, jobs(proj), ignoredFor).hits.length).toBe(4);
    expect(first.stats.statHits).toBe(0);
    first.flush();
    const second = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: later() })!;
    return { cache: second, hits: lookupFiles(second, jobs(proj), ignoredFor).hits.map((h) => h.job.display) };
  }

  test('unchanged: every file by stat', () => {
    const { cache, hits } = warm();
    expect(hits.length).toBe(4);
    expect(cache.stats.statHits).toBe(4);
  });

  test('rewritten with the same size and its old mtime put back: the ctime differs, so it is read, and misses', () => {
    const f = path.join(proj, 'app/legacy.py');
    fs.utimesSync(f, 1_700_000_000, 1_700_000_000); // a time utimes can put back exactly
    const run = check(proj);
    fill(run);
    const first = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: later() })!;
    lookupFiles(first, jobs(proj), ignoredFor);
    first.flush();
    const st = fs.statSync(f);
    fs.writeFileSync(f, SOURCES['app/legacy.py'].replace('eval', 'exec'));
    fs.utimesSync(f, 1_700_000_000, 1_700_000_000);
    expect(fs.statSync(f).size).toBe(st.size);
    expect(fs.statSync(f).mtimeMs).toBe(st.mtimeMs);
    const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: later() })!;
    const got = lookupFiles(c, jobs(proj), ignoredFor);
    expect(got.misses.map((m) => m.display)).toEqual(['app/legacy.py']);
    expect(c.stats.statHits).toBe(3);
  });

  test('a file written a moment ago is not trusted by its stat (a write in the same clock tick keeps the mtime)', () => {
    const run = check(proj);
    fill(run);
    // the clock of the cache: when the files were written
    const now = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: fs.statSync(path.join(proj, 'app/run.py')).ctimeMs + 20 })!;
    lookupFiles(now, jobs(proj), ignoredFor);
    now.flush();
    const again = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: later() })!;
    expect(lookupFiles(again, jobs(proj), ignoredFor).hits.length).toBe(4); // by content
    expect(again.stats.statHits).toBe(0);
  });

  test('the settling time: 100 ms on file systems with sub-second times, 2 s on whole-second ones', () => {
    const st = (mtimeMs: number, ctimeMs: number) => ({ size: 1, mtimeMs, ctimeMs, ino: 7 }) as fs.Stats;
    expect(statSignature(st(1_000_000.5, 1_000_000.25), 1_000_050)).toBeNull();
    expect(statSignature(st(1_000_000.5, 1_000_000.25), 1_000_200)).toBe('1:1000000.5:1000000.25:7');
    expect(statSignature(st(1_000_000, 1_000_000), 1_000_500)).toBeNull();
    expect(statSignature(st(1_000_000, 1_000_000), 1_002_500)).toBe('1:1000000:1000000:7');
  });
});

test('a blob encoded elsewhere (a worker) is stored and served the same', () => {
  const run = check(proj);
  const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  for (const [rel, r] of run.results) c.storeEncoded(rel, r.hash, encodeEntry(r.result, rel), { ignores: r.ignores });
  expect(c.lookup('app/run.py', run.results.get('app/run.py')!.hash, 'app/run.py', [])!.result).toEqual(run.results.get('app/run.py')!.result);
  c.flush();
  for (const [rel, r] of run.results) expect(ResultCache.open(cacheDir, { root: proj, settings: run.settings })!.lookup(rel, r.hash, rel, r.ignores)!.result).toEqual(r.result);
});

test('lookupFiles: hits from the bytes on disk, misses for a changed, vanished or oversized file', () => {
  const run = check(proj);
  fill(run);
  fs.appendFileSync(path.join(proj, 'app/legacy.py'), '# edited\n');
  fs.writeFileSync(path.join(proj, 'app/big.py'), 'x = 1\n'.repeat(100));
  const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  const jobs = ['app/run.py', 'app/legacy.py', 'app/broken.py', 'app/gone.py', 'app/big.py'].map((rel) => ({ abs: path.join(proj, rel), display: `./${rel}` }));
  const ignoredFor = (abs: string) => run.results.get(path.relative(proj, abs))?.ignores ?? [];
  const { hits, misses } = lookupFiles(c, jobs, ignoredFor, 500);
  expect(hits.map((h) => h.job.display)).toEqual(['./app/run.py', './app/broken.py']);
  expect(hits[0].hash).toBe(run.results.get('app/run.py')!.hash);
  expect(hits[0].result.findings.every((f) => f.path === './app/run.py')).toBe(true);
  expect(misses.map((m) => m.display)).toEqual(['./app/legacy.py', './app/gone.py', './app/big.py']);
});

test('CacheSet: two project roots under one cache, same settings, same file names: one pack, no collision', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-cache-home-'));
  try {
    for (const sub of ['one', 'two']) fs.cpSync(proj, path.join(home, sub), { recursive: true });
    fs.appendFileSync(path.join(home, 'two/app/run.py'), 'z = 3\n');
    const runs = ['one', 'two'].map((sub) => check(path.join(home, sub)));
    const set = new CacheSet(path.join(home, CACHE_DIR_NAME), home);
    const caches = runs.map((r) => set.for(r.settings)!);
    expect(caches[0]).toBe(caches[1]);
    ['one', 'two'].forEach((sub, i) => {
      for (const [rel, r] of runs[i].results) caches[i].store(caches[i].relOf(path.join(home, sub, rel)), r.hash, rel, r.result, { ignores: r.ignores });
    });
    expect(set.flush()).toEqual([]);
    const again = new CacheSet(path.join(home, CACHE_DIR_NAME), home);
    const c = again.for(runs[1].settings)!;
    const two = runs[1].results.get('app/run.py')!;
    expect(c.lookup('two/app/run.py', two.hash, 'app/run.py', two.ignores)!.result).toEqual(two.result);
    expect(c.lookup('one/app/run.py', two.hash, 'app/run.py', two.ignores)).toBeNull();
    expect(new CacheSet(null, home).for(runs[0].settings)).toBeNull();
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('nothingToFix: a cached result with a safe fix is work; unsafe ones only with --unsafe-fixes; a file without fixes is skipped', () => {
  const run = check(proj);
  const r = run.results.get('app/run.py')!.result;
  const fixes = r.findings.filter((f) => f.fix).map((f) => `${f.code}:${f.fix!.safety}`).sort();
  expect(fixes).toEqual(['SEC001:unsafe', 'SEC003:unsafe', 'TYP001:safe']);
  const all = new Set(r.findings.map((f) => f.code));
  const without = (code: string): Set<string> => new Set([...all].filter((c) => c !== code));
  expect(nothingToFix(r, all, { unsafe: false })).toBe(false); // TYP001
  expect(nothingToFix(r, without('TYP001'), { unsafe: false })).toBe(true); // only unsafe ones left
  expect(nothingToFix(r, without('TYP001'), { unsafe: true })).toBe(false);
  expect(nothingToFix(r, new Set(['DOC001', 'DOC002', 'DOC003', 'DOC004']), { unsafe: true })).toBe(true); // no fixer has a finding here
  expect(nothingToFix({ ...r, findings: [{ ...r.findings[0], fix: null, declined: 'why' }] }, all, { unsafe: false })).toBe(false); // a decline is reported: work
  expect(nothingToFix({ ...r, syntaxError: { line: 1, column: 1, message: 'x' } }, new Set(), { unsafe: false })).toBe(false);
  expect(nothingToFix(run.results.get('app/__init__.py')!.result, all, { unsafe: true })).toBe(true);
});

test('the folder gets our marker and a .gitignore of *; nothing outside it is written', () => {
  fill(check(proj));
  expect(fs.readFileSync(path.join(cacheDir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  expect(fs.readFileSync(path.join(cacheDir, MARKER_FILE), 'utf8')).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55/);
  expect(fs.readdirSync(proj).sort()).toEqual([CACHE_DIR_NAME, 'app', 'pyproject.toml']);
  expect(fs.readdirSync(path.join(cacheDir, 'v2')).filter((f) => f.includes('.tmp'))).toEqual([]);
});

test('the default folder is at the project root; --cache-dir, then RFSN_UPGRADE_CACHE_DIR override it', () => {
  expect(resolveCacheDir('/p', undefined, {})).toBe(path.join('/p', CACHE_DIR_NAME));
  expect(resolveCacheDir('/p', undefined, { RFSN_UPGRADE_CACHE_DIR: '/env' })).toBe('/env');
  expect(resolveCacheDir('/p', '/flag', { RFSN_UPGRADE_CACHE_DIR: '/env' })).toBe('/flag');
  expect(ResultCache.open(null, { root: proj, settings: check(proj).settings })).toBeNull();
});

describe('misses after a change of what decides the result', () => {
  beforeEach(() => fill(check(proj)));

  test('the config table (a rule option)', () => {
    fs.appendFileSync(path.join(proj, 'pyproject.toml'), 'allow-print-in = ["*/run.py"]\n');
    expect(hitsOf(check(proj))).toEqual(all(false));
  });

  test('the target version', () => {
    expect(hitsOf(check(proj, (s) => (s.options = { ...s.options, targetMinor: 12 })))).toEqual(all(false));
  });

  test('the target version from requires-python', () => {
    const p = path.join(proj, 'pyproject.toml');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('>=3.9', '>=3.10'));
    expect(hitsOf(check(proj))).toEqual(all(false));
  });

  test('the selected rules', () => {
    expect(hitsOf(check(proj, (s) => (s.rules = s.rules.filter((c) => c !== 'SEC001'))))).toEqual(all(false));
  });

  test('the opt-in fixes', () => {
    expect(hitsOf(check(proj, (s) => (s.options = { ...s.options, optInFixes: ['DOC001'] })))).toEqual(all(false));
  });

  test('the per-file-ignores that match the file: only that file misses', () => {
    const p = path.join(proj, 'pyproject.toml');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('["SEC001"]', '["SEC001", "TYP"]'));
    expect(hitsOf(check(proj))).toEqual({ ...all(true), 'app/legacy.py': false });
  });

  test('the tool version', () => {
    expect(hitsOf(check(proj, (s) => (s.version = '9.9.9')))).toEqual(all(false));
  });

  test('the rule implementation hash (a rebuilt tool with the same version)', () => {
    expect(hitsOf(check(proj, (s) => (s.implementation = 'another build')))).toEqual(all(false));
  });

  test('the engine', () => {
    expect(hitsOf(check(proj, (s) => (s.engine = 'semgrep')))).toEqual(all(false));
  });

  test("the file's content: only that file misses", () => {
    fs.appendFileSync(path.join(proj, 'app/run.py'), 'y = 2\n');
    expect(hitsOf(check(proj))).toEqual({ ...all(true), 'app/run.py': false });
  });

  test('the pyproject.toml outside the tool table (LOG001 reads console-script entry points)', () => {
    const p = path.join(proj, 'pyproject.toml');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('requires-python = ">=3.9"\n', 'requires-python = ">=3.9"\nscripts = { app = "app.run:run" }\n'));
    expect(hitsOf(check(proj))).toEqual(all(false));
  });

  test("the project's docs (CFG001 checks that variables are documented)", () => {
    fs.writeFileSync(path.join(proj, 'README.md'), 'Set EXPR to the expression.\n');
    clearDocsCache(); // CFG001 reads the docs once per process; the CLI is one process per run
    expect(hitsOf(check(proj))).toEqual(all(false));
  });

  test('a folder above the file becoming a package or not (LOG001)', () => {
    fs.rmSync(path.join(proj, 'app/__init__.py'));
    const run = check(proj);
    expect(hitsOf(run)).toEqual({ 'app/run.py': false, 'app/legacy.py': false, 'app/broken.py': false });
  });
});

describe('still hits after a change that cannot change the result', () => {
  beforeEach(() => fill(check(proj)));

  test("another file's content: the others hit", () => {
    fs.appendFileSync(path.join(proj, 'app/legacy.py'), '# more\n');
    expect(hitsOf(check(proj))).toEqual({ ...all(true), 'app/legacy.py': false });
  });

  test('the mtime only (a fresh checkout)', () => {
    for (const f of ['app/run.py', 'app/legacy.py', 'app/broken.py', 'app/__init__.py']) fs.utimesSync(path.join(proj, f), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(hitsOf(check(proj))).toEqual(all(true));
  });

  test('a per-file-ignore that matches no file of these', () => {
    const p = path.join(proj, 'pyproject.toml');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('"app/legacy.py" = ["SEC001"]', '"app/legacy.py" = ["SEC001"], "tests/*.py" = ["SEC"]'));
    expect(hitsOf(check(proj))).toEqual(all(true));
  });

  test('a comment in pyproject.toml', () => {
    fs.appendFileSync(path.join(proj, 'pyproject.toml'), '# reformatted\n');
    expect(hitsOf(check(proj))).toEqual(all(true));
  });

  test('exclude and fail-on (discovery and the exit code)', () => {
    fs.appendFileSync(path.join(proj, 'pyproject.toml'), 'fail-on = "low"\nexclude = ["scripts/"]\n');
    expect(hitsOf(check(proj))).toEqual(all(true));
  });

  test('a cache moved with its project to another folder (relative paths), read from another working directory', () => {
    const moved = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-cache-moved-'));
    try {
      fs.cpSync(proj, moved, { recursive: true });
      const run = check(moved);
      const c = ResultCache.open(path.join(moved, CACHE_DIR_NAME), { root: moved, settings: run.settings })!;
      const r = run.results.get('app/run.py')!;
      // the run reports paths relative to its cwd: here, one folder up
      const display = `${path.basename(moved)}/app/run.py`;
      const got = c.lookup('app/run.py', r.hash, display, r.ignores)!;
      expect(got).not.toBeNull();
      expect(got.result.findings.every((f) => f.path === display)).toBe(true);
      expect(got.result.warnings.every((w) => w.startsWith(`${display}:`))).toBe(true);
      expect(hitsOf(run, moved, path.join(moved, CACHE_DIR_NAME))).toEqual(all(true));
    } finally {
      fs.rmSync(moved, { recursive: true, force: true });
    }
  });
});

test('the python3 verdict is served only to the interpreter that gave it', () => {
  const run = check(proj);
  const b = run.results.get('app/broken.py')!;
  const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  c.store('app/broken.py', b.hash, 'app/broken.py', b.result, { compile: { ok: false, line: 1, column: 7, message: 'invalid syntax' } });
  c.flush();
  const same = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  expect(same.lookup('app/broken.py', b.hash, 'app/broken.py')?.compile).toEqual({ ok: false, line: 1, column: 7, message: 'invalid syntax' });
  const other = ResultCache.open(cacheDir, { root: proj, settings: { ...run.settings, python: 'python-B' } })!;
  const got = other.lookup('app/broken.py', b.hash, 'app/broken.py');
  expect(got?.result).toEqual(b.result);
  expect(got?.compile).toBeUndefined();
});

describe('a bad cache file is one warning, then rebuilt', () => {
  let run: Run;
  let pack: string;
  beforeEach(() => {
    run = check(proj);
    pack = fill(run).packFile;
  });

  const rebuilt = (): void => {
    const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toMatch(/^cache: .*v2\/[0-9a-f]{32}\.pack: .*; ignored, it will be rebuilt$/);
    for (const [rel, r] of run.results) expect(c.lookup(rel, r.hash, rel, r.ignores)).toBeNull();
    for (const [rel, r] of run.results) c.store(rel, r.hash, rel, r.result, { ignores: r.ignores });
    c.flush();
    expect(hitsOf(run)).toEqual(all(true));
  };

  test('truncated', () => {
    fs.truncateSync(pack, Math.floor(fs.statSync(pack).size / 2));
    rebuilt();
  });

  test('random bytes', () => {
    fs.writeFileSync(pack, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    rebuilt();
  });

  test('a foreign file (JSON of another tool)', () => {
    fs.writeFileSync(pack, JSON.stringify({ version: 1, files: {} }));
    rebuilt();
  });

  test('an empty file', () => {
    fs.writeFileSync(pack, '');
    rebuilt();
  });

  test('a corrupt entry in a well-formed pack: that entry misses, with a warning', () => {
    const buf = fs.readFileSync(pack);
    // overwrite the first blob's opening bytes (the body is at the end, entries sorted by path)
    const text = buf.toString('latin1');
    const at = text.lastIndexOf('[{"f":');
    buf.write('@@@@', at, 'latin1');
    fs.writeFileSync(pack, buf);
    const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
    const hits = [...run.results].map(([rel, r]) => c.lookup(rel, r.hash, rel, r.ignores) !== null);
    expect(hits.filter((h) => !h)).toHaveLength(1);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toMatch(/^cache: the entry of app\/.* is corrupt/);
  });
});

test('entries not seen for 7 days are pruned; packs of old settings too', () => {
  const run = check(proj);
  const day = 86_400_000;
  const t0 = Date.UTC(2026, 0, 1, 12);
  const old = ResultCache.open(cacheDir, { root: proj, settings: { ...run.settings, version: '0.0.1' }, now: t0 })!;
  old.store('app/run.py', 'h', 'app/run.py', run.results.get('app/run.py')!.result);
  old.flush();
  fs.utimesSync(old.packFile, new Date(t0), new Date(t0));
  const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: t0 })!;
  for (const [rel, r] of run.results) c.store(rel, r.hash, rel, r.result, { ignores: r.ignores });
  c.flush();
  // day 5: only run.py is looked at; day 10: the others were last seen 10 days ago
  const d5 = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: t0 + 5 * day })!;
  const r = run.results.get('app/run.py')!;
  expect(d5.lookup('app/run.py', r.hash, 'app/run.py', r.ignores)).not.toBeNull();
  d5.flush();
  expect(fs.existsSync(old.packFile)).toBe(true);
  const d10 = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: t0 + 10 * day })!;
  expect(d10.stats.entries).toBe(4);
  d10.store('app/legacy.py', 'new', 'app/legacy.py', run.results.get('app/legacy.py')!.result);
  d10.flush();
  expect(d10.stats.pruned).toBe(2); // __init__.py and broken.py
  expect(fs.existsSync(old.packFile)).toBe(false);
  const after = ResultCache.open(cacheDir, { root: proj, settings: run.settings, now: t0 + 10 * day })!;
  expect(after.stats.entries).toBe(2);
  expect(after.lookup('app/run.py', r.hash, 'app/run.py', r.ignores)).not.toBeNull();
});

test('settings keys: deterministic, and the implementation hash is of content, computed once', () => {
  const run = check(proj);
  expect(settingsKey(run.settings)).toBe(settingsKey({ ...run.settings }));
  expect(settingsKey(run.settings)).toMatch(/^[0-9a-f]{32}$/);
  expect(implementationHash()).toMatch(/^[0-9a-f]{64}$/);
  expect(implementationHash()).toBe(implementationHash());
  // projectInputs: the pyproject.toml as parsed, without our table (that is in the key as settings)
  const inputs = () => projectInputs(proj, run.settings.options, run.settings.rules);
  const p = path.join(proj, 'pyproject.toml');
  const a = inputs();
  fs.appendFileSync(p, '# a comment\nfail-on = "low"\n');
  expect(inputs()).toBe(a);
  fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('name = "app"', 'name = "app2"'));
  expect(inputs()).not.toBe(a);
});

test('two processes writing the same cache at once never leave it unreadable', async () => {
  const run = check(proj);
  const dist = path.resolve(__dirname, '../../dist/engine/cache.js');
  const input = path.join(proj, 'input.json');
  // the children load dist/, the test src/: one implementation for both
  run.settings.implementation = 'this build';
  fs.writeFileSync(input, JSON.stringify({ settings: run.settings, results: [...run.results] }));
  // each writer stores every entry under 50 names and flushes after each, 25 times
  const script = `
    const { ResultCache } = require(${JSON.stringify(dist)});
    const { settings, results } = JSON.parse(require('fs').readFileSync(${JSON.stringify(input)}, 'utf8'));
    const me = process.argv[1];
    for (let round = 0; round < 25; round++) {
      const c = ResultCache.open(${JSON.stringify(cacheDir)}, { root: ${JSON.stringify(proj)}, settings });
      if (c.warnings.length) { console.error(c.warnings.join('\\n')); process.exit(3); }
      for (let i = 0; i < 50; i++) for (const [rel, r] of results) c.store(me + i + '/' + rel, r.hash, rel, r.result, { ignores: r.ignores });
      c.flush();
      if (c.warnings.length) { console.error(c.warnings.join('\\n')); process.exit(4); }
    }`;
  const child = (name: string): Promise<{ code: number | null; err: string }> =>
    new Promise((resolve) => {
      const p = spawn(process.execPath, ['-e', script, name], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ code, err }));
    });
  const outcomes = await Promise.all([child('a'), child('b')]);
  expect(outcomes).toEqual([
    { code: 0, err: '' },
    { code: 0, err: '' },
  ]);
  const c = ResultCache.open(cacheDir, { root: proj, settings: run.settings })!;
  expect(c.warnings).toEqual([]);
  // every entry that survived decodes to the stored result (the last writer wins; merging keeps the other's)
  const r = run.results.get('app/run.py')!;
  let found = 0;
  for (const who of ['a', 'b']) for (let i = 0; i < 50; i++) {
    const got = c.lookup(`${who}${i}/app/run.py`, r.hash, 'app/run.py');
    if (got) {
      found++;
      expect(got.result).toEqual(r.result);
    }
  }
  expect(found).toBeGreaterThanOrEqual(50);
  expect(fs.readdirSync(path.join(cacheDir, 'v2')).filter((f) => f.includes('.tmp'))).toEqual([]);
}, 120_000);
