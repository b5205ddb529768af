import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { allRules } from '../../src/rules/registry';
import { ROOT } from '../helpers/cli';

/**
 * docs/rules/CODE.md (the page each diagnostic of the language server links
 * to) is generated from the rules' own docs by scripts/rule-docs.js: the
 * committed pages must be exactly what it generates from the built dist/.
 */
const SCRIPT = path.join(ROOT, 'scripts', 'rule-docs.js');

test('the committed docs/rules pages are what scripts/rule-docs.js generates, one per rule', () => {
  const r = spawnSync(process.execPath, [SCRIPT, '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const pages = fs.readdirSync(path.join(ROOT, 'docs', 'rules')).sort();
  expect(pages).toEqual(allRules().map((x) => `${x.code}.md`).sort());
  for (const rule of allRules()) {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.code}.md`), 'utf8');
    expect(page.startsWith(`# ${rule.code} ${rule.name}\n`)).toBe(true);
    expect(page).toContain(rule.docs.trim());
  }
});

test('--check names a page that differs and fails', () => {
  // a copy of the script beside a copy of docs/rules with one page changed, reading this dist/
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-ruledocs-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.copyFileSync(SCRIPT, path.join(dir, 'scripts', 'rule-docs.js'));
  fs.symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'));
  fs.cpSync(path.join(ROOT, 'docs', 'rules'), path.join(dir, 'docs', 'rules'), { recursive: true });
  const first = allRules()[0].code;
  fs.appendFileSync(path.join(dir, 'docs', 'rules', `${first}.md`), 'edited by hand\n');
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'rule-docs.js'), '--check'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`out of date: docs/rules/${first}.md`);
});
