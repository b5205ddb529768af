import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cli, ROOT } from '../helpers/cli';
import { launch, openReport, TEST_OUTPUT } from './html-browser';

/**
 * Issue 24 item 6, the dashboard as a Python maintainer met it: run from
 * outside the project, on a desktop and on a 420 px phone. Each test measures
 * the page in Debian's chromium: texts, link targets, computed colours,
 * positions and scroll widths.
 */
interface JsonFinding { code: string; upgrade: string; severity: string; path: string; line: number }
interface StatusJson { upgrades: Array<{ id: string; title: string; priority: string; state: string; findings: number }> }

const SAMPLE = path.join(ROOT, 'fixtures/sample-project');
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 420, height: 800 };
/** the card tones of page-css.ts, as chromium computes them */
const TONE: Record<string, string> = {
  done: 'rgb(18, 183, 106)',
  partial: 'rgb(224, 161, 0)',
  'todo-high': 'rgb(217, 45, 32)',
  'todo-medium': 'rgb(239, 104, 32)',
  'todo-low': 'rgb(111, 139, 173)',
  unknown: 'rgb(152, 162, 179)',
};

let away: string;
let browser: Browser;
let findings: JsonFinding[];
let status: StatusJson;
/** scanned from a folder outside the project, written outside the repository */
let outside: string;
/** the same scan written inside the repository (test-output/), beside docs/rules */
let inside: string;
/** a small clean project: most upgrades done */
let tiny: string;
let tinyStatus: StatusJson;

beforeAll(async () => {
  away = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-html-layout-'));
  outside = path.join(away, 'outside.html');
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  inside = path.join(TEST_OUTPUT, 'dashboard-inside.html');
  const r = cli(['scan', SAMPLE, '--format', 'json', '--format', `html:${outside}`, '--format', `html:${inside}`, '--fail-on', 'never', '--no-progress'], { cwd: away });
  expect(r.code).toBe(0);
  findings = JSON.parse(r.stdout).findings;
  // the JSON keeps its paths relative to the cwd: the case the dashboard must not copy
  expect(findings[0].path.startsWith('..')).toBe(true);
  status = JSON.parse(cli(['status', SAMPLE, '--format', 'json', '--no-progress']).stdout);

  const project = path.join(away, 'tiny');
  fs.mkdirSync(path.join(project, 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(project, 'pyproject.toml'), '[project]\nname = "tiny"\nversion = "1"\ndependencies = []\n');
  fs.writeFileSync(path.join(project, 'pkg', '__init__.py'), '"""Tiny."""\n\n\ndef add(a: int, b: int) -> int:\n    """Add."""\n    return a + b\n');
  tiny = path.join(away, 'tiny.html');
  expect(cli(['status', project, '--format', `html:${tiny}`, '--no-progress']).code).toBe(0);
  tinyStatus = JSON.parse(cli(['status', project, '--format', 'json', '--no-progress']).stdout);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(away, { recursive: true, force: true });
  fs.rmSync(inside, { force: true });
});

type Box = { left: number; right: number; top: number; bottom: number; width: number; height: number };
function box(page: Page, selector: string): Promise<Box> {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
  });
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('the dashboard on a %s', (name, viewport) => {
  test('locations are relative to the project root, whole, with the full path in the tooltip; a screenshot is kept', async () => {
    const { page, problems } = await openReport(browser, outside, viewport);
    expect(problems).toEqual([]);
    const rows = await page.$$eval('#rows .frow[role=row] .loc', (els) => els.map((e) => ({ text: e.textContent!, title: e.getAttribute('title')!, cut: e.scrollWidth > e.clientWidth })));
    expect(rows.length).toBeGreaterThan(5);
    const want = findings.slice(0, rows.length).map((f) => `${path.relative(SAMPLE, path.resolve(away, f.path)).split(path.sep).join('/')}:${f.line}`);
    expect(rows.map((r) => r.text)).toEqual(want);
    expect(rows.map((r) => r.title)).toEqual(want.map((w) => `${SAMPLE.split(path.sep).join('/')}/${w}`));
    // on a desktop the column holds the whole location
    if (name === 'desktop') expect(rows.filter((r) => r.cut)).toEqual([]);
    expect(await page.textContent('#root')).toBe('sample-project');
    await page.screenshot({ path: path.join(TEST_OUTPUT, `dashboard-${viewport.width}.png`), fullPage: true });
    await page.close();
  });

  test('each rule code links to its docs/rules page: relative inside the repository, by name outside; the CSP is unchanged', async () => {
    const inPage = await openReport(browser, inside, viewport);
    const links = await inPage.page.$$eval('#rows a.code', (els) => els.map((e) => ({ code: e.textContent!, href: (e as HTMLAnchorElement).href, attr: e.getAttribute('href')! })));
    expect(links.length).toBeGreaterThan(5);
    for (const l of links) {
      expect(l.attr.startsWith('/')).toBe(false);
      const file = decodeURIComponent(new URL(l.href).pathname);
      expect(file).toBe(path.join(ROOT, 'docs', 'rules', `${l.code}.md`));
      expect(fs.existsSync(file)).toBe(true);
    }
    await inPage.page.close();
    const outPage = await openReport(browser, outside, viewport);
    const names = await outPage.page.$$eval('#rows a.code', (els) => els.map((e) => [e.textContent, e.getAttribute('href')]));
    expect(names.length).toBeGreaterThan(5);
    for (const [code, href] of names) expect(href).toBe(`docs/rules/${code}.md`);
    const csp = await outPage.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:$/);
    await outPage.page.close();
  });

  test('cards take the colour of their state and, for todo, of their priority; severities show, info quietly', async () => {
    for (const [file, judged] of [[outside, status], [tiny, tinyStatus]] as const) {
      const { page } = await openReport(browser, file, viewport);
      const cards = await page.$$eval('.card', (els) => els.map((e) => ({ id: e.getAttribute('data-upgrade')!, border: getComputedStyle(e).borderLeftColor, pill: getComputedStyle(e.querySelector('.pill')!).backgroundColor })));
      const want = judged.upgrades.map((u) => {
        const tone = TONE[u.state === 'todo' ? `todo-${u.priority}` : u.state];
        return { id: u.id, border: tone, pill: tone };
      });
      expect(cards).toEqual(want);
      await page.close();
    }
    // the sample has todo cards of all three priorities and a done-heavy tiny project: three reds would fail this
    const tones = new Set(status.upgrades.map((u) => `todo-${u.priority}`));
    expect(tones).toEqual(new Set(['todo-high', 'todo-medium', 'todo-low']));
    expect(tinyStatus.upgrades.some((u) => u.state === 'done')).toBe(true);

    const { page } = await openReport(browser, outside, viewport);
    const sevs = await page.$$eval('.card', (els) => els.map((e) => ({ id: e.getAttribute('data-upgrade')!, sev: Array.from(e.querySelectorAll('.sevs .sv')).map((s) => ({ sev: s.getAttribute('data-sev')!, text: s.textContent!, color: getComputedStyle(s).color, weight: getComputedStyle(s).fontWeight, dot: getComputedStyle(s.querySelector('.dot')!).backgroundColor })) })));
    for (const card of sevs) {
      const mine = findings.filter((f) => f.upgrade === card.id);
      const order = ['high', 'medium', 'low', 'info'];
      const want = order.filter((s) => mine.some((f) => f.severity === s)).map((s) => `${mine.filter((f) => f.severity === s).length} ${s}`);
      expect([card.id, card.sev.map((s) => s.text)]).toEqual([card.id, want]);
      for (const s of card.sev) {
        // high stands out (bold, red); info is muted text with a pale dot
        if (s.sev === 'high') expect([s.color, s.weight, s.dot]).toEqual(['rgb(180, 35, 24)', '650', 'rgb(217, 45, 32)']);
        if (s.sev === 'info') expect([s.color, s.weight, s.dot]).toEqual(['rgb(102, 112, 133)', '400', 'rgb(208, 213, 221)']);
      }
    }
    // the overview's todo tag is as loud as the most urgent todo (the sample has a high one: red, as a high card)
    const top = ['high', 'medium', 'low'].find((p) => status.upgrades.some((u) => u.state === 'todo' && u.priority === p))!;
    expect(await page.$eval('#overview .pill[data-state="todo"]', (e) => getComputedStyle(e).backgroundColor)).toBe(TONE[`todo-${top}`]);
    // fix tags count in words that agree with the number ("1 unsafe fix", "4 unsafe fixes")
    const tags = await page.$$eval('.card .fx', (els) => els.map((e) => e.textContent!));
    expect(tags.length).toBeGreaterThan(1);
    for (const t of tags) expect(t).toMatch(/^(1 (safe|unsafe) fix|([02-9]|\d\d+) (safe|unsafe) fixes)$/);
    // "Migration guide: 1" (one info finding, low priority) is not in the colour of the security card
    const migration = status.upgrades.find((u) => u.title === 'Migration guide')!;
    const security = status.upgrades.find((u) => u.title === 'Fix security issues')!;
    const border = (id: string): Promise<string> => page.$eval(`.card[data-upgrade="${id}"]`, (e) => getComputedStyle(e).borderLeftColor);
    expect(await border(migration.id)).not.toBe(await border(security.id));
    await page.close();
  });

  test('the bars and the heat map name each upgrade beside or under its id', async () => {
    const { page } = await openReport(browser, outside, viewport);
    const bars = await page.$$eval('#by-upgrade .b .lbl', (els) => els.map((e) => {
      const id = e.querySelector('b')!.getBoundingClientRect();
      const n = e.querySelector('.name')!.getBoundingClientRect();
      return { text: e.textContent, id: e.querySelector('b')!.textContent, beside: n.left >= id.right - 0.5 && Math.abs(n.top + n.height / 2 - (id.top + id.height / 2)) < 3, width: n.width };
    }));
    expect(bars.map((b) => b.text)).toEqual(status.upgrades.map((u) => `${u.id} ${u.title}`));
    for (const b of bars) expect([b.id, b.beside, b.width > 40]).toEqual([b.id, true, true]);
    const heads = await page.$$eval('#heatmap th.u', (els) => els.map((e) => {
      const th = e.getBoundingClientRect();
      const num = e.querySelector('.num')!.getBoundingClientRect();
      const n = e.querySelector('.name')!.getBoundingClientRect();
      return { id: e.getAttribute('data-upgrade'), num: e.querySelector('.num')!.textContent, name: e.querySelector('.name')!.textContent, under: n.top >= num.bottom - 0.5 && n.left >= th.left - 0.5 && n.right <= th.right + 0.5, height: n.height };
    }));
    expect(heads.map((x) => [x.id, x.num, x.name])).toEqual(status.upgrades.map((u) => [u.id, u.id.slice(1), u.title]));
    for (const x of heads) expect([x.id, x.under, x.height > 60]).toEqual([x.id, true, true]);
    await page.close();
  });

  test('the heat map scrolls inside its own box, never the page; the path filter keeps a usable width', async () => {
    const { page } = await openReport(browser, outside, viewport);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    const panel = await box(page, '.panel.heat');
    const scroller = await box(page, '#heat-scroll');
    expect(scroller.right).toBeLessThanOrEqual(panel.right);
    const widths = await page.$eval('#heat-scroll', (e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    if (name === 'phone') {
      expect(widths.scroll).toBeGreaterThan(widths.client);
      const heading = await box(page, '.panel.heat h2');
      // scrolled to its end, the last column ("all") is in the box, and the heading stayed where it was
      await page.$eval('#heat-scroll', (e) => (e.scrollLeft = e.scrollWidth));
      const all = await box(page, '#heatmap thead th:last-child');
      expect(all.left).toBeGreaterThanOrEqual(scroller.left);
      expect(all.right).toBeLessThanOrEqual(scroller.right + 0.5);
      expect(await box(page, '.panel.heat h2')).toEqual(heading);
      // and the folder names stay in view
      const folder = await box(page, '#heatmap tbody th.f');
      expect(folder.left).toBeGreaterThanOrEqual(scroller.left - 0.5);
    } else {
      expect(widths.scroll).toBe(widths.client);
    }
    const filter = await box(page, '#f-path');
    const filters = await box(page, '.filters');
    expect(filter.width).toBeGreaterThanOrEqual(name === 'phone' ? 160 : 240);
    expect(filter.right).toBeLessThanOrEqual(filters.right + 0.5);
    await page.close();
  });
});

test('a long path scanned (one word, no place to break) wraps in the header instead of widening the page on a phone', async () => {
  // the fresh clone CI runs in (/tmp/tmp.XXXXXXXXXX/p/...) overflowed at 420 px with some random names and not others
  const deep = path.join(away, 'a'.repeat(70), 'proj');
  fs.mkdirSync(path.join(deep, 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(deep, 'pyproject.toml'), '[project]\nname = "proj"\nversion = "1"\n');
  fs.writeFileSync(path.join(deep, 'pkg', '__init__.py'), 'print(eval(input()))\n');
  const file = path.join(away, 'deep.html');
  expect(cli(['scan', deep, '--format', `html:${file}`, '--fail-on', 'never', '--no-progress'], { cwd: away }).code).toBe(0);
  const { page } = await openReport(browser, file, PHONE);
  expect(await page.$eval('header.top h1 span', (e) => e.textContent)).toContain('a'.repeat(70));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await page.close();
});
