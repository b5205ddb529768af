#!/usr/bin/env node
/**
 * JS/TS benchmark (prints figures; not a test). Run `npm run build` first.
 *
 *   node scripts/bench-js.js tree [DIR]      assemble the tree (copies from node_modules; never modifies it)
 *   node scripts/bench-js.js parsers [DIR]   ts-morph Project per file vs ts.createSourceFile + forEachChild
 *   node scripts/bench-js.js scan [DIR]      our dispatcher (in-process, one thread) vs ESLint with the same rules
 *
 * DIR defaults to $TMPDIR/rfsn-js-tree. Each mode runs in its own process when
 * called from `all` so that peak memory (maxRSS) is per measurement.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
/** the compiled sources: dist/ after `npm run build`, or another outDir (RFSN_DIST) */
const DIST = path.resolve(process.env.RFSN_DIST || path.join(ROOT, 'dist'));
const EXTS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const MAX_FILE = 300 * 1024;
const WANT = 2000;

function defaultDir() {
  return path.join(os.tmpdir(), 'rfsn-js-tree');
}

function isSource(name) {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts') || name.endsWith('.min.js')) return false;
  return EXTS.has(path.extname(name));
}

/** Every JS/TS source in node_modules, sorted, under MAX_FILE bytes. */
function sources(dir, out = []) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) sources(p, out);
    else if (ent.isFile() && isSource(ent.name) && fs.statSync(p).size <= MAX_FILE) out.push(p);
  }
  return out;
}

function assemble(dest) {
  const nm = path.join(ROOT, 'node_modules');
  const all = sources(nm);
  // spread over packages: round-robin over the top-level packages (a scope counts with its name), up to WANT
  const byPkg = new Map();
  for (const p of all) {
    const parts = path.relative(nm, p).split(path.sep);
    const key = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (!byPkg.has(key)) byPkg.set(key, []);
    byPkg.get(key).push(p);
  }
  const picked = [];
  const queues = [...byPkg.values()];
  for (let i = 0; picked.length < WANT && queues.some((q) => i < q.length); i++) {
    for (const q of queues) if (i < q.length && picked.length < WANT) picked.push(q[i]);
  }
  picked.sort();
  fs.rmSync(dest, { recursive: true, force: true });
  for (const p of picked) {
    const to = path.join(dest, path.relative(nm, p));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(p, to);
  }
  return picked.length;
}

function listTree(dir) {
  return sources(dir);
}

function lineCount(text) {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function figures(label, files, lines, seconds) {
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${label.padEnd(34)} files ${String(files).padStart(5)}  lines ${String(lines).padStart(8)}  ` +
      `${seconds.toFixed(2).padStart(6)} s  ${Math.round(lines / seconds).toString().padStart(8)} lines/s  peak ${rss.toFixed(0)} MB`,
  );
}

function parsers(dir, which) {
  const { Project, ts } = require('ts-morph');
  const files = listTree(dir);
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const lines = texts.reduce((n, t) => n + lineCount(t), 0);
  let nodes = 0;
  const t0 = process.hrtime.bigint();
  if (which === 'tsmorph') {
    // a Project with every file added by path, then a full traversal
    const project = new Project({ useInMemoryFileSystem: false, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true } });
    for (const f of files) {
      const sf = project.addSourceFileAtPath(f);
      sf.forEachDescendant(() => void nodes++);
    }
  } else if (which === 'tsmorph-each') {
    // a Project per file
    for (const f of files) {
      const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true } });
      const sf = project.addSourceFileAtPath(f);
      sf.forEachDescendant(() => void nodes++);
    }
  } else {
    for (let i = 0; i < files.length; i++) {
      const sf = ts.createSourceFile(files[i], texts[i], ts.ScriptTarget.Latest, true, scriptKind(files[i]));
      const visit = (n) => {
        nodes++;
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  figures(which === 'compiler' ? 'ts.createSourceFile + forEachChild' : which === 'tsmorph' ? 'ts-morph Project + addSourceFileAtPath' : 'ts-morph Project per file', files.length, lines, s);
  console.log(`  nodes visited: ${nodes}`);
}

function scriptKind(f) {
  const { ts } = require('ts-morph');
  const e = path.extname(f);
  return e === '.tsx' ? ts.ScriptKind.TSX : e === '.jsx' ? ts.ScriptKind.JSX : e === '.ts' || e === '.mts' || e === '.cts' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** The codes our dispatcher runs, and the ESLint rules that cover the same ground. */
const CODES = ['SEC001', 'SEC004', 'LOG001', 'TYP004']; // the codes ESLint has peers for (scripts/eslint-diff.js)

async function scanOurs(dir) {
  const { checkJsFile, JsSourceFile } = require(path.join(DIST, 'js'));
  // the rule files' JS sides (each rule's `js:`), as the engine runs them
  const { allRules } = require(path.join(DIST, 'rules/registry'));
  const rules = allRules().filter((r) => r.js && CODES.includes(r.code));
  const files = listTree(dir);
  const options = { targetMinor: 12, settings: { projectRoot: dir, pyprojectPath: null } };
  let lines = 0;
  let findings = 0;
  const t0 = process.hrtime.bigint();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const file = new JsSourceFile(path.relative(dir, f), f, text);
    const r = checkJsFile(file, rules, options);
    lines += r.lines;
    findings += r.findings.length;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  figures(`rfsn-upgrade js (${CODES.length} rules)`, files.length, lines, s);
  console.log(`  findings: ${findings}`);
}

async function scanEslint(dir) {
  const { ESLint } = require('eslint');
  const { eslintConfig } = require(path.join(ROOT, 'scripts/eslint-diff.js'));
  const files = listTree(dir);
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: eslintConfig(), ignore: false, allowInlineConfig: false });
  const t0 = process.hrtime.bigint();
  let lines = 0;
  let messages = 0;
  let fatal = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    lines += lineCount(text);
    const [res] = await eslint.lintText(text, { filePath: f });
    for (const m of res.messages) if (m.fatal) fatal++;
    else messages++;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  figures('eslint (same rules)', files.length, lines, s);
  console.log(`  messages: ${messages}; files ESLint could not parse (a .js file read as a module that is a script): ${fatal}`);
}

async function main() {
  const [mode = 'all', dirArg] = process.argv.slice(2);
  const dir = path.resolve(dirArg ?? defaultDir());
  if (mode === 'tree') {
    console.log(`assembled ${assemble(dir)} files in ${dir}`);
    return;
  }
  if (!fs.existsSync(dir)) console.log(`assembled ${assemble(dir)} files in ${dir}`);
  if (mode === 'parsers') return parsers(dir, dirArg && process.argv[4] ? process.argv[4] : 'compiler');
  if (mode === 'parser') return parsers(dir, process.argv[4]);
  if (mode === 'ours') return scanOurs(dir);
  if (mode === 'eslint') return scanEslint(dir);
  // all: each measurement in its own process
  const run = (...args) => process.stdout.write(execFileSync(process.execPath, [__filename, ...args], { encoding: 'utf8' }));
  console.log(`machine: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}; one thread each, in-process`);
  for (const p of ['compiler', 'tsmorph', 'tsmorph-each']) run('parser', dir, p);
  run('ours', dir);
  run('eslint', dir);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
