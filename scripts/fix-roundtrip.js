#!/usr/bin/env node
'use strict';
/**
 * Round trip of `rfsn-upgrade fix` over a copy of the Python standard library:
 *   1. copy the stdlib (without site-packages) to a temporary folder;
 *   2. note which files compile (python3 first on PATH);
 *   3. time `scan` and `fix` (safe fixes, target = that interpreter's version);
 *   4. check every file that compiled before still compiles;
 *   5. run `fix` again: it must change nothing.
 * Prints the counts and timings; exits 1 when a check fails.
 *
 * usage: node scripts/fix-roundtrip.js [STDLIB_DIR]   (needs `npm run build` first)
 */
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BIN = path.join(__dirname, '..', 'bin', 'rfsn-upgrade.js');
const python = 'python3';
const info = JSON.parse(execFileSync(python, ['-c', 'import json,sys,sysconfig; print(json.dumps({"v": "py%d%d" % sys.version_info[:2], "lib": sysconfig.get_paths()["stdlib"]}))']).toString());
const stdlib = process.argv[2] || info.lib;

const COMPILE = String.raw`
import json, os, sys, warnings
warnings.simplefilter('ignore')
root = sys.argv[1]
ok = []
for d, dirs, files in os.walk(root):
    dirs.sort()
    for f in sorted(files):
        if f.endswith('.py'):
            p = os.path.join(d, f)
            try:
                with open(p, 'rb') as fh:
                    compile(fh.read(), p, 'exec', dont_inherit=True)
                ok.append(os.path.relpath(p, root))
            except Exception:
                pass
json.dump(ok, sys.stdout)
`;

function compiling(dir) {
  return new Set(JSON.parse(execFileSync(python, ['-c', COMPILE, dir], { maxBuffer: 1 << 28 }).toString()));
}

function hashes(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.set(path.relative(dir, p), crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function timed(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, out: r.stdout, err: r.stderr, code: r.status };
}

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-roundtrip-'));
  const copy = path.join(work, 'stdlib');
  try {
    fs.cpSync(stdlib, copy, { recursive: true, filter: (src) => !/[\\/](site-packages|__pycache__)$/.test(src) });
    const before = hashes(copy);
    const compiledBefore = compiling(copy);
    console.log(`stdlib copy: ${before.size} Python files from ${stdlib}; ${compiledBefore.size} compile with ${python} (${info.v})`);

    const scan = timed(['scan', '--no-progress', '--target-version', info.v, '--format', 'json', '.'], copy);
    const fix = timed(['fix', '--no-progress', '--target-version', info.v, '.'], copy);
    const summary = fix.out.split('\n')[0];
    console.log(`scan: ${scan.seconds.toFixed(1)} s; fix: ${fix.seconds.toFixed(1)} s (${(fix.seconds / scan.seconds).toFixed(2)}× scan)`);
    console.log(`fix: ${summary} (exit ${fix.code})`);
    const inputErrors = fix.out.split('\n').filter((l) => /^\s*error\b|not fixed|syntax error/.test(l));
    if (inputErrors.length) console.log(`inputs not checked or not written: ${inputErrors.length}\n  ${inputErrors.slice(0, 10).map((l) => l.trim()).join('\n  ')}`);
    const refused = fix.err.split('\n').filter((l) => /does not compile|would not parse|cannot write|dropped/.test(l));
    if (refused.length) console.log(`left untouched by verification: ${refused.length}\n  ${refused.slice(0, 10).join('\n  ')}`);

    const after = hashes(copy);
    const changed = [...after].filter(([p, h]) => before.get(p) !== h).map(([p]) => p);
    const compiledAfter = compiling(copy);
    const broken = [...compiledBefore].filter((p) => !compiledAfter.has(p));
    console.log(`files changed: ${changed.length}; compiled before: ${compiledBefore.size}; still compile: ${compiledBefore.size - broken.length}; broken: ${broken.length}`);
    for (const p of broken.slice(0, 20)) console.log(`  BROKEN ${p}`);

    const second = timed(['fix', '--no-progress', '--target-version', info.v, '.'], copy);
    const afterSecond = hashes(copy);
    const changedAgain = [...afterSecond].filter(([p, h]) => after.get(p) !== h).map(([p]) => p);
    console.log(`second fix run: ${second.out.split('\n')[0]} (${second.seconds.toFixed(1)} s); files changed: ${changedAgain.length}`);
    for (const p of changedAgain.slice(0, 20)) console.log(`  CHANGED AGAIN ${p}`);

    const ok = broken.length === 0 && changedAgain.length === 0 && changed.length > 0;
    console.log(ok ? 'round trip OK' : 'round trip FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
