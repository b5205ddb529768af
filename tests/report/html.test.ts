import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cli } from '../helpers/cli';
import { drawnRows, launch, openReport, shownCount, TEST_OUTPUT } from './html-browser';

/**
 * The dashboard of the sample project, in Debian's chromium: it loads clean,
 * its filters change the rows as the JSON report says they should, and its
 * cards are what `status --format json` judges.
 */
interface JsonFinding { code: string; upgrade: string; severity: string; path: string; line: number; fix: { safety: string } | null }
interface StatusJson { upgrades: Array<{ id: string; state: string; findings: number; files: string[] }>; done: number }

const SAMPLE = 'fixtures/sample-project';
let out: string;
let browser: Browser;
let findings: JsonFinding[];
let summary: { docstringCoverage: { percent: number }; testCoverage: { tested: number; total: number } };
let status: StatusJson;
let scanHtml: string;
let statusHtml: string;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-html-'));
  scanHtml = path.join(out, 'scan.html');
  statusHtml = path.join(out, 'status.html');
  // one scan writes both reports
  const json = cli(['scan', SAMPLE, '--format', 'json', '--format', `html:${scanHtml}`, '--fail-on', 'never', '--no-progress']);
  expect(json.code).toBe(0);
  ({ findings, summary } = JSON.parse(json.stdout));
  status = JSON.parse(cli(['status', SAMPLE, '--format', 'json', '--no-progress']).stdout);
  const b = cli(['status', SAMPLE, '--format', `html:${statusHtml}`, '--no-progress']);
  expect(b.code).toBe(0);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

async function pick(page: Page, id: string, value: string): Promise<void> {
  await page.selectOption(id, value);
}

async function codeValue(page: Page, code: string): Promise<string> {
  return page.$eval('#f-code', (el, c) => Array.from((el as HTMLSelectElement).options).find((o) => o.textContent === c)!.value, code);
}

describe('html report of the sample project', () => {
  test('is one self-contained file that loads with no console errors or requests; a screenshot is kept', async () => {
    const text = fs.readFileSync(scanHtml, 'utf8');
    expect(text).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    const { page, problems, dialogs } = await openReport(browser, scanHtml);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await shownCount(page)).toBe(findings.length);
    const meta = await page.textContent('header.top');
    expect(meta).toContain(SAMPLE);
    expect(meta).toMatch(/rfsn-upgrade \d+\.\d+\.\d+/);
    fs.mkdirSync(TEST_OUTPUT, { recursive: true });
    const shot = path.join(TEST_OUTPUT, 'dashboard.png');
    const status = await openReport(browser, statusHtml);
    await status.page.screenshot({ path: shot, fullPage: true });
    expect(fs.readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    await status.page.close();
    await page.close();
  });

  test('each filter changes the visible rows as the findings say', async () => {
    const { page } = await openReport(browser, scanHtml);
    // the page shows paths from the project root (fixtures/sample-project)
    const loc = (f: JsonFinding): string => `${path.posix.relative(SAMPLE, f.path)}:${f.line}`;
    // sorted by path: the first rows drawn are the report's first findings
    const first = await drawnRows(page);
    expect(first.map((r) => r[2])).toEqual(findings.slice(0, first.length).map(loc));

    await pick(page, '#f-upgrade', 'U02');
    const u02 = findings.filter((f) => f.upgrade === 'U02');
    expect(u02.length).toBeGreaterThan(0);
    expect(await shownCount(page)).toBe(u02.length);
    expect((await drawnRows(page)).map((r) => `${r[1]} ${r[2]}`)).toEqual(u02.map((f) => `${f.code} ${loc(f)}`));

    await pick(page, '#f-upgrade', '');
    await pick(page, '#f-code', await codeValue(page, 'TYP001'));
    expect(await shownCount(page)).toBe(findings.filter((f) => f.code === 'TYP001').length);
    expect(new Set((await drawnRows(page)).map((r) => r[1]))).toEqual(new Set(['TYP001']));

    await pick(page, '#f-code', '');
    await pick(page, '#f-severity', '0');
    const high = findings.filter((f) => f.severity === 'high');
    expect(await shownCount(page)).toBe(high.length);
    expect((await drawnRows(page)).map((r) => r[0])).toEqual(high.map(() => 'high'));

    await pick(page, '#f-severity', '');
    // a file's name, typed in capitals: the path filter ignores case
    const word = findings[Math.floor(findings.length / 2)].path.split('/').pop()!.replace(/\.py$/, '');
    await page.fill('#f-path', word.toUpperCase());
    const sched = findings.filter((f) => f.path.toLowerCase().includes(word.toLowerCase()));
    await page.waitForFunction((n) => document.querySelector('#count')!.textContent!.startsWith(`${n} of`), sched.length);
    expect(sched.length).toBeGreaterThan(0);
    expect((await drawnRows(page)).every((r) => r[2].toLowerCase().includes(word.toLowerCase()))).toBe(true);

    // the filters combine; Clear shows everything again
    await pick(page, '#f-upgrade', 'U12');
    expect(await shownCount(page)).toBe(sched.filter((f) => f.upgrade === 'U12').length);
    await page.click('#f-reset');
    expect(await shownCount(page)).toBe(findings.length);
    await page.close();
  });

  test('the table draws only the rows in view, and the last rows after scrolling down', async () => {
    const { page } = await openReport(browser, scanHtml);
    const drawn = await drawnRows(page);
    expect(drawn.length).toBeLessThan(findings.length);
    await page.$eval('#rows', (el) => (el.scrollTop = el.scrollHeight));
    await page.waitForFunction((loc) => Array.from(document.querySelectorAll('#rows .frow .loc')).some((e) => e.textContent === loc), `${path.posix.relative(SAMPLE, findings.at(-1)!.path)}:${findings.at(-1)!.line}`);
    await page.close();
  });

  test('the cards are what status --format json judges, and a card shows its findings', async () => {
    for (const file of [statusHtml, scanHtml]) {
      const { page } = await openReport(browser, file);
      const cards = await page.$$eval('.card', (els) => els.map((e) => ({ id: e.getAttribute('data-upgrade'), state: e.querySelector('.pill')!.getAttribute('data-state'), findings: Number(e.querySelector('.cnt')!.getAttribute('data-findings')) })));
      expect(cards.map((c) => [c.id, c.findings])).toEqual(status.upgrades.map((u) => [u.id, u.findings]));
      const judged = await page.evaluate(() => JSON.parse(document.getElementById('rfsn-data')!.textContent!).meta.scaffoldsJudged);
      // status judges scaffolds; a scan report judges them too once scan hands the status judgement to the reporter
      if (file === statusHtml || judged) expect(cards.map((c) => [c.id, c.state])).toEqual(status.upgrades.map((u) => [u.id, u.state]));
      expect(await page.textContent('#progress')).toBe(`${status.done} / ${status.upgrades.length}`);
      await page.click('.card[data-upgrade="U06"]');
      expect(await page.inputValue('#f-upgrade')).toBe('U06');
      expect(await shownCount(page)).toBe(status.upgrades.find((u) => u.id === 'U06')!.findings);
      await page.close();
    }
  });

  test('gauges show the coverage of the JSON summary; the heat map counts add up to the findings', async () => {
    const { page } = await openReport(browser, scanHtml);
    expect(await page.textContent('#gauge-doc')).toContain(`${summary.docstringCoverage.percent}%`);
    expect(await page.textContent('#gauge-test')).toContain(`${summary.testCoverage.tested} of ${summary.testCoverage.total}`);
    const totals = await page.$$eval('#heatmap tbody tr', (rows) => rows.map((r) => Number(r.lastElementChild!.textContent)));
    expect(totals.reduce((a, b) => a + b, 0)).toBe(findings.length);
    // a cell filters by its upgrade and folder
    await page.click('#heatmap tbody td:not(.z)');
    const n = await shownCount(page);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(findings.length);
    await page.close();
  });

  test('a phone-sized window scrolls down, never sideways', async () => {
    const { page, problems } = await openReport(browser, scanHtml, { width: 420, height: 800 });
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await page.close();
  });
});
