import { importedQualifiedName } from '../../lang/python/imports';
import type { Declined } from '../../core/finding';
import type { Node } from '../../lang/python/parser';
import { query } from '../../lang/python/parser';
import type { PythonContext } from '../../lang/python/rule';
import type { SourceFile } from '../../lang/python/source';

/**
 * Shared by the typing rules: where the annotations are (pyupgrade's
 * `in_annotation`: parameter annotations, `x: T` annotations and return
 * annotations, everything inside them), whether the module has
 * `from __future__ import annotations`, and how a subscript's slice looks.
 */
const ANNOTATIONS = `[
  (typed_parameter type: (type) @a)
  (typed_default_parameter type: (type) @a)
  (function_definition return_type: (type) @a)
  (assignment type: (type) @a)
]`;

const annotationCache = new WeakMap<SourceFile, Array<[number, number]>>();

function annotationRanges(file: SourceFile): Array<[number, number]> {
  let ranges = annotationCache.get(file);
  if (!ranges) {
    ranges = query(ANNOTATIONS)
      .captures(file.root)
      .map(({ node }) => [node.startIndex, node.endIndex] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    annotationCache.set(file, ranges);
  }
  return ranges;
}

/** Whether a node lies inside an annotation. Annotations never nest, so a binary search finds it. */
export function inAnnotation(file: SourceFile, node: Node): boolean {
  const ranges = annotationRanges(file);
  let lo = 0;
  let hi = ranges.length - 1;
  const at = node.startIndex;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][0] <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  const r = ranges[hi];
  return !!r && at >= r[0] && node.endIndex <= r[1];
}

/**
 * Whether `node` lies in the annotation of an `x: T` (or `x: T = v`) whose
 * scope is a class body, and the annotation is evaluated there: without
 * `from __future__ import annotations` Python evaluates it when the class is
 * created and keeps the object in the class's `__annotations__`, which attrs,
 * dataclasses (`fields()`), pydantic and NamedTuple read and compare, so
 * `list[int]` for `List[int]` changes what they see (`List[int] != list[int]`).
 * Parameter and return annotations, module-level ones, and any annotation
 * under the future import (a string nobody compares as an object) are not.
 */
export function evaluatedClassAnnotation(ctx: PythonContext, node: Node): boolean {
  if (futureAnnotations(ctx)) return false;
  let n: Node | null = node;
  while (n && !(n.type === 'type' && n.parent?.type === 'assignment' && n.parent.childForFieldName('type')?.id === n.id)) n = n.parent;
  // the scope the statement runs in: statements nested in an if/try/with of a class body still run there
  for (let p = n?.parent?.parent ?? null; p; p = p.parent) {
    if (p.type === 'class_definition') return true;
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'module') return false;
  }
  return false;
}

const futureCache = new WeakMap<SourceFile, boolean>();

/** `from __future__ import annotations` at the top of the module (tree-sitter: future_import_statement). */
export function futureAnnotations(ctx: PythonContext): boolean {
  let v = futureCache.get(ctx.file);
  if (v === undefined) {
    v = false;
    for (const stmt of ctx.file.root.namedChildren) {
      if (!stmt || stmt.type === 'comment') continue;
      if (stmt.type === 'future_import_statement') {
        if (stmt.childrenForFieldName('name').some((n) => n?.text === 'annotations')) v = true;
        continue;
      }
      if (stmt.type === 'expression_statement' && stmt.namedChildren[0]?.type === 'string') continue;
      break;
    }
    futureCache.set(ctx.file, v);
  }
  return v;
}

/** The subscripted expression of a `subscript` or annotation `generic_type` node. */
export function subscriptValue(node: Node): Node | null {
  if (node.type === 'subscript') return node.childForFieldName('value');
  if (node.type === 'generic_type') {
    const first = node.namedChildren[0];
    return first && (first.type === 'identifier' || first.type === 'attribute') ? first : null;
  }
  return null;
}

function unwrap(n: Node | null): Node | null {
  while (n && (n.type === 'type' || n.type === 'parenthesized_expression') && n.namedChildCount === 1) n = n.namedChildren[0];
  return n;
}

interface SliceShape {
  /** the elements, parentheses removed (one element when the slice is not a tuple) */
  elements: Node[];
  tuple: boolean;
  /** x[a:b]: not a type */
  slice: boolean;
}

/** The slice of a subscript as Python's ast sees it. */
export function sliceShape(node: Node): SliceShape | null {
  let parts: Node[];
  let open: Node | null = null;
  if (node.type === 'subscript') {
    parts = node.childrenForFieldName('subscript').filter((c): c is Node => !!c);
    open = node.children.find((c) => c?.type === '[') ?? null;
  } else {
    const tp = node.namedChildren.find((c) => c?.type === 'type_parameter');
    if (!tp) return null;
    parts = tp.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    open = tp;
  }
  if (parts.length === 0) return null;
  const container = open && open.type === 'type_parameter' ? open : node;
  const commas = container.children.filter((c) => c?.type === ',').length;
  if (parts.length > 1 || commas > 0) return { elements: parts.map((p) => unwrap(p)!), tuple: true, slice: false };
  const only = unwrap(parts[0])!;
  if (only.type === 'slice') return { elements: [], tuple: false, slice: true };
  if (only.type === 'tuple') return { elements: only.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => unwrap(c)!), tuple: true, slice: false };
  return { elements: [only], tuple: false, slice: false };
}

export function isStr(n: Node | null): boolean {
  if (!n) return false;
  if (n.type === 'concatenated_string') return n.namedChildren.every((c) => !c || isStr(c));
  if (n.type !== 'string') return false;
  const start = n.firstChild?.text ?? '';
  return !/[bBfF]/.test(start.replace(/['"]+$/, ''));
}

/** The typing name a subscripted (or bare) expression refers to ("List") when it is one of `names`, or null. */
export function typingAlias(value: Node, ctx: PythonContext, names: Record<string, unknown>): string | null {
  const last = value.type === 'attribute' ? value.childForFieldName('attribute')?.text : value.type === 'identifier' ? value.text : null;
  if (!last) return null;
  // cheap rejections first: `sys.argv[1]`, `x[0]` never need scope analysis
  if (value.type === 'attribute' && !(last in names)) return null;
  if (value.type === 'identifier' && !(last in names) && !/^typing(_extensions)?\./.test(ctx.names.importedNames().get(last) ?? '')) return null;
  const q = importedQualifiedName(value, ctx.names);
  if (!q) return null;
  const m = /^(?:typing|typing_extensions)\.(\w+)$/.exec(q);
  return m && m[1] in names ? m[1] : null;
}

/**
 * The pyupgrade condition for touching a typing name: written `typing.X` or as
 * the unaliased `X` of `from typing import X`.
 */
export function pyupgradeWritten(value: Node, alias: string, ctx: PythonContext): boolean {
  if (value.type === 'attribute') {
    const obj = value.childForFieldName('object');
    return obj?.type === 'identifier' && obj.text === 'typing';
  }
  return value.text === alias && ctx.names.qualifiedName(value) === `typing.${alias}`;
}

/** The prefilter of the typing rules: every name they look for comes from typing, so a file that never says so has none. */
export function mentionsTyping(ctx: PythonContext): boolean {
  return ctx.file.text.includes('typing');
}

/**
 * Why a fix may not write the builtin `name` at `at`: the name is bound where
 * Python evaluates that spot (a method or attribute of the enclosing class, a
 * module-level definition or import), so it would mean that instead and, in
 * `list[int]`, fail at import. Null when the builtin is what it would mean.
 */
export function builtinShadowed(ctx: PythonContext, name: string, at: Node): Declined | null {
  const scope = ctx.names.shadowsBuiltin(name, at);
  if (!scope) return null;
  const where = scope === 'class_definition' ? 'the enclosing class' : scope === 'module' ? 'this module' : 'the enclosing function';
  return { declined: `${name} is defined in ${where}, so the builtin ${name} cannot be written here` };
}
