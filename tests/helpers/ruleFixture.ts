import fs from 'node:fs';
import path from 'node:path';
import { checkFile } from '../../src/engine/check';
import { initParser } from '../../src/lang/python/parser';
import { SourceFile } from '../../src/lang/python/source';
import { ruleByCode, selectRules } from '../../src/rules/registry';
import type { Finding } from '../../src/core/finding';

/**
 * Semgrep-style rule fixtures: a line ending in `# ruleid: CODE` must get a
 * finding of CODE starting on it; a line with `# ok: CODE` must not. Several
 * codes may be listed: `# ruleid: TYP001, TYP003`. A header comment
 * `# target-version: py39` sets the target (default py312).
 */
export interface Marks {
  ruleid: Map<string, Set<number>>;
  ok: Map<string, Set<number>>;
  target: number;
}

export function readMarks(text: string): Marks {
  const ruleid = new Map<string, Set<number>>();
  const ok = new Map<string, Set<number>>();
  let target = 12;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const t = /#\s*target-version:\s*py3(\d+)/.exec(line);
    if (t) target = Number(t[1]);
    for (const m of line.matchAll(/#\s*(ruleid|ok):\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)/g)) {
      const map = m[1] === 'ruleid' ? ruleid : ok;
      for (const code of m[2].split(',').map((s) => s.trim())) {
        if (!map.has(code)) map.set(code, new Set());
        map.get(code)!.add(i + 1);
      }
    }
  });
  return { ruleid, ok, target };
}

/** `beside`: codes of other rules run with it (a rule that judges the others' suppressions needs them) */
export async function findingsFor(code: string, fixture: string, settings: Record<string, unknown> = {}, beside: string[] = []): Promise<{ findings: Finding[]; marks: Marks; file: SourceFile }> {
  await initParser();
  const rule = ruleByCode(code);
  if (!rule) throw new Error(`no rule ${code}`);
  const text = fs.readFileSync(fixture, 'utf8');
  const marks = readMarks(text);
  const file = new SourceFile(path.relative(process.cwd(), fixture), fixture, text);
  const result = checkFile(file, [rule, ...(beside.length ? selectRules(beside, [code]) : [])], { targetMinor: marks.target, settings });
  return { findings: result.findings, marks, file };
}

/** Assert the fixture's marks: exactly the `ruleid` lines fire, no `ok` line fires. */
export async function expectFixture(code: string, fixture: string, settings: Record<string, unknown> = {}, beside: string[] = []): Promise<Finding[]> {
  const { findings, marks } = await findingsFor(code, fixture, settings, beside);
  const expected = [...(marks.ruleid.get(code) ?? [])].sort((a, b) => a - b);
  const okLines = marks.ok.get(code) ?? new Set<number>();
  // a fixture that cannot fail is no test
  expect(expected.length).toBeGreaterThan(0);
  expect(okLines.size).toBeGreaterThan(0);
  const fired = [...new Set(findings.filter((f) => f.code === code).map((f) => f.line))].sort((a, b) => a - b);
  expect({ code, fired }).toEqual({ code, fired: expected });
  for (const line of okLines) expect({ code, okLineFired: line, fired: fired.includes(line) }).toEqual({ code, okLineFired: line, fired: false });
  return findings;
}
