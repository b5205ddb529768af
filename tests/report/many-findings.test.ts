import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/core/finding';
import { sarifReporter, toSarif } from '../../src/report/sarif';
import { jsonReporter, toJsonObject } from '../../src/report/json';
import { jsonChunks, LazyArray } from '../../src/report/stream';
import { cli, tempProject } from '../helpers/cli';
import { reportInput } from '../../src/cli/report-input';

/** How often `needle` occurs in a file, read in pieces (the SARIF of 150,000 findings is ~300 MB). */
function countIn(file: string, needle: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let count = 0;
  let carry = '';
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      const text = carry + buf.toString('latin1', 0, n);
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
      carry = text.slice(text.length - needle.length + 1);
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

describe('a file with 150,000 findings (issue 21 item 8)', () => {
  const N = 150_000;

  test('scan reports them all as JSON, SARIF and text: no stack overflow, no one giant string', () => {
    const dir = tempProject({ 'many.py': 'eval(x)\n'.repeat(N) });
    const json = path.join(dir, 'out.json');
    const sarif = path.join(dir, 'out.sarif');
    const r = cli(['scan', 'many.py', '--select', 'SEC001', '--no-cache', '--fail-on', 'never', '--format', `json:${json}`, '--format', `sarif:${sarif}`, '--format', 'text'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(report.summary.findings).toBe(N);
    expect(report.findings).toHaveLength(N);
    expect(report.findings[N - 1]).toMatchObject({ code: 'SEC001', path: 'many.py', line: N, column: 1 });
    expect(countIn(sarif, '"ruleId": "SEC001"')).toBe(N);
    const tail = fs.readFileSync(sarif, 'utf8').slice(-200);
    expect(tail).toMatch(/\n {8}}\n {6}]\n {4}}\n {2}]\n}\n$/);
    expect(r.stdout).toContain(`Found ${N.toLocaleString('en-US')} findings in 1 file`);
    expect(r.stdout.split('\n').filter((l) => / SEC001 /.test(l))).toHaveLength(N);
  });
});

describe('reporters write as they go', () => {
  const finding = (i: number): Finding => ({
    code: 'SEC001', upgrade: 'U02', severity: 'high', message: `eval() of input ${i}`, path: 'a.py',
    line: i + 1, column: 1, endLine: i + 1, endColumn: 8, fix: null, language: 'python',
  });
  const N = 5_000;
  const ctx = reportInput({ result: { files: 1, findings: Array.from({ length: N }, (_, i) => finding(i)), errors: [{ path: 'b.py', message: 'syntax error' }] }, color: false, root: process.cwd() });

  test.each([
    ['json', () => jsonReporter(ctx), () => `${JSON.stringify(toJsonObject(ctx), null, 2)}\n`],
    ['sarif', () => sarifReporter(ctx), () => `${JSON.stringify(toSarif(ctx), null, 2)}\n`],
  ])('%s: findings in pieces of a few hundred (none near the size of the report), together what JSON.stringify writes', (_name, report, whole) => {
    const chunks = report();
    expect(typeof chunks).not.toBe('string');
    const pieces = [...chunks];
    const text = whole();
    // findings are stringified 64 at a time (one JSON.stringify per finding cost five times as much)
    expect(pieces.length).toBeGreaterThan(N / 64);
    expect(pieces.reduce((m, p) => Math.max(m, p.length), 0)).toBeLessThan(text.length / 8);
    expect(pieces.join('')).toBe(text);
  });

  test('jsonChunks is JSON.stringify, byte for byte, at every depth, indented and compact', () => {
    const values: unknown[] = [
      null, 0, -1.5, 'a"\n\u2028é', true, [], {}, [[]], [{}], { a: [] }, { a: {} },
      [1, 'two', null, undefined, () => 3, { x: undefined, y: [undefined], z: { toJSON: () => 'j' } }],
      { s: 'x', n: 1, u: undefined, f: () => 1, d: new Date(0), nested: { deep: [[1, [2, { k: 'v\nw' }]]] } },
      toJsonObject(ctx),
    ];
    for (const v of values) {
      for (const depth of [0, 1, 2, 3, 6]) {
        expect([...jsonChunks(v, depth)].join('')).toBe(JSON.stringify(v, null, 2) ?? 'null');
        expect([...jsonChunks(v, depth, 0)].join('')).toBe(JSON.stringify(v) ?? 'null');
      }
    }
    // an array made as it is written reads as the array itself
    expect([...jsonChunks({ a: new LazyArray([1, { b: 2 }]) }, 1)].join('')).toBe(JSON.stringify({ a: [1, { b: 2 }] }, null, 2));
    expect([...jsonChunks(new LazyArray([]), 0)].join('')).toBe('[]');
  });
});
