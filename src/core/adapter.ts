import type { FileResult } from './finding';
import type { Language } from './language';
import type { Position } from './positions';
import type { FileOptions, ProjectContext, Rule } from './rule';

/**
 * What the engine and the fix loop need of a language, the way ESLint's
 * language objects keep its linter generic: which files it reads, how one
 * file is read, decoded, parsed and checked (its own parser and dispatcher),
 * how an edited text is parsed again and how broken a parse is, where a
 * rule's facts for it are kept and the rule's project-level check on its
 * side, and whether python3 confirms its syntax errors. The engine and fix
 * ask `adapterFor(path)` (src/engine/languages.ts, which registers the
 * adapters) and never test a file's language themselves.
 */
export interface LanguageAdapter<F extends ParsedText = ParsedText> {
  readonly language: Language;
  /** the endings a folder walk collects for it */
  readonly extensions: readonly string[];
  /** discovery hands it this path */
  owns(path: string): boolean;

  /** read, decode, parse, run the rules, free the tree */
  check(job: SourceJob, rules: Rule[], options: FileOptions, maxFileSize: number): CheckedFile;
  /** check a parsed text (`parse`, `edited`) as the file at its path would be checked (an editor buffer, stdin); `withFile` sees the file with its result; the caller frees it */
  checkBuffer(file: F, rules: Rule[], options: FileOptions, withFile?: (file: unknown, result: FileResult) => void): FileResult;
  /** bytes given rather than read (stdin), decoded as the file would be, with the same guards (size, NUL bytes) */
  decode(bytes: Buffer, maxFileSize: number): DecodedText;
  /** read a file's text for fixing, with what writing it back needs */
  readText(absPath: string, display: string, maxFileSize: number): ReadText;

  /** a text parsed as the file at absPath (the fix loop's first pass) */
  parse(display: string, absPath: string, text: string): F;
  /** `file` after edits, `text` being the result (Python reparses only the regions they changed) */
  edited(file: F, text: string, edits: Array<{ start: number; end: number; text: string }>): F;
  /** the rules over a parsed text, as the dispatcher gives it (nothing marked or moved) */
  checkParsed(file: F, rules: Rule[], options: FileOptions): FileResult;
  /** how broken the parse is; a fix may not make it more so (Python: 0 or 1, tree-sitter's error flag) */
  syntaxErrors(file: F): number;
  /** what the fix loop says of a fix it undid because the result parsed worse */
  fixBrokeParse: string;
  /** the rule with its per-file facts on this side taken off (the fix loop runs no project-level check) */
  withoutFacts(rule: Rule): Rule;
  /**
   * after the first fix pass only the rules that can still fix something run
   * again, the others' findings carried over the edits (Python, a measure of
   * speed over many rules); else every rule runs on every pass
   */
  rerunsOnlyFixers: boolean;
  /** why a fixed text of this file is not written, known before any verifier runs (undefined: it may be) */
  whyNotFixed(original: string, originalParses: boolean): string | undefined;
  /** `fix` serves its unchanged files from scan's cache and stores scan's results of what it read */
  fixUsesScanCache: boolean;

  /** where a file's result keeps this language's facts of a rule */
  factsKey(code: string): string;
  /** the rule's project-level check on this language's side */
  projectCheck(rule: Rule): ((ctx: ProjectContext) => void) | undefined;
  /** its project checks run even when it owns no file of the run (they judge the project itself: manifests, folders) */
  projectWithoutFiles: boolean;
  /** its project-level findings say their language (Python's, the default, do not) */
  marksProjectFindings: boolean;
  /** python3 confirms (and describes) its syntax errors, and must compile what fix writes */
  confirmedByPython3: boolean;
  /** the rules' project-level fixes (Rule.projectFix) are made from this side's project contexts */
  projectFixes: boolean;
  /** why `scan --add-noqa` writes no comment into its files (undefined: it writes `# noqa: CODE`) */
  noqaNotWritten?: string;
}

/** A parsed text, as the fix loop holds it whatever the language: positions for carried findings, freed when done. */
export interface ParsedText {
  readonly text: string;
  position(index: number): Position;
  dispose?(): void;
}

/** A file a run reads: where it is, and how it is shown. */
export interface SourceJob {
  abs: string;
  display: string;
}

/** What checking one file gives (engine/run.ts FileOutcome): its result, or why there is none. */
export interface CheckedFile {
  path: string;
  result?: FileResult;
  error?: string;
  /** the error is the tool's, not the input's */
  internal?: boolean;
  /** content hash of the bytes read */
  hash?: string;
}

/** Why a file was not read; `bytes` when they were read and the reason is in them (decoding, NUL bytes): the cache keeps such a verdict. */
export type ReadFailure = { ok: false; message: string; bytes?: Buffer };

/** A file's text as read for fixing: how to write it back (encoding, BOM, mode) and the bytes it came from. */
export type ReadText = { ok: true; text: string; encoding: string; bom: boolean; bytes: Buffer; mode: number } | ReadFailure;

/** Bytes decoded as a file would be: the text, and how to encode a fixed text back. */
export type DecodedText = { ok: true; text: string; encode: (text: string) => Buffer } | ReadFailure;
