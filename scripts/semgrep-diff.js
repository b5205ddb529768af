#!/usr/bin/env node
/**
 * The differential table: where the semgrep pack (rules/) and the native
 * rules disagree, for the codes both have, on the sample project and on every
 * rule fixture tests/rules/<group>/<CODE>.py. Python files only: the pack's
 * rules are `languages: [python]`, so native findings in JS/TS files (issue 14)
 * are left out of the comparison.
 *
 *   npm run build && node scripts/semgrep-diff.js [--semgrep BIN] [--reasons rules/diff-reasons.json] [--json]
 *
 * Native: the built CLI's JSON (`scan TARGET --format json --select CODES`).
 * semgrep: dist/semgrep's runSemgrep with the pack, one run for all targets.
 * A finding is the same in both when path, code, line and column agree.
 * Prints a Markdown table, one row per difference, with the reason recorded
 * for it in the reasons file (key "CODE path:line"); exits 1 when a
 * difference has no recorded reason.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const SEMGREP = opt('--semgrep', path.join(ROOT, '.venv', 'bin', 'semgrep'));
const REASONS = opt('--reasons', path.join(ROOT, 'rules', 'diff-reasons.json'));

const { runSemgrep, PACK_DIR } = require(path.join(ROOT, 'dist', 'semgrep'));
const { ruleByCode } = require(path.join(ROOT, 'dist', 'core', 'registry'));

const packCodes = fs
  .readdirSync(PACK_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .filter((c) => ruleByCode(c))
  .sort();

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || e.name === '__pycache__') return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.py') ? [p] : [];
  });
}

const rel = (p) => path.relative(ROOT, p).split(path.sep).join('/');
const SAMPLE = path.join(ROOT, 'fixtures', 'sample-project');
/** target label, the files it holds, the codes compared on it */
const targets = [{ label: 'fixtures/sample-project', scan: SAMPLE, files: walk(SAMPLE).map(rel), codes: packCodes }];
for (const code of packCodes) {
  const found = walk(path.join(ROOT, 'tests', 'rules')).find((f) => path.basename(f) === `${code}.py`);
  if (found) targets.push({ label: rel(found), scan: found, files: [rel(found)], codes: [code] });
}

function native(target) {
  let out;
  try {
    out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'rfsn-upgrade.js'), 'scan', rel(target.scan), '--format', 'json', '--select', target.codes.join(','), '--fail-on', 'never', '--no-progress'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    out = err.stdout; // exit 2 for an input that could not be checked still prints the report
    if (!out) throw new Error(`native scan of ${target.label} printed no report (exit ${err.status}): ${String(err.stderr).trim().split('\n').pop()}`);
  }
  const report = JSON.parse(out);
  for (const e of report.errors) console.error(`native: ${e.path}: ${e.message}`);
  // the pack is Python's (languages: [python]); the native JS/TS rules of the same codes are not compared
  return report.findings.filter((f) => target.codes.includes(f.code) && (f.language ?? 'python') === 'python');
}

const key = (f) => `${f.code} ${f.path}:${f.line}:${f.column}`;
const lineOf = (p, n) => (fs.readFileSync(path.join(ROOT, p), 'utf8').split(/\r\n|\r|\n/)[n - 1] ?? '').trim();

(async () => {
  const allFiles = [...new Set(targets.flatMap((t) => t.files))];
  const t0 = Date.now();
  const sg = await runSemgrep({ files: allFiles, configs: [PACK_DIR], cwd: ROOT, bin: SEMGREP, jobs: 2 });
  const semgrepSeconds = (Date.now() - t0) / 1000;
  if (sg.errors.length) for (const e of sg.errors) console.error(`semgrep: ${e.path}: ${e.message}`);
  const reasons = fs.existsSync(REASONS) ? JSON.parse(fs.readFileSync(REASONS, 'utf8')) : {};
  const rows = [];
  const counts = [];
  /** findings both engines report, at one place, with different severities: one entry per code and pair */
  const severities = new Map();
  for (const t of targets) {
    const files = new Set(t.files);
    const n = native(t);
    const s = sg.findings.filter((f) => files.has(f.path) && t.codes.includes(f.code));
    const nk = new Set(n.map(key));
    const sk = new Set(s.map(key));
    const onlyNative = n.filter((f) => !sk.has(key(f)));
    const onlySemgrep = s.filter((f) => !nk.has(key(f)));
    const sByKey = new Map(s.map((f) => [key(f), f]));
    let sevDiffers = 0;
    for (const f of n) {
      const other = sByKey.get(key(f));
      if (!other || other.severity === f.severity) continue;
      sevDiffers++;
      const k = `${f.code} severity ${f.severity}/${other.severity}`;
      const agg = severities.get(k) ?? { code: f.code, native: f.severity, semgrep: other.severity, count: 0, example: `${f.path}:${f.line}`, key: k };
      agg.count++;
      severities.set(k, agg);
    }
    counts.push({ target: t.label, native: n.length, semgrep: s.length, both: n.filter((f) => sk.has(key(f))).length, onlyNative: onlyNative.length, onlySemgrep: onlySemgrep.length, severityDiffers: sevDiffers });
    for (const [who, list] of [['native only', onlyNative], ['semgrep only', onlySemgrep]]) {
      for (const f of list) {
        const k = `${f.code} ${f.path}:${f.line}`;
        rows.push({ code: f.code, where: `${f.path}:${f.line}:${f.column}`, who, source: lineOf(f.path, f.line), reason: reasons[k] ?? null, key: k });
      }
    }
  }
  rows.sort((a, b) => a.code.localeCompare(b.code) || a.where.localeCompare(b.where, undefined, { numeric: true }));
  if (args.includes('--json')) {
    console.log(JSON.stringify({ codes: packCodes, semgrepSeconds, counts, rows, severities: [...severities.values()] }, null, 2));
  } else {
    console.log(`codes: ${packCodes.join(', ')}; semgrep ${sg.version}, ${allFiles.length} files in ${semgrepSeconds.toFixed(1)} s\n`);
    console.log('| target | native | semgrep | same place | native only | semgrep only | same place, other severity |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of counts) console.log(`| ${c.target} | ${c.native} | ${c.semgrep} | ${c.both} | ${c.onlyNative} | ${c.onlySemgrep} | ${c.severityDiffers} |`);
    console.log('\n| code | where | found by | line | why |\n| --- | --- | --- | --- | --- |');
    for (const r of rows) console.log(`| ${r.code} | ${r.where} | ${r.who} | \`${r.source.replace(/\|/g, '\\|').replace(/`/g, "'")}\` | ${r.reason ?? '**no reason recorded**'} |`);
  }
  if (!args.includes('--json') && severities.size) {
    console.log('\n| code | severity native / semgrep | findings | e.g. | why |\n| --- | --- | ---: | --- | --- |');
    for (const v of severities.values()) console.log(`| ${v.code} | ${v.native} / ${v.semgrep} | ${v.count} | ${v.example} | ${reasons[v.key] ?? '**no reason recorded**'} |`);
  }
  const missing = [...rows, ...[...severities.values()].map((v) => ({ key: v.key, reason: reasons[v.key] }))].filter((r) => !r.reason);
  if (missing.length) {
    console.error(`${missing.length} difference(s) without a reason in ${rel(REASONS)}:`);
    for (const r of missing) console.error(`  "${r.key}"`);
    process.exitCode = 1;
  }
})().catch((err) => {
  console.error(err.message);
  process.exitCode = 2;
});
