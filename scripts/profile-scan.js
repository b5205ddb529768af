#!/usr/bin/env node
'use strict';
/**
 * Profile a cold scan with V8's sampling profiler and print where the time
 * goes, per phase and per rule, summed over the main thread and every worker.
 *
 *   node scripts/profile-scan.js [TREE] [--jobs N] [--out DIR] [--keep] [--top N] [-- extra scan args]
 *   node scripts/profile-scan.js --read DIR        (summarise existing .cpuprofile files)
 *
 * TREE defaults to the stdlib of the machine's python3. Worker threads inherit
 * `--cpu-prof` through execArgv, so each thread writes its own profile.
 * Samples are classified by their stack: a frame sets the phase for the frames
 * below it, and once inside a rule (the engine's `guarded` call) or a later
 * phase (project rules, syntax check, reporting) everything below stays there,
 * so a rule's own queries and parses count as that rule's. Sampling time is
 * thread time while the thread is running JS or WASM; `(idle)` is left out.
 * Prints figures; asserts nothing.
 */
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const args = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
const extra = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const value = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const valued = new Set(['--jobs', '--out', '--top', '--read']);
const positional = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));

/** Phase of a frame, by function name and script; null: keeps the phase of the frame above. */
function frameRule(fn, url) {
  if (fn === '(garbage collector)') return 'gc';
  if (fn === '(program)') return 'program';
  if (url.includes('/engine/discover.js')) return 'discovery';
  if (url.includes('/engine/read.js') || url.includes('/python/decode.js')) return 'read';
  if (fn === 'parsePython' || ((fn === 'get tree' || fn === 'dispose') && url.includes('/python/source.js'))) return 'parse'; // parse and free
  if (fn === 'checkFile') return 'query';
  if (fn === 'guarded' && url.includes('/engine/check.js')) return 'rules';
  if (fn === 'runProjectRules' || fn === 'suppressProjectFindings') return 'project';
  if (fn === 'compileFiles' || url.includes('/engine/pycompile.js')) return 'pycompile';
  if (url.includes('/dist/report/') || fn === 'emitReports' || fn === 'writeOutput') return 'report';
  return null;
}
const STICKY = new Set(['rules', 'project', 'pycompile', 'report', 'gc']);
const LABEL = {
  startup: 'start-up (module loading, parser init)',
  discovery: 'discovery',
  read: 'reading and decoding',
  parse: 'parsing (tree-sitter; and freeing trees)',
  query: 'query and dispatch (engine)',
  rules: 'rule code',
  project: 'project rules',
  pycompile: 'python3 syntax check',
  report: 'reporting',
  gc: 'garbage collector',
  program: '(program: V8/native, unattributed)',
  other: 'other',
};

function summarise(dir, top) {
  const profiles = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const phase = new Map();
  const rules = new Map();
  const selfBy = new Map();
  let threads = 0;
  for (const f of profiles) {
    const p = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    threads++;
    const dt = new Map();
    for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    // iterative walk: stacks in the profile can be deep
    const stack = [[p.nodes[0], 'startup', null]];
    while (stack.length) {
      const [n, inherited, rule] = stack.pop();
      const { functionName: fn, url } = n.callFrame;
      let ph = inherited;
      let code = rule;
      if (!STICKY.has(inherited)) ph = frameRule(fn, url) ?? inherited;
      if (ph === 'startup' && (fn === 'runScan' || fn === 'runPool')) ph = 'other';
      if (ph === 'rules' && !code) {
        const m = /\/rules\/[^/]+\/([A-Z]+[0-9]+)-[^/]*\.js$/.exec(url);
        if (m) code = m[1];
      }
      const t = (dt.get(n.id) ?? 0) / 1000;
      if (t && fn !== '(idle)') {
        phase.set(ph, (phase.get(ph) ?? 0) + t);
        if (ph === 'rules') rules.set(code ?? '(engine helpers)', (rules.get(code ?? '(engine helpers)') ?? 0) + t);
        const k = `${fn || '(anonymous)'} ${url.replace(/^.*\/(dist|node_modules)\//, '$1/').replace(/^wasm:\/\/wasm\/.*/, 'wasm')}${url.startsWith('wasm') || !url ? '' : `:${n.callFrame.lineNumber + 1}`}`;
        selfBy.set(k, (selfBy.get(k) ?? 0) + t);
      }
      for (const c of n.children ?? []) stack.push([byId.get(c), ph, code]);
    }
  }
  const total = [...phase.values()].reduce((a, b) => a + b, 0);
  const row = (name, ms) => `  ${name.padEnd(44)} ${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(6)}%\n`;
  let out = `${threads} thread profile(s) in ${dir}; ${total.toFixed(0)} ms sampled (threads summed)\n\nby phase:\n`;
  for (const k of Object.keys(LABEL)) if (phase.has(k)) out += row(LABEL[k], phase.get(k));
  out += `\nrule code by rule:\n`;
  for (const [k, v] of [...rules].sort((a, b) => b[1] - a[1]).slice(0, top)) out += row(k, v);
  out += `\nhottest functions (self time):\n`;
  for (const [k, v] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top)) out += row(k.length > 44 ? `${k.slice(0, 41)}...` : k, v);
  return out;
}

const top = Number(value('--top', '20'));
if (args.includes('--read')) {
  process.stdout.write(summarise(value('--read'), top));
  process.exit(0);
}
const tree = path.resolve(positional[0] ?? execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim());
const jobs = value('--jobs', '1');
const out = path.resolve(value('--out', fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-prof-'))));
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(out)) if (f.endsWith('.cpuprofile')) fs.unlinkSync(path.join(out, f));
const t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, BIN, 'scan', tree, '--format', 'json', '--no-progress', '--fail-on', 'never', '--jobs', jobs, ...extra], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
  env: { ...process.env, CI: 'true' },
});
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
let findings = '?';
try {
  findings = JSON.parse(r.stdout).summary.findings;
} catch {
  findings = `failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`;
}
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
process.stdout.write(`scan ${tree} --jobs ${jobs} ${extra.join(' ')}: ${wall.toFixed(2)} s wall under --cpu-prof (slower than a plain run), ${findings} findings; load ${load} on ${os.cpus().length} CPUs\n`);
process.stdout.write(summarise(out, top));
if (!args.includes('--keep') && !args.includes('--out')) fs.rmSync(out, { recursive: true, force: true });
else process.stdout.write(`\nprofiles kept in ${out} (open them in Chrome DevTools > Performance, or speedscope)\n`);
