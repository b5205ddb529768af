#!/usr/bin/env node
/**
 * Figures for the results cache (issue 12): build a cache from a real scan of
 * a tree (default: the python3 stdlib), then time, in this process:
 *   open (read the pack's index), lookup of every entry (parse every blob),
 *   store of every entry + flush (encode and write the pack), and the
 *   alternative layout (one file per entry under a fan-out folder) for the
 *   same blobs. Prints the figures; asserts nothing (no timed tests).
 *
 *   node scripts/bench-cache.js [--tree DIR] [--results dump.json] [--save dump.json]
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const tree = path.resolve(arg('--tree', execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim()));
const cache = require(path.join(ROOT, 'dist/engine/cache.js'));
const { VERSION } = require(path.join(ROOT, 'dist/version.js'));

// wall and CPU time (user + system of this process): on a shared, loaded machine the CPU figure is the steadier one
const ms = (t) => {
  const cpu = process.cpuUsage(t.cpu);
  return `${(Number(process.hrtime.bigint() - t.wall) / 1e6).toFixed(1)} ms wall / ${((cpu.user + cpu.system) / 1e3).toFixed(1)} ms cpu`;
};
const now = () => ({ wall: process.hrtime.bigint(), cpu: process.cpuUsage() });

async function scan() {
  const { prepareRun } = require(path.join(ROOT, 'dist/engine/run.js'));
  const { runPool } = require(path.join(ROOT, 'dist/engine/pool.js'));
  const { initParser } = require(path.join(ROOT, 'dist/lang/python/parser.js'));
  process.chdir(tree);
  const prep = prepareRun({ paths: ['.'] });
  const jobs = prep.found.files.map((abs) => ({ abs, display: path.relative(tree, abs).split(path.sep).join('/') }));
  const out = await runPool({ jobs, workerFile: path.join(ROOT, 'dist/engine/worker.js'), workerData: { codes: prep.rules.map((r) => r.code), options: prep.options, maxFileSize: prep.maxFileSize }, batch: 16, init: initParser, inThread: () => { throw new Error('threads expected'); } });
  const rows = out.map((o, i) => ({ rel: jobs[i].display, hash: cache.contentHash(fs.readFileSync(jobs[i].abs)), result: o.result ?? null }));
  return { options: prep.options, codes: prep.rules.map((r) => r.code), rows };
}

/**
 * --warm DIR: a warm scan as run.ts would do it with the cache, in a fresh
 * process: config and discovery, open the cache, read + hash + look up every
 * file, the project-level rules from the cached facts, per-file-ignores, and
 * the findings as JSON. The parser is never loaded.
 */
function warm(dir) {
  const all = now();
  const run = require(path.join(ROOT, 'dist/engine/run.js'));
  process.chdir(tree);
  let t = now();
  const prep = run.prepareRun({ paths: ['.'] });
  const jobs = prep.found.files.map((abs) => ({ abs, display: path.relative(tree, abs).split(path.sep).join('/') }));
  console.log(`  config + discovery (${jobs.length} files): ${ms(t)}`);
  t = now();
  const settings = { version: VERSION, engine: 'native', rules: prep.rules.map((r) => r.code), options: prep.options, python: cache.pythonIdentity() };
  const c = cache.ResultCache.open(dir, { root: prep.loaded.projectRoot, settings });
  console.log(`  open (settings key: implementation hash, project inputs; pack index): ${ms(t)}`);
  t = now();
  const ignoredFor = run.perFileIgnores(prep.loaded.config['per-file-ignores'], prep.loaded.projectRoot);
  const { hits, misses } = cache.lookupFiles(c, jobs, ignoredFor, prep.maxFileSize);
  console.log(`  read + hash + lookup: ${ms(t)}: ${hits.length} hits, ${misses.length} misses`);
  t = now();
  const facts = new Map(hits.map((h) => [h.job.display, h.result.facts]));
  const absOf = new Map(jobs.map((j) => [j.display, j.abs]));
  const project = run.runProjectRules({ rules: prep.rules, facts, absOf: (p) => absOf.get(p) ?? path.resolve(p), root: prep.loaded.projectRoot, options: prep.options });
  console.log(`  project-level rules: ${ms(t)} (${project.findings.length} findings)`);
  t = now();
  const findings = run.applyPerFileIgnores([...hits.flatMap((h) => h.result.findings), ...project.findings], prep.loaded.config['per-file-ignores'], prep.loaded.projectRoot);
  const text = JSON.stringify({ findings: findings.map(({ start, end, project: _p, declined, ...f }) => f) });
  console.log(`  per-file-ignores + JSON of ${findings.length} findings (${(text.length / 1e6).toFixed(1)} MB): ${ms(t)}`);
  console.log(`  warm scan in all (without node start-up): ${ms(all)}`);
}

(async () => {
  if (arg('--warm')) return warm(arg('--warm'));
  const t0 = now();
  const data = arg('--results') ? JSON.parse(fs.readFileSync(arg('--results'), 'utf8')) : await scan();
  if (arg('--save')) fs.writeFileSync(arg('--save'), JSON.stringify(data));
  const rows = data.rows.filter((r) => r.result);
  // a dump read back from JSON has lost what structured clone keeps from the worker: the project rules share one facts object
  for (const r of rows) {
    const byText = new Map();
    for (const [code, v] of Object.entries(r.result.facts)) {
      const text = JSON.stringify(v);
      if (byText.has(text)) r.result.facts[code] = byText.get(text);
      else byText.set(text, v);
    }
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} CPUs`);
  console.log(`tree ${tree}: ${rows.length} files with results (${arg('--results') ? 'from dump' : 'scanned'} in ${ms(t0)})`);
  const json = rows.reduce((s, r) => s + JSON.stringify(r.result).length, 0);
  console.log(`results as plain JSON: ${(json / 1e6).toFixed(1)} MB`);

  let t = now();
  const impl = cache.implementationHash();
  console.log(`implementationHash (once per process): ${ms(t)} (${impl.slice(0, 12)})`);
  data.options.settings.projectRoot = tree;
  t = now();
  const inputs = cache.projectInputs(tree, data.options, data.codes);
  console.log(`projectInputs (pyproject, docs words, pool module): ${ms(t)}`);
  const settings = { version: VERSION, engine: 'native', rules: data.codes, options: data.options, implementation: impl, projectInputs: inputs, python: cache.pythonIdentity() };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-cache-bench-'));
  try {
    t = now();
    const w = cache.ResultCache.open(dir, { root: tree, settings });
    for (const r of rows) w.store(r.rel, r.hash, r.rel, r.result);
    const tStore = ms(t);
    t = now();
    w.flush();
    const pack = fs.statSync(w.packFile).size;
    console.log(`cold: store ${rows.length} entries ${tStore}, flush (encode + write pack) ${ms(t)}; pack ${(pack / 1e6).toFixed(1)} MB`);

    t = now();
    const bytes = rows.map((r) => fs.readFileSync(path.join(tree, r.rel)));
    const tRead = ms(t);
    t = now();
    const hashes = bytes.map((b) => cache.contentHash(b));
    console.log(`warm: read ${rows.length} sources ${tRead}, hash them ${ms(t)} (${(bytes.reduce((s, b) => s + b.length, 0) / 1e6).toFixed(1)} MB)`);
    t = now();
    const r2 = cache.ResultCache.open(dir, { root: tree, settings });
    const tOpen = ms(t);
    t = now();
    let hits = 0;
    let findings = 0;
    for (let i = 0; i < rows.length; i++) {
      const got = r2.lookup(rows[i].rel, hashes[i], rows[i].rel);
      if (got) { hits++; findings += got.result.findings.length; }
    }
    console.log(`warm: open (read pack + index) ${tOpen}, lookup all ${ms(t)}: ${hits}/${rows.length} hits, ${findings} findings`);
    const body = fs.readFileSync(w.packFile);
    const headLen = body.readUInt32LE(20);
    const header = JSON.parse(body.toString('utf8', 28, 28 + headLen));
    const tb = now();
    for (const row of header.entries) JSON.parse(body.toString('utf8', 28 + headLen + row[4], 28 + headLen + row[4] + row[5]));
    console.log(`  of which JSON.parse of the blobs alone: ${ms(tb)}`);
    t = now();
    r2.flush();
    console.log(`warm: flush with nothing changed ${ms(t)}`);
    // one changed file: its entry is replaced, the others' blobs are copied as bytes
    const r3 = cache.ResultCache.open(dir, { root: tree, settings });
    for (let i = 0; i < rows.length; i++) r3.lookup(rows[i].rel, hashes[i], rows[i].rel);
    r3.store(rows[0].rel, 'edited', rows[0].rel, rows[0].result);
    t = now();
    r3.flush();
    console.log(`one file edited: flush (rewrite pack from raw blobs) ${ms(t)}`);

    // a warm scan in a fresh process, on a cache filled under the settings a real run computes
    {
      const run = require(path.join(ROOT, 'dist/engine/run.js'));
      const cwd = process.cwd();
      process.chdir(tree);
      const prep = run.prepareRun({ paths: ['.'] });
      process.chdir(cwd);
      const real = { version: VERSION, engine: 'native', rules: prep.rules.map((r) => r.code), options: prep.options, python: cache.pythonIdentity() };
      const wdir = path.join(dir, 'warm');
      const fc = cache.ResultCache.open(wdir, { root: prep.loaded.projectRoot, settings: real });
      for (let i = 0; i < rows.length; i++) fc.store(rows[i].rel, hashes[i], rows[i].rel, rows[i].result);
      fc.flush();
      console.log('warm scan, in a fresh process:');
      t = now();
      execFileSync(process.execPath, [__filename, '--tree', tree, '--warm', wdir], { stdio: 'inherit' });
      console.log(`  the process, node start-up included: ${ms(t).replace(/ \/.*/, '')}`);
    }

    // the alternative: one file per entry under a fan-out folder
    const fan = path.join(dir, 'fan');
    const blobs = rows.map((r) => Buffer.from(JSON.stringify(r.result)));
    t = now();
    for (let i = 0; i < rows.length; i++) {
      const k = crypto.createHash('sha256').update(rows[i].rel + '\0' + hashes[i]).digest('hex');
      const d = path.join(fan, k.slice(0, 2));
      fs.mkdirSync(d, { recursive: true });
      const tmp = path.join(d, `${k}.tmp-${process.pid}`);
      fs.writeFileSync(tmp, blobs[i]);
      fs.renameSync(tmp, path.join(d, k));
    }
    console.log(`alternative, a file per entry: write ${ms(t)}`);
    t = now();
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const k = crypto.createHash('sha256').update(rows[i].rel + '\0' + hashes[i]).digest('hex');
      n += JSON.parse(fs.readFileSync(path.join(fan, k.slice(0, 2), k), 'utf8')).findings.length;
    }
    console.log(`alternative, a file per entry: read + parse all ${ms(t)} (${n} findings)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})().catch((err) => { console.error(err); process.exit(1); });
