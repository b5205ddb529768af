import fs from 'node:fs';
import path from 'node:path';
import { allRules } from '../../src/rules/registry';
import { configSchema, baseShape } from '../../src/engine/config';
import { UPGRADES } from '../../src/upgrades';

/**
 * The registry's contract, for every rule: everything about a rule is under
 * its code in two folders (src/rules/<group>/<CODE>-name.ts and
 * tests/rules/<group>/<CODE>.*), its docs have every section, it has a
 * snapshot of what it reports and fixes, and the catalog lists it under its
 * upgrade.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SECTIONS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix safety'];

function ruleFile(code: string): { group: string; file: string } {
  for (const group of fs.readdirSync(path.join(ROOT, 'src/rules'))) {
    const dir = path.join(ROOT, 'src/rules', group);
    if (!fs.statSync(dir).isDirectory()) continue;
    const f = fs.readdirSync(dir).find((x) => x.startsWith(`${code}-`) && x.endsWith('.ts'));
    if (f) return { group, file: path.join(dir, f) };
  }
  throw new Error(`no rule file for ${code}`);
}

describe.each(allRules().map((r) => [r.code, r] as const))('%s', (code, rule) => {
  const { group, file } = ruleFile(code);
  const tests = path.join(ROOT, 'tests/rules', group);

  test('lives in src/rules/<group>/<CODE>-<name>.ts, named by its code and name', () => {
    expect(path.basename(file)).toBe(`${code}-${rule.name}.ts`);
    expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('has every docs section', () => {
    for (const s of SECTIONS) expect({ code, section: s, present: rule.docs.includes(s) }).toEqual({ code, section: s, present: true });
    expect(rule.summary.length).toBeGreaterThan(10);
  });

  test('has a check for at least one language, in the current contract', () => {
    const r = rule as unknown as Record<string, unknown>;
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
    expect(!!rule.python || !!rule.project || !!rule.noqa || Object.keys(r).some((k) => k === 'js')).toBe(true);
    if (rule.python) expect(typeof rule.python.create).toBe('function');
  });

  test('has its fixture and test beside a snapshot of what it reports (and fixes, when fixable)', () => {
    const entries = fs.readdirSync(tests);
    expect(entries).toContain(`${code}.test.ts`);
    expect(entries.some((e) => e === `${code}.py` || e === code)).toBe(true);
    const snapshot = path.join(tests, `${code}.snapshot`);
    expect({ code, snapshot: fs.existsSync(snapshot) }).toEqual({ code, snapshot: true });
    const text = fs.readFileSync(snapshot, 'utf8');
    const fixable = !!rule.fixable && rule.fixable !== 'never';
    // a fixable rule's snapshot shows its fix; a rule that cannot fix shows none
    expect({ code, fixable, snapshotHasFix: /^## fix/m.test(text) }).toEqual({ code, fixable, snapshotHasFix: fixable && !rule.project });
  });

  test('is listed by the upgrade it names', () => {
    const up = UPGRADES.find((u) => u.id === rule.upgrade);
    expect(up).toBeDefined();
    expect(up!.rules).toContain(code);
  });
});

test('every upgrade lists only rules that name it, and rule options never shadow the run\'s keys', () => {
  for (const u of UPGRADES) for (const c of u.rules) expect({ upgrade: u.id, rule: c, names: allRules().find((r) => r.code === c)?.upgrade }).toEqual({ upgrade: u.id, rule: c, names: u.id });
  const shape = configSchema().shape;
  for (const r of allRules()) for (const k of Object.keys(r.options ?? {})) {
    expect(k in baseShape).toBe(false);
    expect(k in shape).toBe(true);
  }
});
