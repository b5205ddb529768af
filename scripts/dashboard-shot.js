#!/usr/bin/env node
/* eslint-disable no-console */
'use strict';
/**
 * `node scripts/dashboard-shot.js [OUT.png]` (default docs/dashboard.png):
 * the screenshot of docs/dashboard.md and README.md, made by the tool of this
 * work tree (run `npm run build` first).
 *
 * In a temp folder it copies fixtures/sample-project (the files git tracks)
 * into `sample-project/`, makes it a git repository and commits it, then one
 * commit per `rfsn-upgrade fix --select CODE --unsafe-fixes` for TYP001, FMT,
 * LOG001, SEC005, NET001, SEC006, TYP, DOC and SEC003 (a fix that changes
 * nothing still gets its commit), and a last one after `scaffold pool`. Every
 * commit has the same author and a fixed date (one a day from 2026-11-01), so
 * the commit ids are the same on every run. It then writes
 * `status --history 20 --format html:FILE`, opens FILE in Debian's chromium
 * (playwright-core, headless, --no-sandbox) at 1400x900, waits for the page's
 * script to finish (html[data-ready]) and saves the page from its top down to
 * the first five rows of the findings table (about 1400x2670, 390 KB). Only
 * the "scanned" date in the header changes between runs.
 *
 * Exits 0 with one line on success, 1 with one line on failure; the temp
 * folder is always removed and the browser always closed.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { finishOnce } = require('./finish-once');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const SAMPLE = 'fixtures/sample-project';
const CHROMIUM = process.env.RFSN_CHROMIUM || '/usr/bin/chromium';
const VIEWPORT = { width: 1400, height: 900 };
/** rows of the findings table the PNG keeps (the table draws rows 34 px apart) */
const TABLE_ROWS = 5;
const CODES = ['TYP001', 'FMT', 'LOG001', 'SEC005', 'NET001', 'SEC006', 'TYP', 'DOC', 'SEC003'];
const FIRST_DAY = Date.parse('2026-11-01T12:00:00Z');
// no user or system git config: no signing, no hooks, the same commits everywhere
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'rfsn-upgrade demo', GIT_AUTHOR_EMAIL: 'demo@example.com', GIT_COMMITTER_NAME: 'rfsn-upgrade demo', GIT_COMMITTER_EMAIL: 'demo@example.com' };

const state = { tmp: null, browser: null };

/** Run a command; on failure throw one line naming it, with the last line it wrote to stderr. */
function run(cmd, args, opts) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, ...opts });
  } catch (e) {
    const err = String(e.stderr || e.message || '').trim().split('\n').pop();
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${e.status != null ? `exit ${e.status}` : e.code || e.signal}): ${err}`);
  }
}

function rfsn(args, cwd) {
  return run(process.execPath, [BIN, ...args], { cwd, env: GIT_ENV });
}

function commit(repo, n, subject) {
  const date = new Date(FIRST_DAY + n * 86_400_000).toISOString().replace('.000Z', '+00:00');
  run('git', ['add', '-A'], { cwd: repo, env: GIT_ENV });
  run('git', ['commit', '-q', '--allow-empty', '-m', subject], { cwd: repo, env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
}

function buildRepository(repo) {
  const files = run('git', ['ls-files', '-z', SAMPLE], { cwd: ROOT }).split('\0').filter(Boolean);
  if (!files.length) throw new Error(`no tracked files under ${SAMPLE}`);
  for (const f of files) {
    const to = path.join(repo, path.relative(SAMPLE, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), to);
  }
  run('git', ['init', '-q', '-b', 'main'], { cwd: repo, env: GIT_ENV });
  let n = 0;
  commit(repo, n++, 'the sample project');
  for (const code of CODES) {
    // --fail-on never: the findings a fix leaves are expected, not a failure
    rfsn(['fix', '--select', code, '--unsafe-fixes', '--no-cache', '--no-progress', '--fail-on', 'never'], repo);
    commit(repo, n++, `rfsn-upgrade fix --select ${code} --unsafe-fixes`);
  }
  rfsn(['scaffold', 'pool'], repo);
  commit(repo, n++, 'rfsn-upgrade scaffold pool');
  return n;
}

async function main() {
  const out = path.resolve(process.argv[2] || path.join(ROOT, 'docs', 'dashboard.png'));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) throw new Error('dist/ is missing: run npm run build first');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/browser-deps.sh (as root)`);
  const { chromium } = require('playwright-core');

  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-dashboard-shot-'));
  // the folder's name is the one the dashboard's title shows
  const repo = path.join(state.tmp, 'sample-project');
  fs.mkdirSync(repo);
  const commits = buildRepository(repo);
  const html = path.join(state.tmp, 'dashboard.html');
  rfsn(['status', '--history', '20', '--format', `html:${html}`, '--no-progress'], repo);

  state.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const page = await state.browser.newPage({ viewport: VIEWPORT });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(`file://${html}`);
  await page.waitForSelector('html[data-ready]', { timeout: 30_000 });
  // two frames: whatever the script queued after marking the page ready is drawn
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  if (problems.length) throw new Error(`the page reported: ${problems[0]}`);
  // the whole page down to the first rows of the findings table: the rest of the table is more of the same
  // and would double the PNG's size
  const bottom = await page.$eval('#rows', (e, rows) => Math.ceil(e.getBoundingClientRect().top + window.scrollY + rows * 34 + 2), TABLE_ROWS);
  const height = Math.min(bottom, await page.evaluate(() => document.documentElement.scrollHeight));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: VIEWPORT.width, height } });
  return `wrote ${out} (${Math.round(fs.statSync(out).size / 1024)} KB, ${VIEWPORT.width}x${height}): status --history 20 of the sample project over ${commits} commits`;
}

async function cleanup() {
  if (state.browser) await state.browser.close().catch(() => {});
  state.browser = null;
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  state.tmp = null;
}

const finish = finishOnce(cleanup, (sig) => `dashboard-shot: interrupted by ${sig}`);

main().then(
  (line) => finish(0, `dashboard-shot: ${line}`),
  (e) => finish(1, `dashboard-shot: ${e && e.message ? e.message.split('\n')[0] : String(e)}`),
);
