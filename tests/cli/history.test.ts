import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { cli } from '../helpers/cli';
import { gitRepoOf } from '../helpers/git';
import { launch, openReport, TEST_OUTPUT } from '../report/html-browser';

/**
 * `status --history N` / `--since DATE` on a repository built here, whose
 * commits fix findings one by one: each commit is judged from git's objects
 * (the work tree, dirty on purpose, is left as it was), a commit that changes
 * no Python file reuses the previous judgement, and the HTML burndown goes down.
 */
interface Entry { commit: string; date: string; subject: string; reused: boolean; done: number; findings: number; upgrades: Record<string, { state: string; findings: number }> }
interface StatusJson { upgrades: Array<{ id: string; state: string; findings: number }> }

const HEAD = '"""Jobs."""\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\ndef run(cmd: str) -> None:\n    """Run."""\n';
const lines = (prints: number, withEval: boolean): string =>
  HEAD + [...Array(prints).keys()].map((i) => `    print("step ${i}", cmd)\n`).join('') + (withEval ? '    eval(cmd)\n' : '    log.info("%s", cmd)\n');

// [subject, files written, day of January]
const COMMITS: Array<[string, Record<string, string>]> = [
  ['start: three prints and an eval', { 'app/jobs.py': lines(3, true), 'app/__init__.py': '"""App."""\n', 'pyproject.toml': '[project]\nname = "app"\nversion = "1.0"\nrequires-python = ">=3.10"\n' }],
  ['one print to logging', { 'app/jobs.py': lines(2, true) }],
  ['notes only', { 'notes.csv': 'nothing,for,Python,here\n' }],
  ['second print to logging, add extra/', { 'app/jobs.py': lines(1, true), 'extra/__init__.py': '"""Extra."""\n' }],
  ['eval gone', { 'app/jobs.py': lines(1, false) }],
  ['last print gone', { 'app/jobs.py': lines(0, false) }],
];

let repo: string;
let browser: Browser | undefined;
const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

beforeAll(() => {
  repo = gitRepoOf(COMMITS, '2026-01-01', 'rfsn-history-test-');
  // a dirty work tree: history must neither read nor touch it
  fs.writeFileSync(path.join(repo, 'app/jobs.py'), lines(5, true));
  fs.writeFileSync(path.join(repo, 'app/untracked.py'), 'print("x")\n');
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(repo, { recursive: true, force: true });
});

function history(args: string[]): Entry[] {
  const r = cli(['status', ...args, '--format', 'json', '--no-progress'], { cwd: repo });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).commits;
}

describe('status --history', () => {
  let entries: Entry[];
  beforeAll(() => {
    const before = git('status', '--porcelain');
    const jobs = fs.readFileSync(path.join(repo, 'app/jobs.py'), 'utf8');
    entries = history(['--history', '20']);
    expect(git('status', '--porcelain')).toBe(before);
    expect(fs.readFileSync(path.join(repo, 'app/jobs.py'), 'utf8')).toBe(jobs);
  });

  test('judges every commit, oldest first, and the findings go down as they are fixed', () => {
    expect(entries.map((e) => e.subject)).toEqual(COMMITS.map(([s]) => s));
    expect(entries.map((e) => e.commit)).toEqual(git('rev-list', '--reverse', 'HEAD').trim().split('\n'));
    expect(entries.map((e) => e.upgrades.U06.findings)).toEqual([3, 2, 2, 1, 1, 0]);
    expect(entries.map((e) => e.upgrades.U02.findings)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(entries.at(-1)!.upgrades.U06.state).toBe('done');
    const totals = entries.map((e) => e.findings);
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThanOrEqual(totals[i - 1]);
    expect(totals.at(-1)).toBeLessThan(totals[0]);
  });

  test('a commit that changes no Python file reuses the judgement before it', () => {
    expect(entries.map((e) => e.reused)).toEqual([false, false, true, false, false, false]);
    expect(entries[2].upgrades).toEqual(entries[1].upgrades);
  });

  test('each judgement is what status says on a checkout of that commit', () => {
    for (const i of [0, 3]) {
      const co = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-checkout-'));
      try {
        execFileSync('sh', ['-c', `git archive ${entries[i].commit} | tar -x -C "${co}"`], { cwd: repo });
        const st: StatusJson = JSON.parse(cli(['status', '--format', 'json', '--no-progress'], { cwd: co }).stdout);
        expect(Object.fromEntries(st.upgrades.map((u) => [u.id, { state: u.state, findings: u.findings }]))).toEqual(entries[i].upgrades);
      } finally {
        fs.rmSync(co, { recursive: true, force: true });
      }
    }
  });

  test('--history N takes the last N commits; --since a date the commits after it; paths that did not exist yet are not judged', () => {
    expect(history(['--history', '2']).map((e) => e.subject)).toEqual(COMMITS.slice(-2).map(([s]) => s));
    expect(history(['--since', '2026-01-03T18:00:00+00:00']).map((e) => e.subject)).toEqual(COMMITS.slice(3).map(([s]) => s));
    const extra = history(['extra', '--history', '20']);
    expect(extra.slice(0, 3).map((e) => e.upgrades.U06.state)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(extra[3].upgrades.U06.state).not.toBe('unknown');
  });

  test('the text table has one row per commit, oldest first', () => {
    const r = cli(['status', '--history', '20', '--no-progress'], { cwd: repo });
    const rows = r.stdout.split('\n').filter((l) => /^[0-9a-f]{8} /.test(l));
    expect(rows.map((l) => l.slice(0, 8))).toEqual(entries.map((e) => e.commit.slice(0, 8)));
    expect(r.stdout.split('\n')[0]).toMatch(/^commit +date +done total +U01/);
    expect(rows[2]).toMatch(/ =  notes only$/);
  });

  test('bad values are usage errors', () => {
    const r = cli(['status', '--history', 'zero'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--history takes a positive number/);
  });

  test('the HTML burndown draws the totals and each upgrade going down', async () => {
    const file = path.join(repo, '..', `${path.basename(repo)}.html`);
    try {
      expect(cli(['status', '--history', '20', '--format', `html:${file}`, '--no-progress'], { cwd: repo }).code).toBe(0);
      browser = await launch();
      const { page, problems } = await openReport(browser, file);
      expect(problems).toEqual([]);
      const total = await page.getAttribute('#burndown > svg', 'data-values');
      expect(total).toBe(entries.map((e) => e.findings).join(','));
      expect(await page.getAttribute('#burndown .mini[data-upgrade="U06"] svg', 'data-values')).toBe('3,2,2,1,1,0');
      // each small chart's state tag (the last commit's state) is coloured as a card of that state and priority is
      // (a low todo is not red there either); the cards judge the work tree, dirty on purpose, so compare where the states agree
      const tagsOf = (sel: string) => page.$$eval(sel, (els) => els.map((e) => ({ id: e.getAttribute('data-upgrade')!, state: e.querySelector('.pill')!.textContent!.toLowerCase(), bg: getComputedStyle(e.querySelector('.pill')!).backgroundColor })));
      const minis = await tagsOf('#burndown .mini');
      const cards = new Map((await tagsOf('.card')).map((c) => [c.id, c]));
      const same = minis.filter((m) => cards.get(m.id)!.state === m.state);
      expect(same.length).toBeGreaterThan(10);
      for (const m of same) expect([m.id, m.bg]).toEqual([m.id, cards.get(m.id)!.bg]);
      expect(new Set(minis.filter((m) => m.state === 'todo').map((m) => m.bg)).size).toBeGreaterThan(1);
      expect(await page.$$eval('#burndown > svg circle', (c) => c.length)).toBe(entries.length);
      fs.mkdirSync(TEST_OUTPUT, { recursive: true });
      await (await page.$('#burndown'))!.screenshot({ path: path.join(TEST_OUTPUT, 'burndown.png') });
      await page.close();
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
