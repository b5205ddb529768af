import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixOne } from '../../src/fix/run';
import { fixSource } from '../../src/fix/engine';
import type { Fix } from '../../src/core/finding';
import { fakeRule } from '../helpers/fakeRule';
import { initParser } from '../../src/lang/python/parser';
import { allRules } from '../../src/rules/registry';
import { options } from '../lang/js/helpers';

/**
 * Issue 20: one fix loop for every language. What the Python loop could do,
 * a JS/TS file now gets too: `fix --verify` reverts one fix of a file
 * (FileJob.exclude, by rule and its lines before and after) instead of the
 * file's every fix of that rule (the JS loop ignored the exclusion, so
 * bisect stopped at the file).
 */
beforeAll(() => initParser());

const TYP004 = allRules().filter((r) => r.code === 'TYP004');
const TEXT = 'export function a() {\n  doIt();\n}\nexport function b() {\n  doIt();\n}\n';

function fixed(name: string, text: string, exclude: Array<{ code: string; before: string; after: string }>): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-one-loop-'));
  const abs = path.join(dir, name);
  fs.writeFileSync(abs, text);
  const o = fixOne({ abs, display: name, exclude }, TYP004, options(dir), 1e6, { unsafe: true });
  expect(o.error).toBeUndefined();
  return o.text;
}

test('a JS/TS file keeps every fix but the one FileJob.exclude names', () => {
  expect(fixed('m.ts', TEXT, [])).toBe(TEXT.replace(/\(\) \{/g, '(): void {'));
  const one = { code: 'TYP004', before: 'export function a() {', after: 'export function a(): void {' };
  expect(fixed('m.ts', TEXT, [one])).toBe('export function a() {\n  doIt();\n}\nexport function b(): void {\n  doIt();\n}\n');
});

test('a Python file the same way, through the same loop', () => {
  const py = 'def a():\n    do_it()\n\n\ndef b():\n    do_it()\n';
  const all = fixed('m.py', py, []);
  expect(all).toBe(py.replace(/\(\):/g, '() -> None:'));
  expect(fixed('m.py', py, [{ code: 'TYP004', before: 'def a():', after: 'def a() -> None:' }])).toBe('def a():\n    do_it()\n\n\ndef b() -> None:\n    do_it()\n');
});

test('a pass whose every fix is undone keeps the findings of the rules that cannot fix', () => {
  const breaks = fakeRule('TST901', (s, e) => ({ safety: 'safe', description: 'break', edits: [{ start: s, end: e, text: 'pass(' }] }));
  const report = { ...fakeRule('TST903', () => null as unknown as Fix), fixable: 'never' as const };
  const r = fixSource('a.py', '/tmp/a.py', 'def f():\n    pass\n', [breaks, report], { targetMinor: 12, settings: {} }, { unsafe: false });
  expect(r.changed).toBe(false);
  expect(r.rejected).toEqual(['TST901 at line 2: the result would not parse']);
  expect(r.remaining.map((f) => f.code)).toEqual(r.initial.map((f) => f.code));
});
