import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixSource, type FileFixResult } from '../../src/fix/engine';
import { initParser } from '../../src/lang/python/parser';
import { selectRules } from '../../src/rules/registry';
import { readMarks } from './ruleFixture';

/**
 * Fix fixtures beside the rule fixtures: `CODE.py` fixed with the rules the
 * codes select must equal `CODE.fixed.py` exactly, fixing that output again
 * must change nothing, and both must compile. The target version comes from a
 * `# target-version: py39` header, as for the `# ruleid:` marks.
 */
export interface FixFixtureOptions {
  /** rule codes or prefixes to run (default: the fixture's code) */
  select?: string[];
  unsafe?: boolean;
  settings?: Record<string, unknown>;
  /** override the header's target version (minor number, e.g. 10) */
  target?: number;
  /** the expected output, when one input has several (default: <fixture>.fixed.py) */
  expected?: string;
}

export async function fixText(text: string, select: string[], opts: Omit<FixFixtureOptions, 'select'> & { file?: string } = {}): Promise<FileFixResult> {
  await initParser();
  const rules = selectRules(select, []);
  const target = opts.target ?? readMarks(text).target;
  const file = opts.file ?? path.join(process.cwd(), 'fixture.py');
  return fixSource(path.basename(file), file, text, rules, { targetMinor: target, settings: opts.settings ?? {} }, { unsafe: !!opts.unsafe });
}

/** Python's verdict on a source text ('' when it compiles). */
export function pythonCompileError(text: string, python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'): string {
  try {
    execFileSync(python, ['-c', 'import sys; compile(sys.stdin.buffer.read(), "<fixture>", "exec")'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
    return '';
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err).trim().split('\n').pop() ?? 'error';
  }
}

export async function expectFixed(code: string, fixture: string, opts: FixFixtureOptions = {}): Promise<FileFixResult> {
  const text = fs.readFileSync(fixture, 'utf8');
  const expectedPath = opts.expected ?? fixture.replace(/\.py$/, '.fixed.py');
  const select = opts.select ?? [code];
  const result = await fixText(text, select, { ...opts, file: fixture });
  if (process.env.UPDATE_FIXED === '1') fs.writeFileSync(expectedPath, result.text);
  const expected = fs.readFileSync(expectedPath, 'utf8');
  expect(result.text).toBe(expected);
  expect(result.converged).toBe(true);
  expect(result.rejected).toEqual([]);
  // a fixture that fixes nothing is no test
  expect(result.applied.filter((a) => a.code === code).length).toBeGreaterThan(0);
  const again = await fixText(result.text, select, { ...opts, file: fixture });
  expect({ secondRunChanged: again.changed }).toEqual({ secondRunChanged: false });
  expect(pythonCompileError(text)).toBe('');
  expect(pythonCompileError(result.text)).toBe('');
  return result;
}

/** Lines that must come out untouched: those marked `# ok: CODE`, and `# ruleid: CODE nofix` (reported, not fixed). */
export function expectOkLinesKept(code: string, input: string, output: string): void {
  const marks = readMarks(input);
  const lines = input.split('\n');
  const outLines = new Set(output.split('\n'));
  const nofix = lines.map((l, i) => (/#\s*ruleid:.*\bnofix\b/.test(l) ? i + 1 : 0)).filter(Boolean);
  for (const n of [...(marks.ok.get(code) ?? []), ...nofix]) expect({ line: n, text: lines[n - 1], kept: outLines.has(lines[n - 1]) }).toEqual({ line: n, text: lines[n - 1], kept: true });
}
