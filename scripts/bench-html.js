#!/usr/bin/env node
// The HTML dashboard on the Python standard library of the machine's python3:
// the report's size (raw and gzipped), the time to write it, and the time for
// Debian's chromium to load it until it is interactive (the page's script has
// built everything and set data-ready), then the time one filter takes.
// Prints figures; asserts nothing. Needs /usr/bin/chromium (scripts/browser-deps.sh).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');
const CHROMIUM = process.env.RFSN_CHROMIUM || '/usr/bin/chromium';

function main() {
  let stdlib = process.argv[2];
  if (!stdlib) stdlib = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-bench-html-'));
  const html = path.join(dir, 'stdlib.html');
  const json = path.join(dir, 'stdlib.json');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, 'scan', stdlib, '--format', `html:${html}`, '--format', `json:${json}`, '--fail-on', 'never', '--no-progress'], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const scanS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!fs.existsSync(html)) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const findings = JSON.parse(fs.readFileSync(json, 'utf8')).summary.findings;
  const size = fs.statSync(html).size;
  const jsonSize = fs.statSync(json).size;
  const gz = zlib.gzipSync(fs.readFileSync(html)).length;
  const mb = (n) => (n / 1e6).toFixed(2);
  console.log(`stdlib: ${stdlib}`);
  console.log(`findings: ${findings.toLocaleString('en-US')}; scan writing JSON + HTML: ${scanS.toFixed(1)} s`);
  console.log(`html report: ${mb(size)} MB (${mb(gz)} MB gzipped); the JSON report of the same scan: ${mb(jsonSize)} MB`);
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`chromium: ${CHROMIUM} missing (bash scripts/browser-deps.sh), no load time`);
    return;
  }
  const { chromium } = require('playwright-core');
  (async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const runs = [];
    let filterMs = 0;
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const start = Date.now();
      await page.goto(`file://${html}`, { waitUntil: 'commit' });
      await page.waitForSelector('html[data-ready]', { timeout: 120000 });
      runs.push(Date.now() - start);
      filterMs = await page.evaluate(() => {
        const sel = document.getElementById('f-severity');
        const t = performance.now();
        sel.value = '0';
        sel.dispatchEvent(new Event('change'));
        return performance.now() - t;
      });
      await page.close();
    }
    await browser.close();
    runs.sort((a, b) => a - b);
    console.log(`chromium time to interactive: ${(runs[1] / 1000).toFixed(2)} s (median of 3: ${runs.map((x) => (x / 1000).toFixed(2)).join(', ')} s)`);
    console.log(`one filter (severity) over all findings: ${filterMs.toFixed(0)} ms`);
    fs.rmSync(dir, { recursive: true, force: true });
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
main();
