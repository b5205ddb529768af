import type { Edit, Finding } from '../core/finding';
import { commentEnding, commentIllegal, noqaEdit, noqaLine } from '../engine/noqa';
import { SourceFile } from '../lang/python/source';
import type { JsSourceFile } from '../lang/js/source';

/**
 * The edit that suppresses each finding with a `# noqa: CODE` comment (`//
 * noqa: CODE` in JS/TS), built while the checked file's tree is alive. Python
 * goes through the same placement as `scan --add-noqa` (the finding's first
 * line, else its last; never a line that ends inside a string or with a
 * backslash; an existing `# noqa:` is extended); a finding with no such line
 * gets no edit.
 */
export function noqaEdits(file: SourceFile | JsSourceFile, findings: Finding[]): Map<Finding, Edit> {
  return file instanceof SourceFile ? pythonEdits(file, findings) : jsEdits(file, findings);
}

function pythonEdits(file: SourceFile, findings: Finding[]): Map<Finding, Edit> {
  const out = new Map<Finding, Edit>();
  if (!findings.length) return out;
  const root = file.root;
  // asked per line, not per finding: a buffer's findings crowd on few lines, and each question walks the tree
  const why = new Map<number, string>();
  const illegal = (line: number): string => {
    let w = why.get(line);
    if (w === undefined) why.set(line, (w = commentIllegal(file, root, line)));
    return w;
  };
  for (const f of findings) {
    const { line } = noqaLine(f, illegal);
    if (!line) continue;
    const edit = noqaEdit(file, line, [f.code], commentEnding(file, root, line));
    if (edit) out.set(f, edit);
  }
  return out;
}

const NOQA_LIST = /noqa\s*:\s*/i;

function jsEdits(file: JsSourceFile, findings: Finding[]): Map<Finding, Edit> {
  const out = new Map<Finding, Edit>();
  if (!findings.length) return out;
  const comments = file.comments;
  for (const f of findings) {
    const lineText = file.lineText(f.line);
    const start = file.lineStarts[f.line - 1];
    const eol = start + lineText.length;
    // a line that ends inside a block comment takes no line comment
    if (comments.some((c) => c.kind === 'block' && c.start < eol && c.end > eol)) continue;
    const own = comments.find((c) => c.kind === 'line' && c.start >= start && c.start < eol && NOQA_LIST.test(c.text));
    if (own) {
      // `// noqa: A` becomes `// noqa: A, CODE`
      const m = NOQA_LIST.exec(own.text)!;
      const listStart = own.start + m.index + m[0].length;
      const list = own.text.slice(m.index + m[0].length).replace(/\s+$/, '');
      const codes = list.split(/[\s,]+/).filter(Boolean);
      if (!codes.some((c) => c.toUpperCase() === f.code)) out.set(f, { start: listStart, end: listStart + list.length, text: [...codes, f.code].join(', ') });
      continue;
    }
    const trimmed = lineText.replace(/[ \t\f]+$/, '');
    out.set(f, { start: start + trimmed.length, end: eol, text: `  // noqa: ${f.code}` });
  }
  return out;
}
