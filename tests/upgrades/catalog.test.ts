import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allRules } from '../../src/rules/registry';
import { judgeState, judgeUpgrades, rulesOfUpgrade, upgradeById, upgradeStatuses, UPGRADES, type ProjectView } from '../../src/upgrades';

describe('the upgrade catalog', () => {
  it("takes each upgrade's rules from the rules' own `upgrade`", () => {
    const byRule = new Map<string, string[]>();
    for (const r of allRules()) byRule.set(r.upgrade, [...(byRule.get(r.upgrade) ?? []), r.code]);
    for (const u of UPGRADES) {
      expect({ id: u.id, rules: u.rules }).toEqual({ id: u.id, rules: [...(byRule.get(u.id) ?? [])].sort() });
      expect({ id: u.id, rules: rulesOfUpgrade(u.id) }).toEqual({ id: u.id, rules: u.rules });
      expect({ id: u.id, some: u.rules.length > 0 }).toEqual({ id: u.id, some: true });
    }
    // every rule names an upgrade of the catalog
    const ids = new Set(UPGRADES.map((u) => u.id));
    expect(allRules().filter((r) => !ids.has(r.upgrade)).map((r) => r.code)).toEqual([]);
    expect(upgradeById('U08')!.rules).toEqual(['DEP001', 'DEP002', 'DEP003']);
    expect(rulesOfUpgrade('U99')).toEqual([]);
  });

  it('has no comment that cites a file outside the repository', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'upgrades.ts'), 'utf8');
    expect(text).not.toMatch(/\.\.\/shared\//);
    expect(text).not.toMatch(/rules\/project\/_evidence/);
  });
});

describe('judging with rules that could not run', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-catalog-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const empty: ProjectView = { root, files: [] };
  const withPool: ProjectView = { root, files: [{ path: 'app/db_pool.py', facts: { imports: [], defs: [{ name: 'get_pool', line: 3 }], mainGuard: false, hasCode: true, benchmarkFixture: false } }] };
  const all = new Set(allRules().map((r) => r.code));
  const byId = (list: Array<{ upgrade: { id: string }; state: string }>, id: string): string => list.find((s) => s.upgrade.id === id)!.state;

  it('answers unknown, never done, when a rule of the upgrade could not run', () => {
    const judged = judgeUpgrades([], all, empty, new Set(['INT001', 'DEP001', 'DEP002', 'DEP003', 'TST001']));
    expect(['U01', 'U08', 'U11'].map((id) => byId(judged, id))).toEqual(['unknown', 'unknown', 'unknown']);
    expect(judged.find((s) => s.upgrade.id === 'U08')!.notRun).toEqual(['DEP001', 'DEP002', 'DEP003']);
    // upgrades whose rules all ran are judged as before
    expect(byId(judged, 'U13')).toBe('done');
    expect(judged.find((s) => s.upgrade.id === 'U13')!.notRun).toEqual([]);
    // one rule of three missing is enough
    expect(byId(judgeUpgrades([], all, empty, new Set(['DEP002'])), 'U08')).toBe('unknown');
    // without the set, the same scan says done
    expect(['U01', 'U08', 'U11'].map((id) => byId(upgradeStatuses([], all, empty), id))).toEqual(['done', 'done', 'done']);
  });

  it('keeps known work: findings of the rules that ran, or a missing scaffold, stay todo / partial', () => {
    const findings = [{ upgrade: 'U08', path: 'app/x.py' }];
    expect(byId(judgeUpgrades(findings, all, empty, new Set(['DEP002'])), 'U08')).toBe('todo');
    // U03 requires the pool scaffold: present and no findings -> done, unless DB001 could not run
    expect(byId(judgeUpgrades([], all, withPool), 'U03')).toBe('done');
    expect(byId(judgeUpgrades([], all, withPool, new Set(['DB001'])), 'U03')).toBe('unknown');
    expect(byId(judgeUpgrades([], all, empty, new Set(['DB001'])), 'U03')).toBe('todo');
    // a rule that could not run is not counted as checked, even when the caller lists it among the rules that ran
    const u11 = judgeUpgrades([], all, empty, new Set(['TST001'])).find((s) => s.upgrade.id === 'U11')!;
    expect({ checked: u11.checked, state: u11.state }).toEqual({ checked: false, state: 'unknown' });
  });

  it('judgeState takes the same flag', () => {
    const u03 = upgradeById('U03')!;
    expect(judgeState(u03, 0, new Set(['pool']), true)).toBe('unknown');
    expect(judgeState(u03, 2, new Set(['pool']), true)).toBe('partial');
    expect(judgeState(u03, 0, new Set(), true)).toBe('todo');
    expect(judgeState(upgradeById('U13')!, 0, new Set(), false)).toBe('done');
  });
});
