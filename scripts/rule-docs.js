#!/usr/bin/env node
'use strict';
/**
 * docs/rules/CODE.md for every rule, generated from the rule's own metadata
 * and `docs` (the text `rfsn-upgrade rules CODE` prints), so the pages the
 * language server links each diagnostic to never drift from the rules.
 *
 *   node scripts/rule-docs.js          write the pages (and remove those of rules that are gone)
 *   node scripts/rule-docs.js --check  exit 1 and name the pages that differ
 *
 * Reads the built dist/ (npm run build first).
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, 'docs', 'rules');

/** file name -> the page's text, for every rule */
function pages() {
  const { allRules } = require(path.join(ROOT, 'dist', 'rules', 'registry.js'));
  const { ruleDocText } = require(path.join(ROOT, 'dist', 'cli', 'rules.js'));
  return new Map(allRules().map((r) => [`${r.code}.md`, ruleDocText(r)]));
}

/** What differs between the pages on disk and the generated ones: one line each. */
function differences() {
  const want = pages();
  const have = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.md')) : [];
  const out = [];
  for (const [name, text] of want) {
    const p = path.join(DIR, name);
    if (!fs.existsSync(p)) out.push(`missing: docs/rules/${name}`);
    else if (fs.readFileSync(p, 'utf8') !== text) out.push(`out of date: docs/rules/${name}`);
  }
  for (const name of have) if (!want.has(name)) out.push(`no such rule: docs/rules/${name}`);
  return out;
}

function main(argv) {
  if (argv.includes('--check')) {
    const diff = differences();
    for (const d of diff) process.stderr.write(`${d}\n`);
    if (diff.length) process.stderr.write('run `node scripts/rule-docs.js` to write them\n');
    process.exitCode = diff.length ? 1 : 0;
    return;
  }
  const want = pages();
  fs.mkdirSync(DIR, { recursive: true });
  for (const name of fs.readdirSync(DIR)) if (name.endsWith('.md') && !want.has(name)) fs.unlinkSync(path.join(DIR, name));
  for (const [name, text] of want) fs.writeFileSync(path.join(DIR, name), text);
  process.stdout.write(`${want.size} pages in docs/rules\n`);
}

module.exports = { differences };
if (require.main === module) main(process.argv.slice(2));
