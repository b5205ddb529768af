import fs from 'node:fs';
import path from 'node:path';
import type { CoverageFigure, Inventories, Inventory, Rule } from '../core/rule';
import { setNoqaVocabulary, type NoqaVocabulary } from '../core/suppression';

/**
 * Rules are discovered from the group folders of the rules directory (one file
 * per rule, exporting `rule`), so adding a rule never means editing a list.
 * The folder is found by path at run time: nothing below the rules imports them.
 */
const RULES_DIR = __dirname;
let cache: Rule[] | null = null;

export function allRules(): Rule[] {
  if (cache) return cache;
  const rules: Rule[] = [];
  for (const group of fs.readdirSync(RULES_DIR, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    const dir = path.join(RULES_DIR, group.name);
    for (const f of fs.readdirSync(dir).sort()) {
      if (!/\.(js|ts)$/.test(f) || f.endsWith('.d.ts') || f.includes('.test.') || f.startsWith('_')) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(dir, f));
      if (mod.rule && typeof mod.rule.code === 'string') rules.push(mod.rule as Rule);
    }
  }
  rules.sort((a, b) => a.code.localeCompare(b.code));
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.code)) throw new Error(`two rules share the code ${r.code}`);
    seen.add(r.code);
  }
  cache = rules;
  return rules;
}

export function ruleByCode(code: string): Rule | undefined {
  return allRules().find((r) => r.code === code.toUpperCase());
}

/** The coverage figures the given rules feed, each once (rules that feed one figure share it), in the order of the rules' codes. */
export function coverageFigures(rules: Rule[]): CoverageFigure[] {
  return [...new Set([...rules].sort((a, b) => a.code.localeCompare(b.code)).flatMap((r) => (r.coverage ? [r.coverage] : [])))];
}

/** The rule whose facts make the inventory of `what` (e.g. the environment variables), and that inventory. */
export function inventoryRule<K extends keyof Inventories>(what: K): { rule: Rule; inventory: Inventory<K> } | undefined {
  const rule = allRules().find((r) => r.inventory?.of === what);
  return rule ? { rule, inventory: rule.inventory as unknown as Inventory<K> } : undefined;
}

/** A code selector matches by prefix: SEC, SEC00, SEC003; ALL matches everything. */
export function matchesSelector(code: string, selector: string): boolean {
  const s = selector.trim().toUpperCase();
  return s === 'ALL' || code.startsWith(s);
}

/**
 * Codes of the run's semgrep rules that are not ours (`SG123456`, a user's
 * `metadata.rfsn-code` such as `ACME001`): set by the engine plan before the
 * configuration and the selectors are checked, so that `--select SG`,
 * `--ignore ACME001` and per-file-ignores of them are accepted. Empty for
 * `--engine native`: there such selectors stay unknown.
 */
let foreignCodes: string[] = [];

export function setForeignCodes(codes: string[]): void {
  foreignCodes = [...new Set(codes.map((c) => c.toUpperCase()))].sort();
}

export function isKnownSelector(selector: string): boolean {
  const s = selector.trim().toUpperCase();
  return s === 'ALL' || allRules().some((r) => r.code.startsWith(s)) || foreignCodes.some((c) => c.startsWith(s));
}

export function selectRules(select: string[] | undefined, ignore: string[] | undefined, extra: string[] = []): Rule[] {
  return allRules().filter((r) => {
    const selected = !select || select.length === 0 || select.some((s) => matchesSelector(r.code, s)) || extra.some((s) => matchesSelector(r.code, s));
    const ignored = (ignore ?? []).some((s) => matchesSelector(r.code, s));
    return selected && !ignored;
  });
}

let vocabulary: NoqaVocabulary | null = null;

/**
 * What `# noqa` and `# nosec` comments can name, from the rules: their codes
 * and prefixes (and the run's semgrep codes), other tools' codes (each rule's
 * `aliases`), bandit's test ids (each rule's `nosec`), and the groups whose
 * rules bandit also checks, which a bare `# nosec` covers.
 */
export function noqaVocabulary(): NoqaVocabulary {
  if (vocabulary) return vocabulary;
  const aliases = new Map<string, string[]>();
  const bandit = new Map<string, string[]>();
  const nosecGroups = new Set<string>();
  for (const r of allRules()) {
    for (const a of r.aliases ?? []) aliases.set(a, [...(aliases.get(a) ?? []), r.code]);
    for (const b of r.nosec ?? []) bandit.set(b, [...(bandit.get(b) ?? []), r.code]);
    if (r.nosec?.length) nosecGroups.add(r.code.replace(/\d+$/, ''));
  }
  vocabulary = {
    isKnown: isKnownSelector,
    codesUnder: (prefix) => allRules().filter((r) => r.code.startsWith(prefix)).map((r) => r.code),
    aliases,
    bandit,
    nosecGroups: [...nosecGroups],
  };
  return vocabulary;
}

setNoqaVocabulary(noqaVocabulary);
