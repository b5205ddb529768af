import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { allRules } from '../../src/rules/registry';
import { isSuppressed, parseSuppression } from '../../src/engine/suppress';
import { cli, tempProject } from '../helpers/cli';
import { venvTool } from '../helpers/python';

/**
 * Issue 24 item 4: other tools' codes in `# noqa` (each rule's `aliases`),
 * against the real ruff 0.17.5 of the venv.
 */
const RUFF = venvTool('ruff');
const aliasOf = new Map(allRules().flatMap((r) => (r.aliases ?? []).map((a) => [a, r.code] as const)));

/** ruff's findings as `line code`, with only the codes given selected. */
function ruff(dir: string, file: string, select: string[]): string[] {
  const r = spawnSync(RUFF, ['check', '--isolated', '--no-cache', '--target-version', 'py312', '--select', select.join(','), '--output-format', 'json', file], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as Array<{ code: string; location: { row: number } }>).map((d) => `${d.location.row} ${d.code}`);
}

function ours(dir: string, file: string, select: string[]): string[] {
  const r = cli(['scan', file, '--select', select.join(','), '--format', 'json', '--no-cache', '--fail-on', 'never'], { cwd: dir });
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout).findings as Array<{ code: string; line: number }>).map((f) => `${f.line} ${f.code}`);
}

const SAMPLE = `import os
import random
import subprocess
from typing import Dict, List, Optional, Sequence, Union


password = "hunter2"


def run(cmd, text, n: Optional[int], u: Union[int, str], items: List[int], s: Sequence[int]):
    print(text)
    eval(text)
    exec(text)
    subprocess.run(cmd, shell=True)
    os.system(cmd)
    random.random()
    "{}".format(text)
    "%s" % text
    return n, u, items, s, Dict


class Thing:
    def method(self):
        return 1
`;

describe("other tools' codes in # noqa", () => {
  test('every alias is a rule of the real ruff, of one rule of ours, and never one of our codes', () => {
    const rules = JSON.parse(execFileSync(RUFF, ['rule', '--all', '--output-format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Array<{ code: string }>;
    const ruffCodes = new Set(rules.map((r) => r.code));
    const all = allRules().flatMap((r) => r.aliases ?? []);
    expect(all.filter((a) => !ruffCodes.has(a))).toEqual([]);
    expect(all.length).toBe(new Set(all).size);
    expect(all.filter((a) => allRules().some((r) => r.code === a))).toEqual([]);
  });

  test('T201 suppresses LOG001, S307 SEC001, D103 DOC003; an unmapped code suppresses nothing of ours', () => {
    const s = (c: string) => parseSuppression(c).suppression!;
    expect(isSuppressed('LOG001', s('# noqa: T201'))).toBe(true);
    expect(isSuppressed('SEC001', s('# noqa: s307'))).toBe(true);
    expect(isSuppressed('DOC003', s('# noqa: D103'))).toBe(true);
    expect(isSuppressed('DOC004', s('# noqa: D103'))).toBe(false);
    expect(isSuppressed('LOG001', s('# noqa: E501'))).toBe(false);
  });

  test('differential against ruff: on each line ruff flags with an alias, we flag its rules; with ruff\'s codes in a # noqa, neither reports anything', () => {
    const dir = tempProject({ 'm.py': SAMPLE });
    const aliases = [...aliasOf.keys()];
    const targets = [...new Set(aliasOf.values())];
    const theirs = ruff(dir, 'm.py', aliases);
    expect(theirs.length).toBeGreaterThan(15);
    // the same lines, the same rules (several of ruff's codes can be one of ours: three UP035 on one import)
    const mapped = [...new Set(theirs.map((t) => { const [line, code] = t.split(' '); return `${line} ${aliasOf.get(code)}`; }))].sort();
    expect([...new Set(ours(dir, 'm.py', targets))].sort()).toEqual(mapped);
    // ruff's codes in a noqa on each line it flagged
    const byLine = new Map<number, string[]>();
    for (const t of theirs) {
      const [line, code] = t.split(' ');
      byLine.set(Number(line), [...new Set([...(byLine.get(Number(line)) ?? []), code])]);
    }
    const lines = SAMPLE.split('\n').map((l, i) => (byLine.has(i + 1) ? `${l}  # noqa: ${byLine.get(i + 1)!.join(', ')}` : l));
    fs.writeFileSync(path.join(dir, 'm.py'), lines.join('\n'));
    expect(ruff(dir, 'm.py', [...aliases, 'RUF100'])).toEqual([]);
    // and none of these directives is unused for NQA001
    expect(ours(dir, 'm.py', [...targets, 'NQA001'])).toEqual([]);
  });

  test('print(x)  # noqa: T201: ruff reports nothing, and neither do we', () => {
    const dir = tempProject({ 'a.py': 'x = 1\nprint(x)  # noqa: T201\n' });
    expect(ruff(dir, 'a.py', ['T201', 'RUF100'])).toEqual([]);
    expect(ours(dir, 'a.py', ['LOG001', 'NQA001'])).toEqual([]);
  });

  test('the table is generated from the rules: rules --aliases', () => {
    const r = cli(['rules', '--aliases']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(rows).toEqual([...aliasOf].sort(([a], [b]) => a.localeCompare(b)).map(([a, c]) => `${a} ${c}`));
  });
});
