import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { cli, tempProject } from '../helpers/cli';
import { launch, openReport } from './html-browser';

/**
 * Nothing from the scanned code runs in the page: script-ending tags and
 * attribute breakouts in a comment, a string and file names are shown as
 * text, and the browser runs none of them (no dialog, no global set, no
 * element created, no CSP refusal logged).
 */
const NAME_IMG = '"><img src=x onerror="window.__pwned=1;alert(1)">.py';
const NAME_SCRIPT = 'a</script><script>window.__pwned=2;alert(2)</script>.py';
const SOURCE = [
  '"""Module."""',
  '# TODO: </script><script>window.__pwned=3;alert(3)</script> "><img src=x onerror=window.__pwned=4>',
  'print("</script><script>window.__pwned=5</script>\\"><img src=x onerror=window.__pwned=6>")',
  'x = eval("\'</script><!--<script>window.__pwned=7</script>\'")',
  '',
].join('\n');

let dir: string;
let browser: Browser;
beforeAll(async () => {
  dir = tempProject({ [`pkg/${NAME_IMG}`]: SOURCE, [`pkg/${NAME_SCRIPT}`]: SOURCE, 'pkg/__init__.py': '"""Package."""\n' });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  ['scan', ['scan', 'pkg', '--fail-on', 'never']],
  // status names the paths of the command line in the page title and header
  ['status', ['status', `pkg/${NAME_IMG}`, `pkg/${NAME_SCRIPT}`, 'pkg']],
])('%s --format html: hostile comments, strings and file names stay text', async (_name, args) => {
  const file = path.join(dir, `${_name}.html`);
  const r = cli([...args, '--format', `html:${file}`, '--no-progress'], { cwd: dir });
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  const { page, problems, dialogs } = await openReport(browser, file);
  expect(dialogs).toEqual([]);
  expect(problems).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.$$eval('img', (els) => els.length)).toBe(0);
  expect(await page.$$eval('script', (els) => els.length)).toBe(2);

  // the texts are there, as text
  await page.fill('#f-path', 'onerror');
  await page.waitForFunction(() => !document.querySelector('#count')!.textContent!.startsWith('0 of') && document.querySelectorAll('#rows .frow .loc').length > 0);
  const locs = await page.$$eval('#rows .frow .loc', (els) => els.map((e) => e.textContent));
  expect(locs.some((l) => l!.startsWith(`pkg/${NAME_IMG}:`))).toBe(true);
  await page.fill('#f-path', '</script>');
  await page.waitForFunction(() => document.querySelectorAll('#rows .frow .loc').length > 0 && Array.from(document.querySelectorAll('#rows .frow .loc')).every((e) => e.textContent!.includes('</script>')));
  const rows = await page.$$eval('#rows .frow', (els) => els.map((e) => e.textContent ?? ''));
  expect(rows.some((t) => t.includes(`pkg/${NAME_SCRIPT}:3`) && t.includes('print("</script><script>window.__pwned=5</script>'))).toBe(true);
  expect(rows.some((t) => t.includes('TODO') && t.includes('</script><script>window.__pwned=3'))).toBe(true);
  if (_name === 'status') {
    expect(await page.title()).toContain(NAME_SCRIPT);
    expect(await page.textContent('header.top h1')).toContain(NAME_IMG);
  }
  await page.close();
});
