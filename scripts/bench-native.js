#!/usr/bin/env node
'use strict';
/**
 * `node scripts/bench-native.js [--tree DIR] [--modules DIR]`: web-tree-sitter
 * (what the tool uses) against the native tree-sitter binding for Node, on
 * the same files, one thread each, in CPU: parsing alone, and parsing plus
 * one query capturing 15 common node types with a type and an offset read per
 * capture (what the engine's dispatch does). docs/speed.md has the figures and
 * what they decide.
 *
 * The native packages are not dependencies of the tool: without --modules
 * they are installed once into a temporary folder from the npm registry
 * (tree-sitter 0.25.1 and tree-sitter-python 0.25.0 ship prebuilt binaries
 * for linux-x64, so no compiler is needed).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};

const TYPES = ['call', 'function_definition', 'class_definition', 'string', 'comment', 'assignment', 'import_statement', 'import_from_statement', 'attribute', 'binary_operator', 'return_statement', 'with_statement', 'try_statement', 'decorated_definition', 'identifier'];

/** One measurement in this process (a child): prints a JSON line. */
async function child(mode, what, tree, modules) {
  const files = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__pycache__' && e.name !== 'site-packages') walk(p);
      } else if (e.name.endsWith('.py')) files.push(p);
    }
  })(tree);
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const source = TYPES.map((t) => `(${t}) @${t}`).join('\n');
  let parser;
  let query;
  if (mode === 'wasm') {
    const { Parser, Language, Query } = require(require.resolve('web-tree-sitter', { paths: [ROOT] }));
    await Parser.init();
    const lang = await Language.load(fs.readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm', { paths: [ROOT] })));
    parser = new Parser();
    parser.setLanguage(lang);
    query = new Query(lang, source);
  } else {
    const Native = require(require.resolve('tree-sitter', { paths: [modules] }));
    const lang = require(require.resolve('tree-sitter-python', { paths: [modules] }));
    parser = new Native();
    parser.setLanguage(lang);
    query = new Native.Query(lang, source);
  }
  const c0 = process.cpuUsage();
  let captures = 0;
  let sink = 0;
  for (const t of texts) {
    const tree = mode === 'wasm' ? parser.parse(t) : parser.parse(t, undefined, { bufferSize: t.length * 2 + 1024 });
    if (what === 'query') {
      for (const c of query.captures(tree.rootNode)) {
        captures++;
        sink += c.node.startIndex + c.node.type.length;
      }
    }
    if (tree.delete) tree.delete();
  }
  const c = process.cpuUsage(c0);
  process.stdout.write(`${JSON.stringify({ cpu: (c.user + c.system) / 1e6, captures, files: files.length, sink, rssMB: Math.round(process.memoryUsage().rss / 1e6) })}\n`);
}

function main() {
  const tree = arg('--tree', null) ?? execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  let modules = arg('--modules', null);
  let tmp = null;
  if (!modules) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-bench-native-'));
    modules = tmp;
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"private":true}');
    const t0 = Date.now();
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', 'tree-sitter@0.25.1', 'tree-sitter-python@0.25.0'], { cwd: tmp, stdio: 'inherit' });
    process.stdout.write(`installed tree-sitter 0.25.1 and tree-sitter-python 0.25.0 in ${((Date.now() - t0) / 1000).toFixed(1)} s (prebuilt, no compiler)\n`);
  }
  try {
    process.stdout.write(`tree: ${tree}; one thread per measurement, CPU of the measured loop (user+sys)\n`);
    for (const what of ['parse', 'query']) {
      for (const mode of ['wasm', 'native']) {
        const r = spawnSync(process.execPath, [__filename, '--child', mode, what, tree, modules], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (r.status !== 0) {
          process.stdout.write(`${mode} ${what}: failed: ${(r.stderr || '').trim().split('\n').pop()}\n`);
          continue;
        }
        const m = JSON.parse(r.stdout.trim().split('\n').pop());
        process.stdout.write(`${(mode === 'wasm' ? 'web-tree-sitter' : 'native binding').padEnd(16)} ${what === 'parse' ? 'parse only          ' : 'parse + 15-type query'} ${m.cpu.toFixed(2).padStart(6)} s cpu  ${String(m.captures).padStart(8)} captures  ${String(m.rssMB).padStart(5)} MB resident  (${m.files} files)\n`);
      }
    }
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , mode, what, tree, modules] = process.argv;
  child(mode, what, tree, modules).catch((err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
} else main();
