import fs from 'node:fs';
import path from 'node:path';
import type { Rule } from '../core/rule';

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
