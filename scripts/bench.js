#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: how fast rfsn-upgrade scans a big real tree — the standard
 * library of the machine's python3 — next to its peers on the same files:
 * Debian's bandit (where installed) and Ruff's WASM build (the yardstick).
 * Prints figures; asserts nothing.
 *
 *   node scripts/bench.js [--tree DIR] [--no-bandit] [--no-ruff] [--no-fix] [--quick] [--runs N]
 */
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);

function stdlibDir() {
  return execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
}

const tree = path.resolve(value('--tree', stdlibDir()));
const runs = Number(value('--runs', '1'));
const { discover } = require(path.join(ROOT, 'dist/engine/discover.js'));
const files = discover([tree], { projectRoot: tree }).files;
let lines = 0;
let bytes = 0;
for (const f of files) {
  const b = fs.readFileSync(f);
  bytes += b.length;
  for (let i = 0; i < b.length; i++) if (b[i] === 10) lines++;
}
const hasTime = fs.existsSync('/usr/bin/time');

/** Run a command; wall seconds (best of `runs`) and peak resident memory from /usr/bin/time. */
function measure(cmd, cmdArgs, opts = {}) {
  let best = null;
  for (let i = 0; i < runs; i++) {
    const full = hasTime ? ['/usr/bin/time', ['-f', '__TIME__ %e %M', cmd, ...cmdArgs]] : [cmd, cmdArgs];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: 'true' }, ...opts });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr ?? '');
    const res = { wall, peakMB: m ? Number(m[2]) / 1024 : null, stdout: r.stdout, status: r.status, stderr: r.stderr };
    if (!best || res.wall < best.wall) best = res;
  }
  return best;
}

const rows = [];
function row(name, res, findings) {
  rows.push({ name, wall: res.wall, peakMB: res.peakMB, findings });
}

function ours(name, extra) {
  const res = measure(process.execPath, [BIN, 'scan', tree, '--format', 'json', '--no-progress', '--fail-on', 'never', ...extra]);
  let findings = '?';
  try {
    findings = JSON.parse(res.stdout).summary.findings;
  } catch {
    findings = `failed (${res.status})`;
  }
  row(name, res, findings);
}

ours('rfsn-upgrade scan --select SEC', ['--select', 'SEC']);
ours('rfsn-upgrade scan --select SEC --jobs 1', ['--select', 'SEC', '--jobs', '1']);
ours('rfsn-upgrade scan (all rules)', []);

if (!flag('--no-ruff')) {
  let ruffOk = true;
  try {
    require.resolve('@astral-sh/ruff-wasm-nodejs', { paths: [ROOT] });
  } catch {
    ruffOk = false;
    rows.push({ name: 'ruff (wasm): not installed', wall: null });
  }
  if (ruffOk) {
    const res = measure(process.execPath, [path.join(__dirname, 'bench-ruff.js'), tree]);
    row('ruff-wasm, 19 comparable rules', res, Number(res.stdout.trim()) || res.stdout.trim() || res.stderr.trim().split('\n').pop());
  }
}

if (!flag('--no-bandit')) {
  const probe = spawnSync('/usr/bin/python3', ['-m', 'bandit', '--version'], { encoding: 'utf8' });
  if (probe.status === 0) {
    const banditRun = (name, extra) => {
      const res = measure('/usr/bin/python3', ['-m', 'bandit', '-r', tree, '-f', 'json', '-q', '-x', '*/site-packages/*', ...extra]);
      let findings = '?';
      try {
        findings = JSON.parse(res.stdout).results.length;
      } catch {
        /* bandit crashed on some file: keep the time */
      }
      row(name, res, findings);
    };
    banditRun('bandit -r (all its tests)', []);
    if (!flag('--quick')) banditRun('bandit -r (only the 9 SEC-like tests)', ['-t', 'B102,B105,B106,B107,B307,B311,B602,B604,B605']);
  } else rows.push({ name: 'bandit: not installed (apt-get install python3-bandit)', wall: null });
}

const fmt = (n, d = 2) => (n === null || n === undefined ? 'n/a' : n.toFixed(d));
process.stdout.write(`tree: ${tree}\n${files.length} files, ${lines.toLocaleString('en')} lines, ${(bytes / 1e6).toFixed(1)} MB; ${os.cpus().length} CPUs, node ${process.version}\n\n`);
process.stdout.write(`${'run'.padEnd(42)} ${'wall s'.padStart(8)} ${'lines/s'.padStart(10)} ${'peak MB'.padStart(8)} ${'findings'.padStart(9)}\n`);
const sec = rows.find((r) => r.name === 'rfsn-upgrade scan --select SEC');
for (const r of rows) {
  if (r.wall === null) {
    process.stdout.write(`${r.name}\n`);
    continue;
  }
  process.stdout.write(`${r.name.padEnd(42)} ${fmt(r.wall).padStart(8)} ${Math.round(lines / r.wall).toLocaleString('en').padStart(10)} ${fmt(r.peakMB, 0).padStart(8)} ${String(r.findings).padStart(9)}\n`);
}
for (const bandit of rows.filter((r) => r.name.startsWith('bandit -r') && r.wall)) {
  if (sec) process.stdout.write(`\nSEC rules vs ${bandit.name}: ${(bandit.wall / sec.wall).toFixed(1)}x faster`);
}
process.stdout.write('\n');
const fixScript = path.join(__dirname, 'fix-roundtrip.js');
if (fs.existsSync(fixScript) && !flag('--no-fix')) {
  process.stdout.write('\nfix round trip over a copy of the tree:\n');
  spawnSync(process.execPath, [fixScript, tree], { stdio: 'inherit' });
}
