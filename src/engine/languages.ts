import { isJsPath, JS_EXTENSIONS, PYTHON_EXTENSIONS } from '../core/language';
import type { CheckedFile, LanguageAdapter, ReadFailure, SourceJob } from '../core/adapter';
import type { FileOptions, Rule } from '../core/rule';
import type { FileResult } from '../core/finding';
import { checkJsFile, jsFactsKey, jsOf } from '../lang/js/check';
import { JsSourceFile } from '../lang/js/source';
import { SourceFile } from '../lang/python/source';
import { checkFile } from './check';
import { contentHash } from './cache';
import { decodeBytes, decodeJsBytes, decodePythonBytes, readJsSource, readSource } from './read';
import { countFile, time } from './timings';

export type { LanguageAdapter } from '../core/adapter';

function failed(job: SourceJob, read: ReadFailure): CheckedFile {
  return { path: job.display, error: read.message, ...(read.bytes ? { hash: contentHash(read.bytes) } : {}) };
}

/** A file tree-sitter reads differently from Python: a carriage return not followed by a line feed. */
const LONE_CR = /\r(?!\n)/;

/** Python's check of a parsed file, its findings marked as Python's. */
function checkPython(file: SourceFile, rules: Rule[], options: FileOptions): FileResult {
  const result = checkFile(file, rules, options);
  for (const f of result.findings) f.language = 'python';
  return result;
}

const python: LanguageAdapter<SourceFile> = {
  language: 'python',
  extensions: PYTHON_EXTENSIONS,
  owns: (p) => !isJsPath(p),
  check(job, rules, options, maxFileSize) {
    const read = time('read', () => readSource(job.abs, job.display, maxFileSize));
    countFile();
    if (!read.ok) return failed(job, read);
    try {
      return { path: job.display, result: checkPython(read.file, rules, options), hash: contentHash(read.bytes) };
    } catch (err) {
      return { path: job.display, error: `internal error: ${(err as Error).message}`, internal: true };
    } finally {
      read.file.dispose();
    }
  },
  checkBuffer(file, rules, options, withFile) {
    const result = checkPython(file, rules, options);
    withFile?.(file, result);
    return result;
  },
  decode: (bytes, maxFileSize) => decodeBytes(bytes, maxFileSize, decodePythonBytes),
  readText(absPath, display, maxFileSize) {
    const read = readSource(absPath, display, maxFileSize);
    if (!read.ok) return read;
    read.file.dispose();
    return { ok: true, text: read.file.text, encoding: read.decoded.encoding, bom: read.decoded.bom, bytes: read.bytes, mode: read.mode };
  },
  parse: (display, absPath, text) => new SourceFile(display, absPath, text),
  edited: (file, text, edits) => SourceFile.edited(file, text, edits),
  checkParsed: checkFile,
  syntaxErrors: (file) => (file.root.hasError ? 1 : 0),
  fixBrokeParse: 'the result would not parse',
  withoutFacts: (r) => (r.python?.facts ? { ...r, python: { create: r.python.create } } : r),
  rerunsOnlyFixers: true,
  // a file tree-sitter could not parse is judged by python3 after the loop (fix/run.ts)
  whyNotFixed: (original) => (LONE_CR.test(original) ? 'it has lone carriage-return line endings, which tree-sitter reads differently from Python; not fixed' : undefined),
  fixUsesScanCache: true,
  factsKey: (code) => code,
  projectCheck: (rule) => rule.project?.bind(rule),
  projectWithoutFiles: true,
  marksProjectFindings: false,
  confirmedByPython3: true,
  projectFixes: true,
};

/** JS/TS's check of a parsed file: a syntax error is the file's error here (TypeScript's parser describes it, python3 has nothing to confirm). */
function checkJs(file: JsSourceFile, rules: Rule[], options: FileOptions): FileResult {
  const result = checkJsFile(file, rules, options);
  if (result.syntaxError) {
    result.errors.push({ path: file.path, message: result.syntaxError.message });
    delete result.syntaxError;
  }
  return result;
}

const js: LanguageAdapter<JsSourceFile> = {
  language: 'js',
  extensions: JS_EXTENSIONS,
  owns: (p) => isJsPath(p),
  check(job, rules, options, maxFileSize) {
    const read = readJsSource(job.abs, job.display, maxFileSize);
    if (!read.ok) return failed(job, read);
    try {
      return { path: job.display, result: checkJs(read.file, rules, options), hash: contentHash(read.bytes) };
    } catch (err) {
      return { path: job.display, error: `internal error: ${(err as Error).message}`, internal: true };
    }
  },
  checkBuffer(file, rules, options, withFile) {
    const result = checkJs(file, rules, options);
    withFile?.(file, result);
    return result;
  },
  decode: (bytes, maxFileSize) => decodeBytes(bytes, maxFileSize, decodeJsBytes),
  readText(absPath, display, maxFileSize) {
    const read = readJsSource(absPath, display, maxFileSize);
    if (!read.ok) return read;
    return { ok: true, text: read.file.text, encoding: 'utf-8', bom: read.bom, bytes: read.bytes, mode: read.mode };
  },
  parse: (display, absPath, text) => new JsSourceFile(display, absPath, text),
  // the compiler API has no incremental parse for us: the edited text is parsed whole
  edited: (file, text) => new JsSourceFile(file.path, file.absPath, text),
  checkParsed: checkJsFile,
  syntaxErrors: (file) => file.syntaxDiagnostics.length,
  fixBrokeParse: 'the result would have new syntax errors',
  withoutFacts: (r) => {
    const side = jsOf(r);
    return side?.facts ? { ...r, js: { create: side.create } } : r;
  },
  rerunsOnlyFixers: false,
  // the compiler API's parse is the verdict: there is no python3 step for these files
  whyNotFixed: (_original, originalParses) => (originalParses ? undefined : 'the file has syntax errors; not fixed'),
  // its loop's result keeps the syntax error scan's check turns into an error: not the cache's entry
  fixUsesScanCache: false,
  factsKey: jsFactsKey,
  projectCheck: (rule) => {
    const side = jsOf(rule);
    return side?.project?.bind(side);
  },
  projectWithoutFiles: false,
  marksProjectFindings: true,
  confirmedByPython3: false,
  projectFixes: false,
  noqaNotWritten: 'a JS/TS file: --add-noqa writes Python comments only; add // noqa: CODE by hand',
};

/** Every language the engine reads; the first that owns a path reads it. */
export const ADAPTERS: readonly LanguageAdapter[] = [js, python];

export function adapterFor(path: string): LanguageAdapter {
  return ADAPTERS.find((a) => a.owns(path))!;
}
