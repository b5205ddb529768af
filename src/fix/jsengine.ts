import type { Edit, FileError, Finding } from '../core/finding';
import type { FileOptions, Rule } from '../core/rule';
import { checkJsFile, jsOf } from '../lang/js/check';
import { JsSourceFile } from '../lang/js/source';
import { applyEdits, detectEol, selectFixes, type Candidate } from '../core/edits';
import { allowedFix, MAX_PASSES, unsafeSkippedOf, type AppliedFix, type FileFixResult, type FixPolicy } from './engine';

/**
 * The fix loop of a JS/TS file, the sibling of `fixSource`: check with the
 * rules' JS sides, take the allowed non-overlapping fixes, apply, re-parse
 * with the TypeScript compiler API, and repeat to a fixed point. A pass whose
 * result has more syntax diagnostics than the original is undone and its
 * fixes tried one at a time; a fix that adds one is not offered again (every
 * fix was already checked that way when it was built: src/js/edit.ts). There
 * is no python3 step for these files: the compiler's parse is the verdict.
 */
export function fixJsSource(path: string, absPath: string, original: string, rules: Rule[], fileOptions: FileOptions, policy: FixPolicy): FileFixResult {
  const options: FileOptions = { ...fileOptions, optInFixes: rules.filter((r) => r.fixOptIn && (!policy.allowed || policy.allowed(r.code))).map((r) => r.code) };
  // facts feed project-level checks, which do not run here; a `noqa` check (NQA001) judges the JS sides' suppressions
  rules = rules.filter((r) => jsOf(r) || r.noqa).map((r) => {
    const js = jsOf(r);
    return js?.facts ? { ...r, js: { create: js.create } } : r;
  });
  const eol = detectEol(original);
  let text = original;
  let file = new JsSourceFile(path, absPath, text);
  const baseline = file.syntaxDiagnostics.length;
  const applied: AppliedFix[] = [];
  const rejected = new Set<string>();
  const rejectedReasons: string[] = [];
  const unfixed: Array<{ code: string; reason: string }> = [];
  let initial: Finding[] | null = null;
  let final: { findings: Finding[]; errors: FileError[] } = { findings: [], errors: [] };
  let passes = 0;
  let converged = false;
  const key = (c: Candidate): string => `${c.finding.code}:${c.fix.edits.map((e) => `${e.start}-${e.end}=${e.text}`).join('|')}`;
  const parsesAsWell = (t: string): JsSourceFile | null => {
    const f = new JsSourceFile(path, absPath, t);
    return f.syntaxDiagnostics.length <= baseline ? f : null;
  };
  while (passes <= MAX_PASSES) {
    const result = checkJsFile(file, rules, options);
    final = result;
    if (initial === null) {
      initial = result.findings;
      for (const f of result.findings) if (f.declined && !unfixed.some((u) => u.code === f.code && u.reason === f.declined)) unfixed.push({ code: f.code, reason: f.declined });
    }
    const candidates: Candidate[] = result.findings
      .filter((f) => allowedFix(f, policy))
      .map((f) => ({ finding: f, fix: f.fix }))
      .filter((c) => !rejected.has(key(c)))
      .sort((a, b) => (a.finding.start ?? 0) - (b.finding.start ?? 0));
    if (candidates.length === 0) {
      converged = true;
      break;
    }
    if (passes === MAX_PASSES) break;
    passes++;
    const { chosen, edits } = selectFixes(candidates);
    let kept: Candidate[] = chosen;
    let next = parsesAsWell(applyEdits(text, edits, eol));
    if (!next) {
      kept = [];
      for (const c of chosen) {
        const trial = parsesAsWell(applyEdits(text, c.fix.edits, eol));
        if (trial) {
          kept.push(c);
          next = trial;
          break; // the others come back next pass
        }
        rejected.add(key(c));
        rejectedReasons.push(`${c.finding.code} at line ${c.finding.line}: the result would have new syntax errors`);
      }
      next ??= file;
    }
    for (const c of kept) applied.push({ code: c.finding.code, safety: c.fix.safety, description: c.fix.description, line: c.finding.line, ...snippet(text, c.fix.edits, eol) });
    file = next;
    text = next.text;
  }
  return {
    path,
    original,
    text,
    changed: text !== original,
    applied,
    passes,
    remaining: final.findings,
    initial: initial ?? [],
    unsafeSkipped: unsafeSkippedOf(final.findings, policy),
    converged,
    errors: final.errors,
    rejected: rejectedReasons,
    unfixed,
    originalParses: baseline === 0,
  };
}

/** The lines of the fix's last edit before and after, for the migration report. */
function snippet(text: string, edits: Edit[], eol: string): { before: string; after: string } {
  const main = edits.reduce((a, b) => (b.start >= a.start ? b : a));
  const from = Math.max(text.lastIndexOf('\n', main.start - 1) + 1, 0);
  let to = text.indexOf('\n', main.end);
  if (to < 0) to = text.length;
  const region = text.slice(from, to);
  return { before: region.replace(/\r/g, ''), after: applyEdits(region, [{ start: main.start - from, end: main.end - from, text: main.text }], eol).replace(/\r/g, '') };
}
