import type { LanguageAdapter, ParsedText } from '../core/adapter';
import type { Edit, FileError, FileResult, Finding, Fix } from '../core/finding';
import type { FileOptions, Rule } from '../core/rule';
import { applyEdits, applyEditsTracked, detectEol, selectFixes, type Candidate } from '../core/edits';
import { adapterFor } from '../engine/languages';

/**
 * The per-file fix loop, one for every language (its adapter parses, checks
 * and says how broken a parse is): check, collect the fixes allowed, drop
 * overlapping ones (they come back next pass), apply, re-parse, and repeat
 * until a pass finds nothing to fix (at most MAX_PASSES). A pass whose result
 * parses worse than the original is undone and its fixes are tried one at a
 * time, so one bad fix never costs the others; a fix that breaks the parse is
 * not offered again.
 */
export const MAX_PASSES = 10;

export interface FixPolicy {
  /** apply unsafe fixes too */
  unsafe: boolean;
  /** whether a rule's fixes may be applied at all (opt-in rules such as DOC) */
  allowed?: (code: string) => boolean;
  /** a finer filter, by rule and safety (fix's retry of a file whose result did not compile) */
  allowFix?: (code: string, safety: Fix['safety']) => boolean;
  /**
   * one fix left out (`fix --verify` reverting a fix the test suite caught):
   * by rule code and the lines of its main edit before and after (the
   * migration report's snippet), which stay the same when other fixes move
   * the fix's offsets or line
   */
  excludeFix?: (code: string, before: string, after: string) => boolean;
}

export interface AppliedFix {
  code: string;
  safety: Fix['safety'];
  description: string;
  /** 1-based line in the text the pass started from */
  line: number;
  before: string;
  after: string;
}

export interface FileFixResult {
  path: string;
  original: string;
  text: string;
  changed: boolean;
  applied: AppliedFix[];
  passes: number;
  /** findings of the final text */
  remaining: Finding[];
  /** findings of the original text */
  initial: Finding[];
  /** fixes not applied because they are unsafe and --unsafe-fixes was not given */
  unsafeSkipped: number;
  converged: boolean;
  errors: FileError[];
  /** fixes undone because their result did not parse */
  rejected: string[];
  /** fixes that declined, with the reason, once per rule and reason (from the first pass) */
  unfixed: Array<{ code: string; reason: string }>;
  /** tree-sitter parsed the original without errors */
  originalParses: boolean;
  /**
   * with `scan`: what `scan` gives the original text and, when it changed,
   * the final text (every rule, facts included; the cache stores these)
   */
  scan?: { before: FileResult; after?: FileResult };
  /**
   * with `keep`: the facts of those rules and the suppressions, of the
   * original text and (when it changed) of the final one: what the
   * project-level fixes read of the file, without reading it again
   */
  kept?: { before: KeptFacts; after?: KeptFacts };
}

/** A file's facts of some rules and its suppressions by line (what project-level rules read of it). */
export interface KeptFacts {
  facts: Record<string, unknown>;
  suppressions: FileResult['suppressions'];
}

export interface FixExtras {
  /** see FileFixResult.scan */
  scan?: false | 'before' | 'both';
  /** rules whose facts to keep (FileFixResult.kept): those with a projectFix */
  keep?: Rule[];
}

function keptOf(r: FileResult, codes: Set<string>): KeptFacts {
  const facts: Record<string, unknown> = {};
  for (const c of codes) if (c in r.facts) facts[c] = r.facts[c];
  return { facts, suppressions: r.suppressions };
}

/** A finding whose fix this run may apply. */
export function allowedFix(f: Finding, policy: FixPolicy): f is Finding & { fix: Fix } {
  if (!f.fix || f.fix.edits.length === 0) return false;
  if (f.fix.safety === 'unsafe' && !policy.unsafe) return false;
  if (policy.allowFix && !policy.allowFix(f.code, f.fix.safety)) return false;
  return policy.allowed ? policy.allowed(f.code) : true;
}

function fixKey(c: Candidate): string {
  return `${c.finding.code}:${c.fix.edits.map((e) => `${e.start}-${e.end}=${e.text}`).join('|')}`;
}

/**
 * Before/after lines for the migration report: those of the fix's last edit,
 * which is the change itself (earlier ones add the imports it needs).
 */
function snippet(text: string, fix: Fix, eol: string): { before: string; after: string } {
  const main = fix.edits.reduce((a, b) => (b.start >= a.start ? b : a));
  const from = Math.max(text.lastIndexOf('\n', main.start - 1) + 1, 0);
  let to = text.indexOf('\n', main.end);
  if (to < 0) to = text.length;
  const region = text.slice(from, to);
  const shifted = [{ start: main.start - from, end: main.end - from, text: main.text }];
  return { before: region.replace(/\r/g, ''), after: applyEdits(region, shifted, eol).replace(/\r/g, '') };
}

function excluded(exclude: NonNullable<FixPolicy['excludeFix']>, c: Candidate, text: string, eol: string): boolean {
  const s = snippet(text, c.fix, eol);
  return exclude(c.finding.code, s.before, s.after);
}

/** Rules whose fixes can be applied in this run: the only ones later passes need to run (and whose declines fix reports). */
export function canFix(r: Rule, policy: FixPolicy): boolean {
  if (r.fixable === 'never') return false; // undeclared: assume it may fix
  if (r.fixable === 'unsafe' && !policy.unsafe) return false;
  return policy.allowed ? policy.allowed(r.code) : true;
}

/** Where an offset of the text before some (sorted, non-overlapping) edits ends up after them. */
function mapOffset(p: number, edits: Edit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.start > p) break;
    if (e.start === e.end || e.end <= p) {
      // an insertion at or before p, or a replacement wholly before it: p moves by the difference
      delta += e.text.length - (e.end - e.start);
      continue;
    }
    return e.start + delta + Math.min(p - e.start, e.text.length); // inside a replaced range
  }
  return p + delta;
}

/** Carry a finding of the first pass over the edits of the later ones, with fresh line and column. */
function carry(f: Finding, batches: Edit[][], file: ParsedText): Finding {
  let start = f.start ?? 0;
  let end = f.end ?? start;
  for (const b of batches) {
    start = mapOffset(start, b);
    end = Math.max(start, mapOffset(end, b));
  }
  const s = file.position(start);
  const e = file.position(end);
  return { ...f, start, end, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** The file after `edits` (Python reparses incrementally from `file`'s tree). */
function editedFile<F extends ParsedText>(adapter: LanguageAdapter<F>, file: F, edits: Edit[], eol: string): F {
  const r = applyEditsTracked(file.text, edits, eol);
  return adapter.edited(file, r.text, r.applied);
}

/** Fixes among `findings` left out only because they are unsafe and --unsafe-fixes was not given. */
export function unsafeSkippedOf(findings: Finding[], policy: FixPolicy): number {
  return policy.unsafe ? 0 : findings.filter((f) => f.fix?.safety === 'unsafe' && (!policy.allowed || policy.allowed(f.code))).length;
}

/**
 * Fix one text as the file at absPath, with its language's adapter.
 * `extras.scan`: also return scan's result of the original text ('before':
 * the first pass then runs the rules with their facts, which it would
 * otherwise drop) and, with 'both', of the final text when it changed (every
 * rule once more over the final tree, already parsed). Only when this run
 * lets no opt-in fix through: those change findings.
 */
export function fixSource(path: string, absPath: string, original: string, rules: Rule[], fileOptions: FileOptions, policy: FixPolicy, extras: FixExtras = {}, adapter: LanguageAdapter = adapterFor(absPath)): FileFixResult {
  const scan = extras.scan ?? false;
  // the facts the project-level fixes read (FixExtras.keep), kept of the files on the side those fixes are made from
  const keep = new Set(adapter.projectFixes ? (extras.keep ?? []).map((r) => r.code) : []);
  // the opt-in rules' lazy fixes are built only where this run may apply them
  const options: FileOptions = { ...fileOptions, optInFixes: rules.filter((r) => r.fixOptIn && (!policy.allowed || policy.allowed(r.code))).map((r) => r.code) };
  const scanRules = rules;
  let scanned: FileFixResult['scan'];
  // per-file facts feed project-level rules, which have no fixes and do not run here (but for `keep`)
  rules = rules.map((r) => (keep.has(r.code) ? r : adapter.withoutFacts(r)));
  let keptFacts: FileFixResult['kept'];
  const eol = detectEol(original);
  let text = original;
  const applied: AppliedFix[] = [];
  const rejected = new Set<string>();
  const rejectedReasons: string[] = [];
  let passes = 0;
  let converged = false;
  let final: { findings: Finding[]; errors: FileError[] } = { findings: [], errors: [] };
  let initial: Finding[] | null = null;
  const unfixed: Array<{ code: string; reason: string }> = [];
  let file = adapter.parse(path, absPath, text);
  const baseline = adapter.syntaxErrors(file);
  // after the first pass only the rules that can still fix something run (where the adapter says so); the others' findings are carried over
  const fixers = adapter.rerunsOnlyFixers ? rules.filter((r) => canFix(r, policy)) : rules;
  const fixerCodes = new Set(fixers.map((r) => r.code));
  const batches: Edit[][] = [];
  let carried: Finding[] = [];
  try {
    while (passes <= MAX_PASSES) {
      const result = adapter.checkParsed(file, initial === null ? (scan ? scanRules : rules) : fixers, options);
      final = result;
      if (initial === null && scan) scanned = { before: result };
      if (initial === null && keep.size) keptFacts = { before: keptOf(result, keep) };
      if (initial === null) {
        initial = result.findings;
        // fixes that were asked for and declined, once per rule and reason; not those of a rule
        // whose fixes are all unsafe when this run would not apply them anyway
        for (const f of result.findings) if (f.declined && fixerCodes.has(f.code) && !unfixed.some((u) => u.code === f.code && u.reason === f.declined)) unfixed.push({ code: f.code, reason: f.declined });
        carried = result.findings.filter((f) => !fixerCodes.has(f.code));
      }
      const candidates: Candidate[] = result.findings
        .filter((f) => allowedFix(f, policy))
        .map((f) => ({ finding: f, fix: f.fix! }))
        .filter((c) => !rejected.has(fixKey(c)))
        .filter((c) => !policy.excludeFix || !excluded(policy.excludeFix, c, text, eol))
        .sort((a, b) => (a.finding.start ?? 0) - (b.finding.start ?? 0));
      if (candidates.length === 0) {
        converged = true;
        break;
      }
      if (passes === MAX_PASSES) break;
      passes++;
      const { chosen, edits } = selectFixes(candidates);
      let kept = chosen;
      let nextFile = editedFile(adapter, file, edits, eol);
      if (adapter.syntaxErrors(nextFile) > baseline) {
        // find a fix that keeps the parse, rejecting the ones that break it
        nextFile.dispose?.();
        kept = [];
        let found: ParsedText | null = null;
        for (const c of chosen) {
          const trial = editedFile(adapter, file, c.fix.edits, eol);
          if (adapter.syntaxErrors(trial) <= baseline) {
            kept.push(c);
            found = trial;
            break; // the others come back next pass
          }
          trial.dispose?.();
          rejected.add(fixKey(c));
          rejectedReasons.push(`${c.finding.code} at line ${c.finding.line}: ${adapter.fixBrokeParse}`);
        }
        nextFile = found ?? adapter.parse(path, absPath, text);
      }
      for (const c of kept) {
        const s = snippet(text, c.fix, eol);
        applied.push({ code: c.finding.code, safety: c.fix.safety, description: c.fix.description, line: c.finding.line, before: s.before, after: s.after });
      }
      if (nextFile.text !== text) batches.push(kept === chosen ? [...edits].sort((a, b) => a.start - b.start || a.end - b.end) : [...kept[0].fix.edits].sort((a, b) => a.start - b.start || a.end - b.end));
      file.dispose?.();
      file = nextFile;
      text = nextFile.text;
    }
    if (scanned && scan === 'both' && text !== original) scanned.after = adapter.checkParsed(file, scanRules, options);
    // the kept facts of the final text: from scan's check of it, else the kept rules alone over its tree
    if (keptFacts && text !== original) keptFacts.after = keptOf(scanned?.after ?? adapter.checkParsed(file, scanRules.filter((r) => keep.has(r.code)), options), keep);
    // a later pass ran the fixers alone: the others' findings join its own (also when every fix was undone and nothing moved)
    if (passes > 0) {
      const mine = final.findings;
      final = { ...final, findings: [...mine, ...carried.map((f) => carry(f, batches, file))].sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)) };
    }
  } finally {
    file.dispose?.();
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
    ...(scanned ? { scan: scanned } : {}),
    ...(keptFacts ? { kept: keptFacts } : {}),
  };
}
