import type { Edit } from '../core/finding';
import type { FileOptions, Rule } from '../core/rule';
import { checkJsFile } from './check';
import { applyEdits } from './edit';
import { JsSourceFile } from './source';

export interface JsFixOutcome {
  text: string;
  applied: string[];
  declined: Array<{ code: string; line: number; reason: string }>;
  passes: number;
}

/**
 * Fix one file's text to a fixed point the way src/fix does for Python: each
 * pass applies the non-overlapping edits of the findings' fixes (safe ones,
 * and unsafe ones when asked), then checks the result again. Every fix was
 * verified to parse when it was built. For tests until src/fix reads JS.
 */
export function fixJsText(filePath: string, absPath: string, text: string, rules: Rule[], options: FileOptions, unsafe: boolean): JsFixOutcome {
  const applied: string[] = [];
  let declined: JsFixOutcome['declined'] = [];
  let passes = 0;
  for (; passes < 10; passes++) {
    const file = new JsSourceFile(filePath, absPath, text);
    const res = checkJsFile(file, rules, options);
    declined = res.findings.filter((f) => f.declined).map((f) => ({ code: f.code, line: f.line, reason: f.declined! }));
    const chosen: Edit[] = [];
    for (const f of res.findings) {
      if (!f.fix || (f.fix.safety === 'unsafe' && !unsafe)) continue;
      const overlaps = f.fix.edits.some((e) => chosen.some((c) => e.start < c.end && c.start < e.end || (e.start === c.start && e.end === c.end)));
      if (overlaps) continue;
      chosen.push(...f.fix.edits);
      applied.push(`${f.code}:${f.line}: ${f.fix.description}`);
    }
    if (!chosen.length) break;
    text = applyEdits(text, chosen);
  }
  return { text, applied, declined, passes };
}
