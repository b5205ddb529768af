import type { Edit, FixResult } from '../../core/finding';
import { addImport } from '../../lang/python/import-edit';
import type { NameResolver } from '../../lang/python/names';
import type { Node } from '../../lang/python/parser';
import type { SourceFile } from '../../lang/python/source';

/**
 * The pieces ASY001's fixes share: where a call sits (statement, class body,
 * an `async with httpx.AsyncClient() as c` around it), how a name bound by a
 * statement is used afterwards, and indentation. Everything is read from the
 * tree; a fix that cannot tell declines with the reason.
 */
export interface FixCtx {
  file: SourceFile;
  names: NameResolver;
}

export function ancestorsUpTo(node: Node, stop: Node): Node[] {
  const out: Node[] = [];
  for (let p = node.parent; p && p.id !== stop.id; p = p.parent) out.push(p);
  return out;
}

/** A class body between the call and its async def: `await` is not allowed there. */
export function inClassBody(call: Node, fn: Node): boolean {
  return ancestorsUpTo(call, fn).some((a) => a.type === 'class_definition');
}

/** The call is inside a comprehension or generator expression (its own scope). */
export function inComprehension(call: Node, fn: Node): boolean {
  return ancestorsUpTo(call, fn).some((a) => /comprehension|generator_expression/.test(a.type));
}

/**
 * The statement the call is the whole value of: `call`, `name = call` or
 * `return call`, alone on its line(s) in a block. Null otherwise.
 */
export function ownStatement(ctx: FixCtx, call: Node): { stmt: Node; target: string | null; kind: 'expr' | 'assign' | 'return' } | null {
  const p = call.parent;
  if (!p) return null;
  let stmt: Node | null = null;
  let target: string | null = null;
  let kind: 'expr' | 'assign' | 'return' = 'expr';
  if (p.type === 'expression_statement') stmt = p;
  else if (p.type === 'return_statement') {
    stmt = p;
    kind = 'return';
  } else if (p.type === 'assignment' && p.childForFieldName('right')?.id === call.id && !p.childForFieldName('type')) {
    const left = p.childForFieldName('left');
    if (left?.type !== 'identifier' || p.parent?.type !== 'expression_statement') return null;
    stmt = p.parent;
    target = left.text;
    kind = 'assign';
  }
  if (!stmt || !aloneOnLines(ctx, stmt)) return null;
  return { stmt, target, kind };
}

/** A statement directly in a block, with nothing else on its first and last lines but a comment. */
export function aloneOnLines(ctx: FixCtx, stmt: Node): boolean {
  if (stmt.parent?.type !== 'block') return false;
  const text = ctx.file.text;
  const ls = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  if (text.slice(ls, stmt.startIndex).trim() !== '') return false;
  let le = text.indexOf('\n', stmt.endIndex);
  if (le < 0) le = text.length;
  return /^\s*(#.*)?$/.test(text.slice(stmt.endIndex, le));
}

export function indentOf(file: SourceFile, index: number): string {
  const ls = file.text.lastIndexOf('\n', index - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(ls))![0];
}

/** One level of indentation as the block holding `stmt` uses it (else four spaces). */
export function indentUnit(file: SourceFile, stmt: Node): string {
  const block = stmt.parent;
  const owner = block?.parent;
  if (!owner) return '    ';
  const inner = indentOf(file, stmt.startIndex);
  const outer = indentOf(file, owner.startIndex);
  return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '    ';
}

/** The identifiers of `fn` (its parameters and body) with this text, after `from`. */
export function usesAfter(fn: Node, name: string, from: number): Node[] {
  return fn.descendantsOfType('identifier').filter((n): n is Node => !!n && n.text === name && n.startIndex >= from);
}

/** Every name used anywhere in the function. */
function namesIn(fn: Node): Set<string> {
  return new Set(fn.descendantsOfType('identifier').filter((n): n is Node => !!n).map((n) => n.text));
}

/** A free name for a new local: base, base_1, … */
export function freshName(fn: Node, ctx: FixCtx, base: string): string {
  const taken = namesIn(fn);
  for (const n of ctx.names.moduleBindings().keys()) taken.add(n);
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** `x.attr` for each use of a name, or the use that is something else. */
export function attributeUses(uses: Node[]): { attrs: Array<{ use: Node; attr: Node; access: Node }>; other: Node | null } {
  const attrs: Array<{ use: Node; attr: Node; access: Node }> = [];
  for (const u of uses) {
    const p = u.parent;
    const attr = p?.type === 'attribute' && p.childForFieldName('object')?.id === u.id ? p.childForFieldName('attribute') : null;
    if (!p || !attr) return { attrs, other: u };
    attrs.push({ use: u, attr, access: p });
  }
  return { attrs, other: null };
}

/** The edit importing a module, or the reason it cannot be imported. */
export function importOrDecline(ctx: FixCtx, module: string): Edit[] | string {
  const e = addImport(ctx.file, ctx.names, module);
  if (e === undefined) return `the name ${module.split('.')[0]} is bound to something else in this module`;
  return e ? [e] : [];
}

/** Re-indent a statement's continuation lines by one level, for putting it under a new block. */
export function reindented(text: string, unit: string): string {
  return text.replace(/\n(?=[^\n])/g, `\n${unit}`);
}

/** A statement holds a string that spans lines: re-indenting it would change the string. */
export function hasMultilineString(stmt: Node): boolean {
  return stmt.descendantsOfType('string').some((s) => !!s && s.text.includes('\n'));
}

export const declined = (reason: string): FixResult => ({ declined: reason });
