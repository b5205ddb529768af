import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { Project } from 'ts-morph';
import { fixSource } from '../../../src/fix/engine';
import { JsSourceFile } from '../../../src/lang/js/source';
import { options, rulesFor } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-js-fix-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function fix(name: string, text: string, codes: string[], unsafe = true, settings: Record<string, unknown> = {}) {
  const abs = path.join(tmp, name);
  fs.writeFileSync(abs, text);
  // the real JS fix loop (what `fix` runs); what it still declines is read from the final text's findings
  const r = fixSource(name, abs, text, rulesFor(...codes), options(tmp, settings), { unsafe });
  return { text: r.text, applied: r.applied, declined: r.remaining.filter((f) => f.declined).map((f) => ({ code: f.code, line: f.line, reason: f.declined! })), passes: r.passes };
}

function runNode(name: string, text: string): string {
  const abs = path.join(tmp, name);
  fs.writeFileSync(abs, text);
  return execFileSync(process.execPath, [abs], { cwd: tmp, encoding: 'utf8' });
}

function parseErrors(name: string, text: string): number {
  return new JsSourceFile(name, name, text).syntaxDiagnostics.length;
}

describe('SEC004 exec -> execFile', () => {
  const src = `import { exec, execSync } from 'node:child_process';
exec('node --version', (err, out) => process.stdout.write('a:' + out));
process.stdout.write('b:' + execSync('node -p 40+2'));
execSync('echo $HOME | wc -c');
`;
  const out = fix('sec004.mjs', src, ['SEC004']);
  test('literal commands without shell syntax become execFile with argv; the rest is declined', () => {
    expect(out.text).toContain(`execFile("node", ["--version"], (err, out) =>`);
    expect(out.text).toContain(`execFileSync("node", ["-p", "40+2"])`);
    expect(out.text).toMatch(/import \{ exec, execSync, execFile(Sync)?, execFile(Sync)? \} from 'node:child_process'/);
    expect(out.declined).toEqual([expect.objectContaining({ code: 'SEC004', line: 4, reason: expect.stringContaining('needs a shell') })]);
  });
  test('the fixed program prints what the original printed', () => {
    const runnable = (t: string) => t.replace(/^execSync\('echo.*\n/m, '');
    expect(runNode('sec004-fixed.mjs', runnable(out.text))).toBe(runNode('sec004-orig.mjs', runnable(src)));
  });
  test('a second run changes nothing', () => {
    expect(fix('sec004-again.mjs', out.text, ['SEC004']).text).toBe(out.text);
  });
});

describe('SEC005 Math.random', () => {
  const src = `'use strict';
const fs = require('node:fs');
const d = Math.floor(Math.random() * 6);
const heads = Math.random() < 0.5;
const id = Math.random().toString(36);
console.log(Number.isInteger(d) && d >= 0 && d < 6, typeof heads, typeof id, typeof fs.readFileSync);
`;
  const out = fix('sec005.cjs', src, ['SEC005']);
  test('floor(random * N) -> randomInt(N) imported from node:crypto; a comparison -> getRandomValues; other uses declined', () => {
    expect(out.text).toContain('const d = randomInt(6);');
    expect(out.text).toContain(`const { randomInt } = require("node:crypto");`);
    expect(out.text).toContain('(crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32) < 0.5');
    expect(out.declined).toEqual([expect.objectContaining({ line: 6, reason: expect.stringMatching(/not one the fix knows/) })]); // line 5 before the import was added
    expect(parseErrors('x.cjs', out.text)).toBe(0);
  });
  test('the fixed program runs and prints the same', () => {
    expect(runNode('sec005-fixed.cjs', out.text)).toBe(runNode('sec005-orig.cjs', src));
  });
  test('a browser script (no Node import) gets no randomInt', () => {
    const r = fix('browser.js', 'const n = Math.floor(Math.random() * 10);\n', ['SEC005']);
    expect(r.text).toBe('const n = Math.floor(Math.random() * 10);\n');
    expect(r.declined[0].reason).toMatch(/runs in Node/);
  });
});

describe('LOG001 console -> configured logger', () => {
  const logger = `export const logger = { info: (...a) => process.stdout.write('INFO ' + a.join(' ') + '\\n'), error: (...a) => process.stdout.write('ERROR ' + a.join(' ') + '\\n') };\n`;
  const src = `export function work(n) {\n  console.log('working', n);\n  console.error('bad', n);\n  return n;\n}\nwork(1);\n`;
  test('declined when no logger is configured', () => {
    const r = fix('log-none.mjs', src, ['LOG001']);
    expect(r.text).toBe(src);
    expect(r.declined.map((d) => d.reason)).toEqual([expect.stringMatching(/no logger configured/), expect.stringMatching(/no logger configured/)]);
  });
  test('calls go to the logger, one import added, and the program logs through it', () => {
    fs.mkdirSync(path.join(tmp, 'ui'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'log.mjs'), logger);
    const r = fix('ui/app.mjs', src, ['LOG001'], true, { 'js-logger': './log.mjs:logger' });
    expect(r.text).toBe(`import { logger } from "../log.mjs";\n\nexport function work(n) {\n  logger.info('working', n);\n  logger.error('bad', n);\n  return n;\n}\nwork(1);\n`.replace(/"/g, '"'));
    expect(runNode('ui/app-fixed.mjs', r.text)).toBe('INFO working 1\nERROR bad 1\n');
    expect(fix('ui/app.mjs', r.text, ['LOG001'], true, { 'js-logger': './log.mjs:logger' }).text).toBe(r.text);
  });
  test('a .js file with neither imports nor require: an ES module when its package.json says "type": "module", else declined', () => {
    const body = "console.log('hi');\n";
    fs.mkdirSync(path.join(tmp, 'esm-pkg'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'esm-pkg/package.json'), '{"type": "module"}');
    const settings = { 'js-logger': './log.mjs:logger' };
    expect(fix('esm-pkg/page.js', body, ['LOG001'], true, settings).text).toBe(`import { logger } from "../log.mjs";\n\nlogger.info('hi');\n`);
    const plain = fix('page.js', body, ['LOG001'], true, settings);
    expect(plain.text).toBe(body);
    expect(plain.declined[0].reason).toMatch(/ES module or CommonJS/);
  });
  test('not applied without --unsafe-fixes', () => {
    expect(fix('log-safe.mjs', src, ['LOG001'], false, { 'js-logger': './log.mjs:logger' }).text).toBe(src);
  });
});

describe('TYP004 safe : void', () => {
  const src = `export function log(msg: string) {\n  process.stdout.write(msg);\n}\nexport async function save(p: string) {\n  await Promise.resolve(p);\n}\nexport function size(a: string[]) {\n  return a.length;\n}\nexport class S {\n  start() {\n    if (Math) return;\n  }\n}\n`;
  const out = fix('typ004.ts', src, ['TYP004'], false);
  test('void where no return has a value, Promise<void> when async, declined when a value is returned', () => {
    expect(out.text).toContain('export function log(msg: string): void {');
    expect(out.text).toContain('export async function save(p: string): Promise<void> {');
    expect(out.text).toContain('start(): void {');
    expect(out.text).toContain('export function size(a: string[]) {');
    expect(out.declined).toEqual([expect.objectContaining({ line: 7, reason: expect.stringMatching(/returns a value/) })]);
  });
  test('the fixed file type-checks as the original did (the fix is safe)', () => {
    const diagnostics = (text: string) => {
      const p = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, lib: ['lib.es2022.d.ts'], types: [] } });
      p.createSourceFile('/a.ts', `declare const process: { stdout: { write(s: string): void } };\n${text}`);
      return p.getPreEmitDiagnostics().map((d) => d.getMessageText());
    };
    expect(diagnostics(out.text)).toEqual(diagnostics(src));
  });
});
