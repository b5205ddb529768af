import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../helpers/cli';

/**
 * Debian's chromium driven by playwright-core (scripts/browser-deps.sh installs
 * it). The HTML report's tests open the page from file:// as a person would.
 */
const CHROMIUM = process.env.RFSN_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser tests leave their screenshots (CI keeps the folder). */
export const TEST_OUTPUT = process.env.RFSN_TEST_OUTPUT ?? path.join(ROOT, 'test-output');

export function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/browser-deps.sh (as root) to install Debian's chromium`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export interface OpenedPage {
  page: Page;
  /** console errors and warnings, uncaught exceptions, failed requests and dialogs (alert/confirm/prompt) */
  problems: string[];
  dialogs: string[];
}

/** Open a report from file:// and wait until its script has built the page. */
export async function openReport(browser: Browser, file: string, viewport = { width: 1400, height: 900 }): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) problems.push(`request: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${path.resolve(file)}`);
  await page.waitForSelector('html[data-ready]', { timeout: 15_000 });
  return { page, problems, dialogs };
}

/** The count line of the findings table: "12 of 232 findings" -> 12. */
export async function shownCount(page: Page): Promise<number> {
  const t = (await page.textContent('#count')) ?? '';
  return Number(t.split(' of ')[0].replace(/,/g, ''));
}

/** The rows the virtualised table has drawn: [severity, code, location, message, source, fix]. */
export function drawnRows(page: Page): Promise<string[][]> {
  return page.$$eval('#rows .frow[role=row]', (rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent ?? '')));
}
