import type { LineSuppression } from './suppression';
/**
 * The finding model every language, engine and reporter shares. Nothing here
 * knows a language: positions are lines and columns (1-based, code points)
 * plus offsets into the decoded text, and a fix is a set of text edits.
 */
export type Severity = 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: Severity[] = ['high', 'medium', 'low', 'info'];

/** A text edit in the decoded file text (JS string indices, i.e. UTF-16 code units). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  /** safe: `fix` applies it; unsafe: only with --unsafe-fixes */
  safety: 'safe' | 'unsafe';
  description: string;
  edits: Edit[];
}

/** A fix that was asked for and not built, with the reason `fix` reports. */
export interface Declined {
  declined: string;
}

/**
 * What a rule hands the engine for a finding's fix: nothing, a fix already
 * built, or a function that builds it (or says why it will not) only when the
 * run asks for that rule's fixes.
 */
export type FixResult = Fix | Declined | null;
export type LazyFix = FixResult | (() => FixResult);

export function isDeclined(f: FixResult | undefined): f is Declined {
  return !!f && typeof (f as Declined).declined === 'string';
}

export interface Finding {
  code: string;
  upgrade: string;
  severity: Severity;
  message: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix: Fix | null;
  /** the language of the file the finding is in (for a project-level finding: of the files its rule judged) */
  language?: 'python' | 'js';
  /** JS string index range of the finding in the file; kept for suppressions, baselines and fixes, not in JSON output */
  start?: number;
  end?: number;
  /** internal: reported by a project-level rule (not in JSON output) */
  project?: boolean;
  /** internal: why the fix that was asked for was not built (not in JSON output) */
  declined?: string;
}

export interface FileError {
  path: string;
  message: string;
  /** the tool failed, not the input (exit 2); not in JSON output */
  internal?: boolean;
}

/** An error as the JSON contract shows it. */
export function publicError(e: FileError): { path: string; message: string } {
  return { path: e.path, message: e.message };
}

/** One order for findings everywhere: path, line, column, code. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}

/** What checking one file gives, in any language: its findings, errors, warnings, the facts for project-level rules, and its suppression comments. */
export interface FileResult {
  findings: Finding[];
  /** rule code -> what its `facts` returned */
  facts: Record<string, unknown>;
  errors: FileError[];
  /** suppression comments that suppress nothing, and similar */
  warnings: string[];
  lines: number;
  /** suppression comments by line, for project-level findings reported later */
  suppressions: Array<[number, LineSuppression]>;
  /** where the parser found the first broken region (Python: run.ts confirms it with python3 where present) */
  syntaxError?: { line: number; column: number; message: string };
}

/**
 * A finding from where a rule reported it, in any language: the position of
 * `start`/`end` in the file, the rule's code, upgrade and severity (or the
 * report's own severity), and its fix — built now only if it is lazy and the
 * run asks for this rule's fixes; a fix that declines leaves its reason.
 * `catchFixErrors`: a fix that throws declines with the error instead of
 * failing the rule (the JS side's choice).
 */
export function findingAt(
  file: { path: string; position(index: number): { line: number; column: number } },
  rule: { code: string; upgrade: string; severity: Severity },
  start: number,
  end: number,
  a: { message: string; severity?: Severity; fix?: LazyFix },
  opts: { buildLazyFix: boolean; language?: 'python' | 'js'; catchFixErrors?: boolean },
): Finding {
  const s = file.position(start);
  const e = file.position(end);
  const finding: Finding = {
    code: rule.code,
    upgrade: rule.upgrade,
    severity: a.severity ?? rule.severity,
    message: a.message,
    path: file.path,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    fix: null,
    ...(opts.language ? { language: opts.language } : {}),
    start,
    end,
  };
  let made: FixResult;
  try {
    made = typeof a.fix === 'function' ? (opts.buildLazyFix ? a.fix() : null) : (a.fix ?? null);
  } catch (err) {
    if (!opts.catchFixErrors) throw err;
    made = { declined: `internal error while building the fix: ${(err as Error).message}` };
  }
  if (isDeclined(made)) finding.declined = made.declined;
  else finding.fix = made;
  return finding;
}
