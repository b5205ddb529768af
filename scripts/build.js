#!/usr/bin/env node
/**
 * `npm run build`: compile src/ to dist/ with the TypeScript compiler that
 * Node's resolution finds (not a `tsc` on PATH), checking types.
 *
 * `--prepare` (npm's `prepare`): the same when TypeScript is installed, else
 * a note and exit 0. npm prepares a git dependency (`npm install -g git+…`,
 * which is what pre-commit does for a `language: node` hook) in a clone
 * without its node_modules (npm 10 and 11 with --install-links), so the
 * compiler is not there; the launcher then compiles on first use
 * (`ensureBuilt`), with the TypeScript the installed package depends on.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

function findTypeScript(root) {
  try {
    return path.dirname(path.dirname(require.resolve('typescript/bin/tsc', { paths: [root] })));
  } catch {
    return null;
  }
}

/** dist/ from src/ by transpiling each file (no type check): what a git install without a build gets on its first run. */
function ensureBuilt(root = ROOT) {
  const dist = path.join(root, 'dist');
  if (fs.existsSync(path.join(dist, 'cli', 'index.js'))) return;
  const tsDir = findTypeScript(root);
  if (!tsDir) throw new Error(`rfsn-upgrade is not built (no ${dist}) and TypeScript is not installed beside it: run npm install in ${root}`);
  const ts = require(tsDir);
  const src = path.join(root, 'src');
  // built beside dist/ and renamed into place: a second process starting meanwhile never sees half a build
  const tmp = `${dist}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'templates') walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts')) {
        const out = ts.transpileModule(fs.readFileSync(p, 'utf8'), {
          fileName: p,
          compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, resolveJsonModule: true },
        });
        const target = path.join(tmp, path.relative(src, p)).replace(/\.ts$/, '.js');
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, out.outputText);
      }
    }
  };
  walk(src);
  try {
    fs.renameSync(tmp, dist);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dist, 'cli', 'index.js'))) throw err; // another process built it first: use that
  }
}

function build(prepare) {
  const tsDir = findTypeScript(ROOT);
  if (!tsDir) {
    if (prepare) {
      process.stderr.write('rfsn-upgrade: TypeScript is not installed here (a git dependency being prepared); the first run compiles src/\n');
      return 0;
    }
    process.stderr.write(`build: TypeScript is not installed beside ${ROOT}; run npm install first\n`);
    return 1;
  }
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [path.join(tsDir, 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
  return r.status ?? 1;
}

module.exports = { ensureBuilt };

if (require.main === module) process.exitCode = build(process.argv.includes('--prepare'));
