import { isJsPath, type Language } from '../core/language';
import type { FileOptions, ProjectContext, Rule } from '../core/rule';
import type { FileResult } from '../core/finding';
import { checkJsFile, jsFactsKey, jsOf } from '../lang/js/check';
import { JsSourceFile } from '../lang/js/source';
import { SourceFile } from '../lang/python/source';
import { checkFile } from './check';
import { contentHash } from './cache';
import { readJsSource, readSource } from './read';
import { countFile, time } from './timings';
import type { FileJob, FileOutcome } from './run';

/**
 * What the engine needs of a language, the way ESLint's language objects
 * keep its linter generic: which files it reads, how one file is read,
 * parsed and checked (its own parser and dispatcher), where a rule's facts
 * for it are kept and the rule's project-level check on its side, and
 * whether python3 confirms its syntax errors. The engine asks `adapterFor`
 * and iterates ADAPTERS; it never tests a file's language itself.
 */
export interface LanguageAdapter {
  readonly language: Language;
  /** discovery hands it this path */
  owns(path: string): boolean;
  /** read, decode, parse, run the rules, free the tree */
  check(job: FileJob, rules: Rule[], options: FileOptions, maxFileSize: number): FileOutcome;
  /** check a text as the file at absPath would be checked (an editor buffer, stdin); `withFile` sees the parsed file before it is freed */
  checkText(text: string, display: string, absPath: string, rules: Rule[], options: FileOptions, withFile?: (file: unknown, result: FileResult) => void): FileResult;
  /** where a file's result keeps this language's facts of a rule */
  factsKey(code: string): string;
  /** the rule's project-level check on this language's side */
  projectCheck(rule: Rule): ((ctx: ProjectContext) => void) | undefined;
  /** its project checks run even when it owns no file of the run (they judge the project itself: manifests, folders) */
  projectWithoutFiles: boolean;
  /** python3 confirms (and describes) its syntax errors, and must compile what fix writes */
  confirmedByPython3: boolean;
  /** the rules' project-level fixes (Rule.projectFix) are made from this side's project contexts */
  projectFixes: boolean;
}

function failed(job: FileJob, read: { message: string; bytes?: Buffer }): FileOutcome {
  return { path: job.display, error: read.message, ...(read.bytes ? { hash: contentHash(read.bytes) } : {}) };
}

const python: LanguageAdapter = {
  language: 'python',
  owns: (p) => !isJsPath(p),
  check(job, rules, options, maxFileSize) {
    const read = time('read', () => readSource(job.abs, job.display, maxFileSize));
    countFile();
    if (!read.ok) return failed(job, read);
    try {
      const result = checkFile(read.file, rules, options);
      for (const f of result.findings) f.language = 'python';
      return { path: job.display, result, hash: contentHash(read.bytes) };
    } catch (err) {
      return { path: job.display, error: `internal error: ${(err as Error).message}`, internal: true };
    } finally {
      read.file.dispose();
    }
  },
  checkText(text, display, absPath, rules, options, withFile) {
    const file = new SourceFile(display, absPath, text);
    try {
      const result = checkFile(file, rules, options);
      for (const f of result.findings) f.language = 'python';
      withFile?.(file, result);
      return result;
    } finally {
      file.dispose();
    }
  },
  factsKey: (code) => code,
  projectCheck: (rule) => rule.project?.bind(rule),
  projectWithoutFiles: true,
  confirmedByPython3: true,
  projectFixes: true,
};

const js: LanguageAdapter = {
  language: 'js',
  owns: (p) => isJsPath(p),
  /** a JS syntax error is the file's error here: TypeScript's parser describes it, python3 has nothing to confirm */
  check(job, rules, options, maxFileSize) {
    const read = readJsSource(job.abs, job.display, maxFileSize);
    if (!read.ok) return failed(job, read);
    try {
      const result = checkJsFile(read.file, rules, options);
      if (result.syntaxError) {
        result.errors.push({ path: job.display, message: result.syntaxError.message });
        delete result.syntaxError;
      }
      return { path: job.display, result, hash: contentHash(read.bytes) };
    } catch (err) {
      return { path: job.display, error: `internal error: ${(err as Error).message}`, internal: true };
    }
  },
  checkText(text, display, absPath, rules, options, withFile) {
    const file = new JsSourceFile(display, absPath, text);
    const result = checkJsFile(file, rules, options);
    if (result.syntaxError) {
      result.errors.push({ path: display, message: result.syntaxError.message });
      delete result.syntaxError;
    }
    withFile?.(file, result);
    return result;
  },
  factsKey: jsFactsKey,
  projectCheck: (rule) => {
    const side = jsOf(rule);
    return side?.project?.bind(side);
  },
  projectWithoutFiles: false,
  confirmedByPython3: false,
  projectFixes: false,
};

/** Every language the engine reads; the first that owns a path reads it. */
export const ADAPTERS: readonly LanguageAdapter[] = [js, python];

export function adapterFor(path: string): LanguageAdapter {
  return ADAPTERS.find((a) => a.owns(path))!;
}
