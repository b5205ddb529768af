import path from 'node:path';
import { initParser, parsePython, type Node } from '../lang/python/parser';
import { SourceFile } from '../lang/python/source';
import type { Finding } from '../core/finding';
import { letSignalsIn, sha256, writeAtomic, WriteRefused } from '../core/write';
import { adapterFor } from './languages';
import { readSource } from './read';
import { isSuppressed, parseSuppression } from './suppress';

/**
 * `scan --add-noqa`: write `# noqa: CODE` on the line of each current finding,
 * for teams that prefer inline suppressions to a baseline.
 *
 * A comment goes only where Python allows one and where the suppression
 * logic will see it: at the end of the finding's first line, else of its last
 * line. A line that ends inside a multi-line string or with a backslash
 * continuation takes no comment; such findings are skipped with the reason.
 * An existing `# noqa: A` on the line is extended (`# noqa: A, CODE`). Line
 * endings, the BOM and the encoding are kept; each file is re-parsed before
 * it is written, and written whole (temporary file, then rename) only if its
 * syntax tree is unchanged apart from the comments.
 */
export interface NoqaSkip {
  path: string;
  line: number;
  code: string;
  reason: string;
}

export interface NoqaOutcome {
  /** comments written or extended */
  added: number;
  /** files changed */
  files: string[];
  skipped: NoqaSkip[];
  /** files that could not be written (one line each); their findings stay as they were */
  errors: Array<{ path: string; message: string }>;
}

export interface NoqaOptions {
  /** the Python files read in this run (display paths): a finding elsewhere (pyproject.toml) cannot take a `# noqa` */
  scanned: Set<string>;
  maxFileSize: number;
  /** compute, but write nothing (for tests and dry runs) */
  dryRun?: boolean;
}

const WRITABLE = new Set(['utf-8', 'latin1']);

export async function addNoqa(findings: Finding[], opts: NoqaOptions): Promise<NoqaOutcome> {
  await initParser();
  const out: NoqaOutcome = { added: 0, files: [], skipped: [], errors: [] };
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!opts.scanned.has(f.path)) {
      out.skipped.push({ path: f.path, line: f.line, code: f.code, reason: 'not a Python file of this run; # noqa cannot apply there' });
      continue;
    }
    const notWritten = adapterFor(f.path).noqaNotWritten;
    if (notWritten) {
      // a `#` comment would break the file
      out.skipped.push({ path: f.path, line: f.line, code: f.code, reason: notWritten });
      continue;
    }
    byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  }
  for (const [file, list] of byFile) {
    const r = noqaFile(file, list, opts);
    out.skipped.push(...r.skipped);
    if (r.notWritten) out.errors.push({ path: file, message: r.notWritten });
    else if (r.added) {
      out.added += r.added;
      out.files.push(file);
    }
    await letSignalsIn(); // a SIGINT or SIGTERM stops the run here, between two files
  }
  return out;
}

export function noqaFile(display: string, findings: Finding[], opts: NoqaOptions): { added: number; skipped: NoqaSkip[]; text?: string; notWritten?: string } {
  const skipAll = (reason: string): { added: number; skipped: NoqaSkip[] } => ({ added: 0, skipped: findings.map((f) => ({ path: f.path, line: f.line, code: f.code, reason })) });
  const read = readSource(path.resolve(display), display, opts.maxFileSize);
  if (!read.ok) return skipAll(read.message);
  const { file, decoded, bytes } = read;
  try {
    if (!WRITABLE.has(decoded.encoding)) return skipAll(`file is ${decoded.encoding}; only UTF-8 and Latin-1 files are rewritten`);
    const root = file.root;
    const skipped: NoqaSkip[] = [];
    // line -> codes to add there
    const wanted = new Map<number, Set<string>>();
    for (const f of findings) {
      const { line: target, reason } = noqaLine(f, (line) => commentIllegal(file, root, line));
      if (!target) {
        skipped.push({ path: f.path, line: f.line, code: f.code, reason });
        continue;
      }
      const set = wanted.get(target) ?? new Set<string>();
      set.add(f.code);
      wanted.set(target, set);
    }
    if (wanted.size === 0) return { added: 0, skipped };

    const edits: Array<{ start: number; end: number; text: string }> = [];
    for (const [line, codes] of wanted) {
      const edit = noqaEdit(file, line, [...codes], commentEnding(file, root, line));
      if (edit) edits.push(edit);
    }
    edits.sort((a, b) => b.start - a.start);
    let text = file.text;
    for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);

    const problem = verify(file, text, wanted);
    if (problem) return { added: 0, skipped: [...skipped, ...skipAll(problem).skipped.filter((s) => !skipped.some((k) => k.line === s.line && k.code === s.code))] };
    if (!opts.dryRun) {
      const body = Buffer.from(text, decoded.encoding === 'latin1' ? 'latin1' : 'utf8');
      try {
        writeAtomic(file.absPath, decoded.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body, { expectSha256: sha256(bytes) });
      } catch (err) {
        // this file stays as it was (hard-linked, read-only, saved meanwhile, a folder that refuses the temporary file): said once, the rest go on
        const code = (err as NodeJS.ErrnoException).code;
        if (err instanceof WriteRefused) return { added: 0, skipped, notWritten: `${err.reason}; no noqa comment written` };
        if (code) return { added: 0, skipped, notWritten: `cannot write (${code}); no noqa comment written` };
        throw err;
      }
    }
    return { added: edits.length, skipped, text };
  } finally {
    file.dispose();
  }
}

/**
 * The line a finding's `# noqa` goes on: its first line, else its last, the
 * first where a comment can go (`illegal` says why not, '' when it can); 0
 * with the first reason when neither can take one.
 */
export function noqaLine(f: Pick<Finding, 'line' | 'endLine'>, illegal: (line: number) => string): { line: number; reason: string } {
  let reason = '';
  for (const line of f.endLine !== f.line ? [f.line, f.endLine] : [f.line]) {
    const why = illegal(line);
    if (!why) return { line, reason: '' };
    reason ||= why;
  }
  return { line: 0, reason };
}

/** The comment that ends `line`, if any: a comment runs to the end of its line, so it is the node under the line's last character. */
export function commentEnding(file: SourceFile, root: Node, line: number): Node | undefined {
  const start = file.lineStarts[line - 1];
  const last = start + file.lineText(line).length - 1;
  if (last < start) return undefined;
  const n = root.descendantForIndex(last, last + 1);
  return n?.type === 'comment' && n.startIndex >= start ? n : undefined;
}

/** Why a comment cannot end this line, or '' when it can. */
export function commentIllegal(file: SourceFile, root: Node, line: number): string {
  const start = file.lineStarts[line - 1];
  if (start === undefined) return `line ${line} is past the end of the file`;
  const lineText = file.lineText(line);
  const eol = start + lineText.length;
  if (!lineText.trim()) return `line ${line} is blank`;
  for (let n: Node | null = root.descendantForIndex(Math.max(eol - 1, start), eol); n; n = n.parent) {
    if ((n.type === 'string' || n.type === 'string_content') && n.startIndex < eol && n.endIndex > eol) return `line ${line} ends inside a multi-line string`;
  }
  const trimmed = lineText.replace(/[ \t\f]+$/, '');
  if (trimmed.endsWith('\\')) {
    const at = start + trimmed.length - 1;
    const n = root.descendantForIndex(at, at + 1);
    if (!n || (n.type !== 'comment' && !isInString(n, at))) return `line ${line} continues with a backslash`;
  }
  return '';
}

function isInString(n: Node, at: number): boolean {
  for (let p: Node | null = n; p; p = p.parent) if ((p.type === 'string' || p.type === 'string_content') && p.startIndex <= at && p.endIndex > at) return true;
  return false;
}

const NOQA_SEGMENT = /^#\s*noqa\s*:\s*/i;

/** The edit that makes `line` suppress `codes`: extend its `# noqa:` or append one. */
export function noqaEdit(file: SourceFile, line: number, codes: string[], comment: Node | undefined): { start: number; end: number; text: string } | null {
  codes.sort();
  if (comment) {
    const text = comment.text;
    let offset = 0;
    for (const segment of text.split(/(?=#)/)) {
      const m = NOQA_SEGMENT.exec(segment);
      if (m) {
        const body = segment.slice(m[0].length);
        const listEnd = body.replace(/\s+$/, '').length;
        const existing = body
          .slice(0, listEnd)
          .split(/[\s,]+/)
          .filter(Boolean);
        const merged = [...existing, ...codes.filter((c) => !existing.map((e) => e.toUpperCase()).includes(c))];
        const s = comment.startIndex + offset + m[0].length;
        return { start: s, end: s + listEnd, text: merged.join(', ') };
      }
      offset += segment.length;
    }
  }
  const start = file.lineStarts[line - 1];
  const lineText = file.lineText(line);
  const trimmed = lineText.replace(/[ \t\f]+$/, '');
  return { start: start + trimmed.length, end: start + lineText.length, text: `  # noqa: ${codes.join(', ')}` };
}

/** '' when the new text parses to the same tree (comments aside) and every line now suppresses its codes. */
function verify(before: SourceFile, text: string, wanted: Map<number, Set<string>>): string {
  const tree = parsePython(text);
  try {
    if (shape(tree.rootNode) !== shape(before.root)) return 'adding the comment would change how the file parses; file left as it was';
    const after = new SourceFile(before.path, before.absPath, text);
    const byLine = new Map<number, string>();
    for (const c of tree.rootNode.descendantsOfType('comment')) if (c) byLine.set(after.lineOf(c.startIndex), c.text);
    for (const [line, codes] of wanted) {
      const s = parseSuppression(byLine.get(line) ?? '').suppression ?? undefined;
      for (const code of codes) if (!isSuppressed(code, s)) return `the comment written on line ${line} would not suppress ${code}; file left as it was`;
    }
    return '';
  } finally {
    tree.delete();
  }
}

/** The node types of a tree in order, comments left out. */
function shape(root: Node): string {
  const parts: string[] = [];
  const cursor = root.walk();
  let depth = 0;
  for (;;) {
    const n = cursor.currentNode;
    if (n.type !== 'comment') parts.push(`${depth}:${n.type}${n.isMissing ? '!' : ''}`);
    if (cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return parts.join(' ');
      depth--;
    }
  }
}
