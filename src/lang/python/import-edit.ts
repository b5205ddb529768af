import type { Node } from './parser';
import type { SourceFile } from './source';
import type { NameResolver } from './names';
import type { Edit } from '../../core/finding';

/**
 * Edits that add to or take from a module's import block so that the result
 * reads as if written by hand: `import shlex` goes among the plain imports in
 * alphabetical order, a module logger goes right after the import block, and a
 * removed name takes its comma (or its whole line, or the statement) with it.
 * Every fix that needs the same import computes the same edit, so the fix
 * engine applies it once.
 */
const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

export interface ImportBlock {
  /** top-level import statements of the leading block, in order */
  imports: Node[];
  /** where code starts after docstring, comments and __future__ imports when there are no imports */
  bodyStart: number;
  /** bodyStart follows a module docstring (or __future__ import): keep a blank line after it */
  afterHeader: boolean;
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
  return j;
}

/**
 * The end of the logical line holding the end of a statement at index i: when
 * the rest of its line carries on with a backslash (`import os; \`), an
 * added line must go after the continued line, not into it.
 */
function statementLineEnd(text: string, i: number): number {
  let e = lineEnd(text, i);
  while (e < text.length && /\\$/.test(text.slice(i, e)) && !text.slice(i, e).includes('#')) {
    i = nextLineStart(text, e);
    e = lineEnd(text, i);
  }
  return e;
}

/** Start of the line after the one holding index i (or the end of the text). */
function nextLineStart(text: string, i: number): number {
  const e = lineEnd(text, i);
  if (text[e] === '\r' && text[e + 1] === '\n') return e + 2;
  return e < text.length ? e + 1 : e;
}

export function importBlock(file: SourceFile): ImportBlock {
  const imports: Node[] = [];
  let bodyStart = -1;
  let afterHeader = false;
  let first = true;
  // walk siblings and stop at the first statement that is not part of the header (no materialising the whole module)
  for (let stmt = file.root.firstNamedChild; stmt; stmt = stmt.nextNamedSibling) {
    // a comment, or a lone `\` line (valid Python, and never where an import can go before a future import)
    if (stmt.type === 'comment' || stmt.type === 'line_continuation') continue;
    const docstring = first && stmt.type === 'expression_statement' && stmt.namedChildCount === 1 && stmt.namedChildren[0]?.type === 'string';
    first = false;
    if (docstring || stmt.type === 'future_import_statement') {
      bodyStart = nextLineStart(file.text, statementLineEnd(file.text, stmt.endIndex));
      afterHeader = true;
      if (stmt.type === 'future_import_statement') imports.push(stmt);
      continue;
    }
    if (IMPORT_TYPES.has(stmt.type)) {
      imports.push(stmt);
      continue;
    }
    if (bodyStart < 0) bodyStart = lineStart(file.text, stmt.startIndex);
    break;
  }
  if (bodyStart < 0) bodyStart = file.text.length;
  return { imports, bodyStart, afterHeader };
}

function firstModule(stmt: Node): string {
  const n = stmt.namedChildren[0];
  if (!n) return '';
  return (n.type === 'aliased_import' ? n.childForFieldName('name')?.text : n.text) ?? '';
}

/** Whether `import module` (unaliased) is already in effect at module level. */
export function hasModuleImport(names: NameResolver, module: string): boolean {
  const b = names.moduleBindings().get(module.split('.')[0]);
  return !!b && b.kind === 'import' && b.qualified === module.split('.')[0];
}

/** The module-level binding of a name is something other than the module: importing it would clash. */
export function nameTaken(names: NameResolver, name: string, module: string): boolean {
  const b = names.moduleBindings().get(name);
  return !!b && !(b.kind === 'import' && b.qualified === module);
}

/**
 * The edit adding `import module` to the import block, null when it is already
 * imported. `undefined` when the name is bound to something else.
 */
export function addImport(file: SourceFile, names: NameResolver, module: string): Edit | null | undefined {
  if (hasModuleImport(names, module)) return null;
  if (nameTaken(names, module.split('.')[0], module.split('.')[0])) return undefined;
  return insertImportLine(file, `import ${module}`, module);
}

/** `from module import name`, null when already bound to it, undefined when the name is taken. */
export function addFromImport(file: SourceFile, names: NameResolver, module: string, name: string): Edit | null | undefined {
  const b = names.moduleBindings().get(name);
  if (b && b.kind === 'import' && b.qualified === `${module}.${name}`) return null;
  if (b) return undefined;
  const block = importBlock(file);
  const last = block.imports[block.imports.length - 1];
  if (last) {
    const at = statementLineEnd(file.text, last.endIndex);
    return { start: at, end: at, text: `\nfrom ${module} import ${name}` };
  }
  return { start: block.bodyStart, end: block.bodyStart, text: `${block.afterHeader ? '\n' : ''}from ${module} import ${name}\n${blankAfter(file, block.bodyStart)}` };
}

/** '\n' when the line at `at` is not blank (an added block should end with a blank line). */
export function blankAfter(file: SourceFile, at: number): string {
  const rest = file.text.slice(at, at + 2);
  return rest.startsWith('\n') || rest.startsWith('\r\n') || at >= file.text.length ? '' : '\n';
}

/** `import module` placed in the import block, without checking whether it is there (the caller knows). */
export function importLineEdit(file: SourceFile, module: string): Edit {
  return insertImportLine(file, `import ${module}`, module);
}

function insertImportLine(file: SourceFile, line: string, module: string): Edit {
  const block = importBlock(file);
  const plain = block.imports.filter((s) => s.type === 'import_statement');
  const key = module.toLowerCase();
  for (const s of plain) {
    if (firstModule(s).toLowerCase() > key) {
      const at = lineStart(file.text, s.startIndex);
      return { start: at, end: at, text: `${line}\n` };
    }
  }
  if (plain.length) {
    const at = statementLineEnd(file.text, plain[plain.length - 1].endIndex);
    return { start: at, end: at, text: `\n${line}` };
  }
  const from = block.imports.find((s) => s.type === 'import_from_statement');
  if (from) {
    const at = lineStart(file.text, from.startIndex);
    return { start: at, end: at, text: `${line}\n` };
  }
  const future = block.imports[block.imports.length - 1];
  if (future) {
    const at = statementLineEnd(file.text, future.endIndex);
    return { start: at, end: at, text: `\n${line}` };
  }
  return { start: block.bodyStart, end: block.bodyStart, text: `${block.afterHeader ? '\n' : ''}${line}\n${blankAfter(file, block.bodyStart)}` };
}

/** Where a module-level definition goes: the start of the line after the import block. */
export function afterImports(file: SourceFile): number {
  const block = importBlock(file);
  const last = block.imports[block.imports.length - 1];
  return last ? nextLineStart(file.text, statementLineEnd(file.text, last.endIndex)) : block.bodyStart;
}

/** Fold insertions at one point (within one fix) into one edit, in the given order. */
export function joinInsertions(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === o.start && e.end === e.start);
    if (same) same.text += e.text;
    else out.push({ ...e });
  }
  return out;
}

/**
 * The edit removing some names from a `from x import a, b, c` statement: the
 * whole statement (with its line) when none is left, `pass` when the statement
 * was alone in its block, otherwise the names with their commas.
 */
export function removeImportNames(file: SourceFile, stmt: Node, remove: Node[]): Edit[] | null {
  const names = stmt.childrenForFieldName('name').filter((c): c is Node => !!c);
  const removeIds = new Set(remove.map((r) => r.startIndex));
  const kept = names.filter((n) => !removeIds.has(n.startIndex));
  const text = file.text;
  if (kept.length === 0) {
    const parent = stmt.parent;
    const siblings = parent ? parent.namedChildren.filter((c) => c && c.type !== 'comment') : [];
    const ls = lineStart(text, stmt.startIndex);
    const alone = text.slice(ls, stmt.startIndex).trim() === '' && /^\s*(#.*)?$/.test(text.slice(stmt.endIndex, lineEnd(text, stmt.endIndex)));
    if (parent && parent.type === 'block' && siblings.length === 1) return [{ start: stmt.startIndex, end: stmt.endIndex, text: 'pass' }];
    if (!alone) return null;
    let end = nextLineStart(text, stmt.endIndex);
    // between two blank lines: take one of them too, so no gap of two is left
    const prevBlank = ls > 0 && /^\s*$/.test(text.slice(lineStart(text, ls - 1), ls));
    if (prevBlank && end < text.length && /^[ \t]*$/.test(text.slice(end, lineEnd(text, end)))) end = nextLineStart(text, end);
    return [{ start: ls, end, text: '' }];
  }
  const multiLine = file.lineOf(stmt.startIndex) !== file.lineOf(stmt.endIndex);
  if (!multiLine) {
    const first = names[0];
    const last = names[names.length - 1];
    return [{ start: first.startIndex, end: last.endIndex, text: kept.map((k) => k.text).join(', ') }];
  }
  // one name per line: drop those lines; otherwise give up (a person should re-wrap it)
  if (!stmt.children.some((c) => c?.type === '(')) return null;
  const edits: Edit[] = [];
  for (const r of remove) {
    const ls = lineStart(text, r.startIndex);
    const le = lineEnd(text, r.endIndex);
    if (text.slice(ls, r.startIndex).trim() !== '' || !/^\s*,?\s*(#.*)?$/.test(text.slice(r.endIndex, le))) return null;
    edits.push({ start: ls, end: nextLineStart(text, r.endIndex), text: '' });
  }
  // the last kept name may now end the list without its comma: that is still valid Python
  return edits;
}
