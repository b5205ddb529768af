#!/usr/bin/env node
'use strict';
/**
 * The cost of `fix --verify` (issue 22): wall time, CPU time (user+sys of fix
 * and the suite runs it waited for, from /usr/bin/time) and the number of runs
 * of the suite, for `fix --unsafe-fixes --verify "<its pytest command>"` on a
 * real project of `npm run fix-real` (a fresh copy of its pinned sdist, its
 * venv). Uses only what fix-real cached: without it the line says so and
 * nothing is measured (no network here).
 *
 *   node scripts/bench-verify.js [--project NAME]   (also the last-but-one section of `npm run bench`)
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const real = require('./fix-real');

const BIN = path.join(__dirname, '..', 'bin', 'rfsn-upgrade.js');
// a suite of a few seconds, and fixes of several upgrades (itsdangerous has none left to make)
const DEFAULT = 'click';

function benchVerify(out, name = DEFAULT) {
  const p = real.PROJECTS.find((x) => x.name === name);
  const tarball = p && [`${p.name}-${p.version}.tar.gz`, `${p.name.replace(/-/g, '_')}-${p.version}.tar.gz`].map((f) => path.join(real.CACHE, 'sdist', f)).find((f) => fs.existsSync(f));
  const py = p && path.join(real.CACHE, 'venv', p.name, 'bin', 'python');
  if (!p || !tarball || !fs.existsSync(py)) {
    out.write(`\nfix --verify: skipped (${p ? `${name} is not cached: run \`npm run fix-real -- --only ${name}\` once` : `no fix-real project ${name}`})\n`);
    return;
  }
  const dir = real.unpack(p, tarball, 'bench-verify');
  try {
    const files = real.pyFiles(dir, p.code, p.tests).map((f) => path.relative(dir, f));
    const command = [py, '-m', 'pytest', ...real.PYTEST_ARGS, p.tests].join(' ');
    const args = [BIN, 'fix', '--no-progress', '--fail-on', 'never', '--target-version', real.requiresPython(dir), '--unsafe-fixes', '--verify', command, ...files];
    const timed = fs.existsSync('/usr/bin/time');
    const load = os.loadavg()[0].toFixed(1);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(timed ? '/usr/bin/time' : process.execPath, timed ? ['-f', '__TIME__ %U %S', process.execPath, ...args] : args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...real.testEnv(p, dir), CI: 'true' } });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const t = /__TIME__ ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
    const v = /^verify: green after (\d+) test runs?; (\d+) fix(?:es)? reverted/m.exec(r.stderr ?? '');
    const what = `fix --unsafe-fixes --verify on ${p.name} ${p.version} (its own pytest suite)`;
    if (!v) {
      const why = /^0 fixes/.test(r.stdout ?? '') ? 'nothing to fix, the suite never ran' : `did not end green (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').filter((l) => !l.startsWith('__TIME__')).pop()}`;
      out.write(`\n${what}: ${why}\n`);
      return;
    }
    out.write(`\n${what}: ${wall.toFixed(1)} s wall, ${t ? (Number(t[1]) + Number(t[2])).toFixed(1) : 'n/a'} s cpu, ${v[1]} suite runs, ${v[2]} fix${v[2] === '1' ? '' : 'es'} reverted; ${(r.stdout ?? '').split('\n')[0]} (load ${load}/${os.loadavg()[0].toFixed(1)})\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { benchVerify };

if (require.main === module) {
  const i = process.argv.indexOf('--project');
  benchVerify(process.stdout, i > 0 ? process.argv[i + 1] : DEFAULT);
}
