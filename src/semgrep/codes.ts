import { ruleByCode } from '../rules/registry';

/**
 * The code a semgrep result is reported under.
 *
 * - The rule id is one of our codes (`SEC003`, the pack in `rules/`): that code,
 *   so the finding is the native rule's, with its upgrade and docs.
 * - The rule's `metadata` has `rfsn-code: ACME001` (letters then digits): that
 *   code, upper-cased. Users who want readable codes in `# noqa:` and
 *   `--select` pick their own this way.
 * - Otherwise `SG` + six digits from a hash of the rule id (FNV-1a, 32 bits,
 *   mod 10^6): `my-rules.no-pickle` is always `SG` + the same digits, on every
 *   machine and run. `--select SG` / `--ignore SG` takes every such rule.
 *
 * All three match the config's code regex `^([A-Za-z]+[0-9]*|ALL)$` and the
 * `# noqa:` parser's full-code form (letters then digits). The SG prefix is
 * not a code of ours; `isKnownSelector` must learn it (and the user's
 * `rfsn-code`s) for `--select SG` and `# noqa: SG` to be accepted.
 */
export const FOREIGN_PREFIX = 'SG';
const OWN_CODE = /^[A-Za-z]+[0-9]+$/;

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function hashedCode(ruleId: string): string {
  return `${FOREIGN_PREFIX}${String(fnv1a(ruleId) % 1_000_000).padStart(6, '0')}`;
}

export interface CodeChoice {
  code: string;
  /** the rule id is one of our rules */
  ours: boolean;
}

export function semgrepCode(ruleId: string, metadata: Record<string, unknown> | undefined): CodeChoice {
  const own = ruleByCode(ruleId);
  if (own && own.code === ruleId.toUpperCase()) return { code: own.code, ours: true };
  const chosen = metadata?.['rfsn-code'];
  if (typeof chosen === 'string' && OWN_CODE.test(chosen)) return { code: chosen.toUpperCase(), ours: !!ruleByCode(chosen) };
  return { code: hashedCode(ruleId), ours: false };
}
