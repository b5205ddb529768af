#!/usr/bin/env node
/* eslint-disable no-console */
'use strict';
/**
 * `npm run fix-real`: real projects, with their own test suites, as the oracle
 * of `fix` (issue 10). Each project is a pinned source distribution from PyPI
 * (downloaded once into .cache/fix-real/sdist), unpacked fresh, and tested in
 * its own virtual environment (.cache/fix-real/venv/NAME, built once with the
 * test dependencies below):
 *
 *   1. the suite before any fix;
 *   2. `fix` (safe fixes, at the project's target version from Requires-Python)
 *      on the library's code (never on its tests: they are the oracle); then
 *      every changed file must compile, a second run must change nothing, and
 *      the suite must have no new failure;
 *      and `fix --select DEP .` over the whole project (the project-level
 *      fixes need it) must leave every manifest as it was: each of these
 *      projects declares what it imports;
 *   3. `fix --unsafe-fixes` on a fresh copy, the suite again, and each new
 *      failure traced to the rule whose fixes cause it (the unsafe rules are
 *      applied one at a time), with its message, for a verdict;
 *   4. `fix --unsafe-fixes --verify "<its pytest command>"` on another fresh
 *      copy: what --verify reverted and why (file, rule, tests broken), and
 *      the suite once more on what it kept (no new failure allowed).
 *
 * Prints two Markdown tables, writes .cache/fix-real/results.json, and exits 1
 * when a safe-fix or --verify check fails. Network is needed only the first
 * time. Options: --only NAME[,NAME], --keep (leave the work trees),
 * --no-verify (skip step 4).
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const CACHE = path.join(ROOT, '.cache', 'fix-real');
const BASE_PYTHON = process.env.FIX_REAL_PYTHON ?? path.join(ROOT, '.venv', 'bin', 'python');
const PYTEST = 'pytest==8.3.3';

/** name, version, the library's code (fixed), what the tests import from, test folder, test deps */
const PROJECTS = [
  { name: 'more-itertools', version: '10.5.0', code: ['more_itertools'], pythonpath: '.', tests: 'tests', deps: [PYTEST] },
  { name: 'toolz', version: '1.0.0', code: ['toolz', 'tlz'], pythonpath: '.', tests: 'toolz/tests', deps: [PYTEST] },
  { name: 'tabulate', version: '0.9.0', code: ['tabulate'], pythonpath: '.', tests: 'test', deps: [PYTEST] },
  // its pytest configuration names coverage's warning class: pytest-cov brings coverage
  { name: 'humanize', version: '4.11.0', code: ['src/humanize'], pythonpath: 'src', tests: 'tests', deps: [PYTEST, 'freezegun==1.5.1', 'pytest-cov==5.0.0'] },
  { name: 'click', version: '8.1.7', code: ['src/click'], pythonpath: 'src', tests: 'tests', deps: [PYTEST] },
  { name: 'six', version: '1.16.0', code: ['six.py'], pythonpath: '.', tests: 'test_six.py', deps: [PYTEST] },
  { name: 'wcwidth', version: '0.2.13', code: ['wcwidth'], pythonpath: '.', tests: 'tests', deps: [PYTEST] },
  // issue 22's three: class-body annotations attrs reads, a TYPE_CHECKING import, a py2-era code base (its
  // conftest marks tests no_cover, a mark pytest-cov registers, under filterwarnings = error)
  { name: 'attrs', version: '24.2.0', code: ['src/attr', 'src/attrs'], pythonpath: 'src', tests: 'tests', deps: [PYTEST, 'hypothesis==6.112.1', 'pympler==1.1', 'cloudpickle==3.0.0'] },
  { name: 'itsdangerous', version: '2.2.0', code: ['src/itsdangerous'], pythonpath: 'src', tests: 'tests', deps: [PYTEST, 'freezegun==1.4.0'] },
  { name: 'python-dateutil', version: '2.9.0.post0', code: ['src/dateutil'], pythonpath: 'src', tests: 'tests', deps: [PYTEST, 'six==1.16.0', 'freezegun==1.4.0', 'hypothesis==6.112.1', 'pytest-cov==5.0.0'] },
];

/** what declares a project's dependencies: fix may edit these only for an import the project does not declare */
const MANIFESTS = /^(pyproject\.toml|setup\.cfg|setup\.py|requirements[\w.-]*\.(txt|in))$/;

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout ?? '', err: r.stderr ?? '' };
}

function must(cmd, args, opts) {
  const r = sh(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${(r.err || r.out).trim().split('\n').slice(-5).join('\n')}`);
  return r;
}

function sdist(p) {
  const dir = path.join(CACHE, 'sdist');
  fs.mkdirSync(dir, { recursive: true });
  const want = [`${p.name}-${p.version}.tar.gz`, `${p.name.replace(/-/g, '_')}-${p.version}.tar.gz`];
  const have = () => want.map((w) => path.join(dir, w)).find((f) => fs.existsSync(f));
  if (!have()) must(BASE_PYTHON, ['-m', 'pip', 'download', '-q', '--no-binary', ':all:', '--no-deps', '-d', dir, `${p.name}==${p.version}`]);
  const f = have();
  if (!f) throw new Error(`no sdist for ${p.name}==${p.version} in ${dir}`);
  return f;
}

function venv(p) {
  const dir = path.join(CACHE, 'venv', p.name);
  const py = path.join(dir, 'bin', 'python');
  const stamp = path.join(dir, '.fix-real-deps');
  const deps = p.deps.join(' ');
  if (fs.existsSync(py) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === deps) return py;
  if (!fs.existsSync(py)) must(BASE_PYTHON, ['-m', 'venv', dir]);
  must(py, ['-m', 'pip', 'install', '-q', ...p.deps]);
  fs.writeFileSync(stamp, deps);
  return py;
}

function unpack(p, tarball, label) {
  const dir = path.join(CACHE, 'work', `${p.name}-${label}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  must('tar', ['xzf', tarball, '-C', dir, '--strip-components=1']);
  return dir;
}

function requiresPython(dir) {
  const info = fs.readFileSync(path.join(dir, 'PKG-INFO'), 'utf8');
  const m = /^Requires-Python:\s*>=\s*3\.(\d+)/im.exec(info);
  const minor = Math.max(8, m ? Number(m[1]) : 8);
  return `py3${minor}`;
}

// -o addopts=: the project's own options (coverage reports, colour) are not the oracle's
const PYTEST_ARGS = ['-q', '-p', 'no:cacheprovider', '-o', 'addopts=', '-W', 'ignore::DeprecationWarning'];

function testEnv(p, dir) {
  return { ...process.env, PYTHONPATH: path.join(dir, p.pythonpath), PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0', NO_COLOR: '1', COLUMNS: '500' };
}

/** The suite's failures (pytest's short summary): test id -> first line of the reason. */
function runTests(p, py, dir) {
  const r = sh(py, ['-m', 'pytest', ...PYTEST_ARGS, '-rfE', '--tb=no', p.tests], { cwd: dir, env: testEnv(p, dir), timeout: 900_000 });
  const failed = new Map();
  for (const line of r.out.split('\n')) {
    const m = /^(FAILED|ERROR) (\S+)(?: - (.*))?$/.exec(line);
    if (m) failed.set(m[2], (m[3] ?? m[1]).slice(0, 200));
  }
  const tail = r.out.trim().split('\n').pop() ?? '';
  const passed = Number(/(\d+) passed/.exec(tail)?.[1] ?? 0);
  if (r.code !== 0 && r.code !== 1) throw new Error(`pytest could not run the suite of ${p.name} (exit ${r.code}): ${tail || r.err.trim().split('\n').pop()}`);
  return { failed, passed, summary: tail };
}

function pyFiles(dir, rels, testsRel) {
  const out = [];
  const tests = path.join(dir, testsRel);
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) {
        if (f === tests || e.name === 'tests' || e.name === '__pycache__') continue;
        walk(f);
      } else if (e.name.endsWith('.py')) out.push(f);
    }
  };
  for (const r of rels) {
    const f = path.join(dir, r);
    if (fs.statSync(f).isDirectory()) walk(f);
    else out.push(f);
  }
  return out.sort();
}

function digest(files) {
  const m = new Map();
  for (const f of files) m.set(f, crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
  return m;
}

function fix(dir, files, target, extra = [], env = process.env) {
  const r = sh(process.execPath, [BIN, 'fix', '--no-progress', '--fail-on', 'never', '--target-version', target, ...extra, ...files.map((f) => path.relative(dir, f))], { cwd: dir, env: { ...env, NO_COLOR: '1' } });
  if (r.code === 2) throw new Error(`fix exited 2 in ${dir}: ${r.err.trim().split('\n').slice(-3).join(' | ')}`);
  return { code: r.code, summary: r.out.split('\n')[0], err: r.err };
}

/** Rule codes of the fixes a run applied, from its migration report. */
function appliedRules(reportFile) {
  const md = fs.readFileSync(reportFile, 'utf8');
  const out = new Map();
  for (const m of md.matchAll(/^\| U\d+ [^|]*\| ([A-Z]+\d+) \| (\d+) \| (\d+) \|$/gm)) out.set(m[1], Number(m[2]));
  return out;
}

function compiles(py, files) {
  if (!files.length) return [];
  const r = sh(py, ['-c', 'import sys\nbad = []\nfor f in sys.argv[1:]:\n    try: compile(open(f, "rb").read(), f, "exec", dont_inherit=True)\n    except Exception as e: bad.append(f + ": " + type(e).__name__ + ": " + str(e).splitlines()[0])\nprint("\\n".join(bad))', ...files]);
  return r.out.split('\n').filter(Boolean);
}

function changedFiles(before, files) {
  const after = digest(files);
  return files.filter((f) => before.get(f) !== after.get(f));
}

function diff(a, b) {
  return [...b].filter(([k]) => !a.has(k));
}

/** The project's manifests (MANIFESTS), at its root and in requirements/. */
function manifests(dir) {
  const top = fs.readdirSync(dir).filter((n) => MANIFESTS.test(n)).map((n) => path.join(dir, n));
  const req = path.join(dir, 'requirements');
  const sub = fs.existsSync(req) ? fs.readdirSync(req).filter((n) => /\.(txt|in)$/.test(n)).map((n) => path.join(req, n)) : [];
  return [...top, ...sub].sort();
}

/**
 * `fix --unsafe-fixes --verify "<the pytest command>"` on a fresh copy: the
 * fixes its own suite let through, what it reverted and why (the `reverted:`
 * lines on stderr), and the suite once more on the result.
 */
function verifyProject(p, py, tarball, target, base) {
  const dir = unpack(p, tarball, 'verify');
  const files = pyFiles(dir, p.code, p.tests);
  const command = [py, '-m', 'pytest', ...PYTEST_ARGS, p.tests].map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w}'`)).join(' ');
  const t0 = Date.now();
  const r = fix(dir, files, target, ['--unsafe-fixes', '--verify', command, '--verify-timeout', '900'], testEnv(p, dir));
  const seconds = Math.round((Date.now() - t0) / 1000);
  const reverted = [];
  for (const m of r.err.matchAll(/^reverted: (\S+):(\d+) ([A-Z]+\d+) \((.*)\): broke (.*)$/gm)) reverted.push({ file: m[1], line: Number(m[2]), rule: m[3], fix: m[4], tests: m[5] });
  const nothing = /^0 fixes/.test(r.summary) && r.code !== 2;
  const line = /^verify: (.*)$/m.exec(r.err)?.[1] ?? (nothing ? 'nothing to fix: the suite never ran' : `no verify line (exit ${r.code}): ${r.err.trim().split('\n').pop()}`);
  const after = runTests(p, py, dir);
  const out = { summary: r.summary, line, seconds, reverted, tests: after.summary, newFailures: diff(base.failed, after.failed) };
  if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

function runProject(p) {
  const tarball = sdist(p);
  const py = venv(p);
  const row = { project: `${p.name} ${p.version}`, ok: true, problems: [] };
  // 1. before
  const pristine = unpack(p, tarball, 'safe');
  const target = requiresPython(pristine);
  row.target = target;
  const base = runTests(p, py, pristine);
  row.before = base.summary;
  // 2. safe fixes
  const files = pyFiles(pristine, p.code, p.tests);
  row.files = files.length;
  const d0 = digest(files);
  const report = path.join(CACHE, 'work', `${p.name}-safe.md`);
  const safe = fix(pristine, files, target, ['--report', report]);
  const changed = changedFiles(d0, files);
  row.safe = { summary: safe.summary, changed: changed.length, rules: Object.fromEntries(appliedRules(report)) };
  const bad = compiles(py, changed);
  if (bad.length) {
    row.ok = false;
    row.problems.push(...bad.map((b) => `safe fix result does not compile: ${b}`));
  }
  const d1 = digest(files);
  const again = fix(pristine, files, target);
  const moved = changedFiles(d1, files);
  row.safe.second = again.summary;
  if (moved.length) {
    row.ok = false;
    row.problems.push(`second safe run changed ${moved.map((f) => path.relative(pristine, f)).join(', ')}`);
  }
  // the project-level fixes (DEP's manifest edits) judge the whole project; a project that declares what it imports gets none
  const m0 = digest(manifests(pristine));
  const dep = fix(pristine, [], target, ['--select', 'DEP']);
  const edited = changedFiles(m0, [...m0.keys()]);
  row.safe.manifests = edited.length ? edited.map((f) => path.relative(pristine, f)).join(', ') : 'none edited';
  if (edited.length) {
    row.ok = false;
    row.problems.push(`fix --select DEP edited ${row.safe.manifests} (${dep.summary})`);
  }
  const afterSafe = runTests(p, py, pristine);
  row.safe.tests = afterSafe.summary;
  row.safe.newFailures = diff(base.failed, afterSafe.failed);
  if (row.safe.newFailures.length) {
    row.ok = false;
    row.problems.push(...row.safe.newFailures.map(([t, why]) => `safe fixes: new failure ${t}: ${why}`));
  }
  // 3. unsafe fixes on a fresh copy
  const work = unpack(p, tarball, 'unsafe');
  const ufiles = pyFiles(work, p.code, p.tests);
  const u0 = digest(ufiles);
  const ureport = path.join(CACHE, 'work', `${p.name}-unsafe.md`);
  const unsafe = fix(work, ufiles, target, ['--unsafe-fixes', '--report', ureport]);
  const uchanged = changedFiles(u0, ufiles);
  const urules = appliedRules(ureport);
  row.unsafe = { summary: unsafe.summary, changed: uchanged.length, rules: Object.fromEntries(urules) };
  const ubad = compiles(py, uchanged);
  if (ubad.length) row.problems.push(...ubad.map((b) => `unsafe fix result does not compile: ${b}`));
  const afterUnsafe = runTests(p, py, work);
  row.unsafe.tests = afterUnsafe.summary;
  const fresh = diff(base.failed, afterUnsafe.failed);
  // 4. each new failure traced to the unsafe rule(s) whose fixes alone cause it
  const causes = new Map(fresh.map(([t]) => [t, []]));
  if (fresh.length) {
    const safeRules = new Set(Object.keys(row.safe.rules));
    for (const code of urules.keys()) {
      if (safeRules.has(code) && row.safe.rules[code] === urules.get(code)) continue; // safe fixes, already tested
      const one = unpack(p, tarball, `only-${code}`);
      const ofiles = pyFiles(one, p.code, p.tests);
      fix(one, ofiles, target, ['--unsafe-fixes', '--select', code]);
      const t = runTests(p, py, one);
      for (const [test] of fresh) if (t.failed.has(test) && !base.failed.has(test)) causes.get(test).push(code);
      if (!process.argv.includes('--keep')) fs.rmSync(one, { recursive: true, force: true });
    }
  }
  row.unsafe.newFailures = fresh.map(([t, why]) => ({ test: t, reason: why, rules: causes.get(t) }));
  // 5. the same unsafe fixes, proven by the suite
  if (!process.argv.includes('--no-verify')) {
    row.verify = verifyProject(p, py, tarball, target, base);
    if (row.verify.newFailures.length || !/^(green|nothing to fix)/.test(row.verify.line)) {
      row.ok = false;
      row.problems.push(`--verify: ${row.verify.line}; new failures after it: ${row.verify.newFailures.map(([t]) => t).join(', ') || 'none'}`);
    }
  }
  if (!process.argv.includes('--keep')) {
    fs.rmSync(pristine, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
  return row;
}

function main() {
  const only = (() => {
    const i = process.argv.indexOf('--only');
    return i > 0 ? new Set(process.argv[i + 1].split(',')) : null;
  })();
  const rows = [];
  for (const p of PROJECTS) {
    if (only && !only.has(p.name)) continue;
    const t0 = Date.now();
    process.stderr.write(`${p.name} ${p.version}…\n`);
    try {
      rows.push({ ...runProject(p), seconds: Math.round((Date.now() - t0) / 1000) });
    } catch (err) {
      rows.push({ project: `${p.name} ${p.version}`, ok: false, problems: [err.message], seconds: Math.round((Date.now() - t0) / 1000) });
    }
  }
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(path.join(CACHE, 'results.json'), JSON.stringify(rows, null, 2));
  const rules = (r) => Object.entries(r ?? {}).map(([c, n]) => `${c}×${n}`).join(' ') || '–';
  console.log('| Project | Target | Files | Tests before | Safe fix | Safe: rules | Second run | Manifests (fix --select DEP .) | Tests after safe | New failures (safe) | Unsafe fix | Unsafe: rules | Tests after unsafe | New failures (unsafe) |');
  console.log('|---|---|---:|---|---|---|---|---|---|---:|---|---|---|---:|');
  for (const r of rows) {
    if (!r.safe) {
      console.log(`| ${r.project} | – | – | ${r.problems.join('; ')} | | | | | | | | | | |`);
      continue;
    }
    console.log(`| ${r.project} | ${r.target} | ${r.files} | ${r.before} | ${r.safe.summary} | ${rules(r.safe.rules)} | ${r.safe.second} | ${r.safe.manifests} | ${r.safe.tests} | ${r.safe.newFailures.length} | ${r.unsafe.summary} | ${rules(r.unsafe.rules)} | ${r.unsafe.tests} | ${r.unsafe.newFailures.length} |`);
  }
  const verified = rows.filter((r) => r.verify);
  if (verified.length) {
    console.log('\n`fix --unsafe-fixes --verify "<its pytest command>"`:\n');
    console.log('| Project | Fix (kept) | Verify | Reverted | Wall time | Tests after | New failures |');
    console.log('|---|---|---|---:|---:|---|---:|');
    for (const r of verified) console.log(`| ${r.project} | ${r.verify.summary} | ${r.verify.line} | ${r.verify.reverted.length} | ${r.verify.seconds} s | ${r.verify.tests} | ${r.verify.newFailures.length} |`);
    const reverted = verified.flatMap((r) => r.verify.reverted.map((x) => ({ project: r.project, ...x })));
    if (reverted.length) {
      console.log('\nReverted by --verify (why: the tests each fix broke):\n');
      console.log('| Project | File:line | Rule | Fix | Tests broken |');
      console.log('|---|---|---|---|---|');
      for (const x of reverted) console.log(`| ${x.project} | ${x.file}:${x.line} | ${x.rule} | ${x.fix.replace(/\|/g, '\\|')} | ${x.tests.replace(/\|/g, '\\|')} |`);
    }
  }
  const failures = rows.flatMap((r) => (r.unsafe?.newFailures ?? []).map((f) => ({ project: r.project, ...f })));
  if (failures.length) {
    console.log('\nNew failures after `fix --unsafe-fixes` (rules whose fixes alone cause them):\n');
    console.log('| Project | Test | Rules | Reason |');
    console.log('|---|---|---|---|');
    for (const f of failures) console.log(`| ${f.project} | ${f.test} | ${f.rules.join(', ') || '(only together)'} | ${f.reason.replace(/\|/g, '\\|')} |`);
  }
  const problems = rows.flatMap((r) => r.problems.map((p) => `${r.project}: ${p}`));
  if (problems.length) console.log(`\nProblems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) main();

// scripts/bench-verify.js measures fix --verify on a project of this script's, from its cache
module.exports = { CACHE, PROJECTS, PYTEST_ARGS, pyFiles, requiresPython, testEnv, unpack };
