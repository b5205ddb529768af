'use strict';
/**
 * ESLint as the oracle of the JS/TS rules (issue 14): the flat config with
 * the peer rules, the real tree no one here wrote (commander, ora, chalk,
 * execa and their dependencies, from node_modules), and running ESLint on a
 * list of files. Used by tests/js/eslint-diff.test.ts (which runs our side
 * and explains every difference) and by scripts/bench-js.js.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** Peer rule -> the group of ours it is compared with. */
const PEER = {
  'no-eval': 'eval',
  'no-implied-eval': 'implied-eval',
  'no-new-func': 'new-func',
  'security/detect-child-process': 'child-process',
  'no-console': 'console',
  '@typescript-eslint/explicit-module-boundary-types': 'boundary',
};

function eslintConfig() {
  const security = require('eslint-plugin-security');
  const tseslint = require('typescript-eslint');
  // the globals of Node and browsers, so that setTimeout, window and global are known as they are to SEC001
  const globals = { ...require('globals').node, ...require('globals').browser };
  const js = { 'no-eval': 'error', 'no-implied-eval': 'error', 'no-new-func': 'error', 'security/detect-child-process': 'error', 'no-console': 'error' };
  return [
    { files: ['**/*.js', '**/*.jsx', '**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals, parserOptions: { ecmaFeatures: { jsx: true } } }, plugins: { security }, rules: js },
    { files: ['**/*.cjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs', globals }, plugins: { security }, rules: js },
    {
      files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
      languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module', globals },
      plugins: { security, '@typescript-eslint': tseslint.plugin },
      rules: { ...js, '@typescript-eslint/explicit-module-boundary-types': 'error' },
    },
  ];
}

/** A package and its dependencies (transitively), as installed in node_modules. */
function closure(names, nm = path.join(ROOT, 'node_modules')) {
  const seen = new Map();
  const visit = (name) => {
    if (seen.has(name)) return;
    const dir = path.join(nm, name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) return;
    seen.set(name, dir);
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const d of Object.keys(pj.dependencies ?? {})) visit(d);
  };
  names.forEach(visit);
  return [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

const EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function sourcesUnder(dir, out = []) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory() && ent.name !== 'node_modules') sourcesUnder(p, out);
    else if (ent.isFile() && EXTS.includes(path.extname(ent.name)) && !/\.d\.[mc]?ts$/.test(ent.name) && !/\.min\.js$/.test(ent.name)) out.push(p);
  }
  return out;
}

/** The JS/TS files of commander, ora, chalk, execa and their dependencies. */
function realTree() {
  const pkgs = closure(['commander', 'ora', 'chalk', 'execa']);
  return { packages: pkgs.map(([n]) => n), files: pkgs.flatMap(([, dir]) => sourcesUnder(dir)) };
}

/**
 * ESLint's findings on the files: {path, line, group, rule, message}, plus
 * the files it could not parse. A `.js` file is read as a module, and again
 * as CommonJS when that does not parse (node_modules mixes both).
 */
async function runEslint(files) {
  const { ESLint } = require('eslint');
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: eslintConfig(), ignore: false, allowInlineConfig: false }); // eslint-disable comments name rules of other configs; ours ignore them too
  const findings = [];
  const fatal = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    // ESLint never lints a path under node_modules; the path only selects the config, so give it one without
    const as = f.split(path.sep).join('/').replace(/\/node_modules\//g, '/nm/');
    let [res] = await eslint.lintText(text, { filePath: as });
    if (res.messages.some((m) => m.fatal) && f.endsWith('.js')) [res] = await eslint.lintText(text, { filePath: as.replace(/\.js$/, '.cjs') });
    for (const m of res.messages) {
      if (m.fatal) {
        fatal.push({ path: f, message: m.message });
        continue;
      }
      if (m.ruleId === '@typescript-eslint/explicit-module-boundary-types' && m.messageId !== 'missingReturnType') continue; // parameters are not TYP004's
      findings.push({ path: f, line: m.line, column: m.column, group: PEER[m.ruleId], rule: m.ruleId, message: m.message });
    }
  }
  return { findings, fatal };
}

module.exports = { eslintConfig, realTree, runEslint, PEER, closure };

if (require.main === module) {
  const { files, packages } = realTree();
  console.log(`${packages.length} packages, ${files.length} files: ${packages.join(', ')}`);
  console.log('run the differential with: npx jest tests/js/eslint-diff');
}
