#!/usr/bin/env node
/**
 * The semgrep engine's cost on the Python standard library (issue 13's
 * target: `--engine both` costs no more than `--engine semgrep` plus 10 %).
 *
 *   npm run build && node scripts/bench-semgrep.js [--semgrep BIN] [--target DIR] [--jobs N]
 *
 * Three cold scans of the built CLI (`--no-cache`, JSON to a file): `--engine
 * native`, `--engine semgrep` (the pack; the files are still parsed for
 * # noqa and syntax errors) and `--engine both`. Each is timed by
 * /usr/bin/time: wall seconds and the CPU seconds (user + sys) of the process
 * and its children (semgrep's own processes included), with the load average
 * before it. Prints a Markdown table and the ratio both/semgrep; asserts
 * nothing (the machine may be shared).
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const SEMGREP = opt('--semgrep', path.join(ROOT, '.venv', 'bin', 'semgrep'));
const TARGET = opt('--target', execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim());
const JOBS = opt('--jobs', String(os.availableParallelism()));
const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const TIME = '/usr/bin/time';

function run(engine) {
  const out = path.join(os.tmpdir(), `rfsn-bench-semgrep-${engine}.json`);
  const stats = path.join(os.tmpdir(), `rfsn-bench-semgrep-${engine}.time`);
  const load = os.loadavg()[0];
  const extra = engine === 'native' ? [] : ['--semgrep-bin', SEMGREP];
  const argv = ['-f', '%e %U %S %M', '-o', stats, process.execPath, BIN, 'scan', TARGET, '--engine', engine, ...extra, '--no-cache', '--no-progress', '--jobs', JOBS, '--fail-on', 'never', '--format', `json:${out}`];
  const r = spawnSync(TIME, argv, { encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 256 * 1024 * 1024 });
  const [wall, user, sys, rssKb] = fs.readFileSync(stats, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    /* the run failed: say so below */
  }
  if (!report) throw new Error(`--engine ${engine} failed (exit ${r.status}): ${(r.stderr || '').trim().split('\n').pop()}`);
  return { engine, wall, cpu: user + sys, rssMb: Math.round(rssKb / 1024), load, files: report.summary.files, findings: report.summary.findings, errors: report.errors.length, code: r.status };
}

const version = spawnSync(SEMGREP, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`target: ${TARGET}; semgrep ${version}; --jobs ${JOBS}; ${os.cpus().length} CPUs; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
const rows = ['native', 'semgrep', 'both'].map((e) => {
  const row = run(e);
  console.error(`${e}: ${row.wall} s wall, ${row.cpu.toFixed(1)} s CPU`);
  return row;
});
console.log('');
console.log('| run | files | findings | errors | wall s | CPU s (user+sys, children too) | peak RSS MB (largest process) | load before |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| \`scan --engine ${r.engine}\` | ${r.files} | ${r.findings} | ${r.errors} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.rssMb} | ${r.load.toFixed(2)} |`);
const [, sg, both] = rows;
console.log('');
console.log(`both/semgrep: wall ${(both.wall / sg.wall).toFixed(3)}, CPU ${(both.cpu / sg.cpu).toFixed(3)} (target <= 1.10)`);
console.log(`uptime after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
