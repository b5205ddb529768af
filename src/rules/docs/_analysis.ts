import path from 'node:path';
import type { Node } from '../../lang/python/parser';
import { stringValue } from '../../lang/python/literals';
import type { SourceFile } from '../../lang/python/source';
import type { PythonContext, PythonHandlers } from '../../lang/python/rule';

/**
 * The docstring picture of one file, shared by DOC001–DOC004 and the coverage
 * figures: every module, class and function, whether it has a docstring, and
 * whether pydocstyle (D100–D104) calls it public.
 *
 * Definitions come from the engine's single query (the DOC rules subscribe to
 * their node types and read them with `nodesOfType` once the visit is over,
 * each list in document order), so nesting is found with a stack of ranges
 * instead of `.parent` walks.
 */
/** pydocstyle's definition kinds: a function in a class is a Method, one in a function a NestedFunction... */
type DefKind = 'Function' | 'NestedFunction' | 'Method' | 'Class' | 'NestedClass';

interface Definition {
  kind: DefKind;
  name: string;
  /** JS index range of the `def`/`class` header, from `def` (or `async`) to the end of the name */
  start: number;
  end: number;
  /** end of the whole definition, for nesting */
  bodyEnd: number;
  documented: boolean;
  /** decorator names as written, without `@` and arguments: "property", "x.setter", "typing.overload" */
  decorators: string[];
  parent: Definition | null;
  public: boolean;
}

interface DocAnalysis {
  moduleDocumented: boolean;
  modulePublic: boolean;
  isPackage: boolean;
  /** the names in a module-level `__all__` pydocstyle can read, else null */
  dunderAll: Set<string> | null;
  defs: Definition[];
  /** interrogate-style: every module, class, function and method */
  coverage: { documented: number; total: number };
}

/** One analysis per parsed file and project root, shared by the four rules and their facts. */
const analyses = new WeakMap<SourceFile, { root: string; result: DocAnalysis }>();

/**
 * A docstring as Python defines one (what ends up in `__doc__`): the body's
 * first statement is a string literal, or implicitly concatenated literals;
 * comments before it are fine. f-strings and bytes are not docstrings.
 */
function hasDocstring(body: Node | null): boolean {
  let first = body?.firstNamedChild ?? null;
  while (first && first.type === 'comment') first = first.nextNamedSibling;
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return false;
  const e = first.firstNamedChild;
  if (!e) return false;
  if (e.type === 'string') return isPlainString(e);
  if (e.type === 'concatenated_string') return e.namedChildren.every((p) => !!p && (p.type !== 'string' || isPlainString(p)));
  return false;
}

function isPlainString(s: Node): boolean {
  const start = s.firstChild;
  return !!start && !/[fFbB]/.test(start.text.replace(/['"]+$/, ''));
}

/** "@ functools.wraps(f)" -> "functools.wraps", as pydocstyle joins a decorator's tokens before "(". */
function decoratorName(text: string): string {
  const t = text.replace(/^@/, '');
  const paren = t.indexOf('(');
  return (paren >= 0 ? t.slice(0, paren) : t).replace(/\s+/g, '');
}

/** The definitions of the file in document order, with their kinds, parents and decorators. */
function collectDefinitions(ctx: PythonContext): Definition[] {
  const decorated = ctx.nodesOfType('decorated_definition');
  const decorators = new Map<number, string[]>();
  for (const node of decorated) {
    const def = node.childForFieldName('definition');
    if (!def) continue;
    const names: string[] = [];
    for (const d of node.namedChildren) if (d && d.type === 'decorator') names.push(decoratorName(d.text));
    decorators.set(def.id, names);
  }
  const nodes = [...ctx.nodesOfType('function_definition'), ...ctx.nodesOfType('class_definition')].sort((x, y) => x.startIndex - y.startIndex);
  const stack: Definition[] = [];
  const defs: Definition[] = [];
  for (const node of nodes) {
    const start = node.startIndex;
    while (stack.length && stack[stack.length - 1].bodyEnd <= start) stack.pop();
    const parent = stack.length ? stack[stack.length - 1] : null;
    const nameNode = node.childForFieldName('name');
    const isClass = node.type === 'class_definition';
    const parentIsClass = parent !== null && (parent.kind === 'Class' || parent.kind === 'NestedClass');
    const kind: DefKind = isClass ? (parent ? 'NestedClass' : 'Class') : !parent ? 'Function' : parentIsClass ? 'Method' : 'NestedFunction';
    const def: Definition = {
      kind,
      name: nameNode ? nameNode.text : '',
      start,
      end: nameNode ? nameNode.endIndex : start,
      bodyEnd: node.endIndex,
      documented: hasDocstring(node.childForFieldName('body')),
      decorators: decorators.get(node.id) ?? [],
      parent,
      public: false,
    };
    defs.push(def);
    stack.push(def);
  }
  return defs;
}

/**
 * The handlers of a DOC rule: it subscribes to the definitions (read after the
 * visit through `nodesOfType`) and reports from the analysis at module exit.
 */
export function docHandlers(ctx: PythonContext, exit: (analysis: DocAnalysis) => void): PythonHandlers {
  const none = (): void => {};
  return { decorated_definition: none, function_definition: none, class_definition: none, 'module:exit': () => exit(docAnalysis(ctx)) };
}

const VARIADIC_MAGIC = new Set(['__init__', '__call__', '__new__']);

export function isDunder(name: string): boolean {
  return name.startsWith('__') && name.endsWith('__');
}

/** A leading underscore makes a module or package name private, unless it is a dunder (`__init__`, `__main__`). */
function isPrivateModuleName(name: string): boolean {
  return name.startsWith('_') && !isDunder(name);
}

export function isOverload(def: Definition): boolean {
  return def.decorators.some((d) => d === 'overload' || d === 'typing.overload' || d === 'typing_extensions.overload');
}

/** pydocstyle's publicity, parent before child (definitions are in document order). */
function publicity(def: Definition, dunderAll: Set<string> | null): boolean {
  const p = def.parent;
  switch (def.kind) {
    case 'Function':
    case 'Class':
      return dunderAll ? dunderAll.has(def.name) : !def.name.startsWith('_');
    case 'NestedFunction':
      return false;
    case 'NestedClass':
      return !def.name.startsWith('_') && p !== null && (p.kind === 'Class' || p.kind === 'NestedClass') && p.public;
    case 'Method': {
      // a property setter/deleter (`@x.setter def x`) is documented by its getter
      if (def.decorators.some((d) => d.startsWith(`${def.name}.`))) return false;
      const nameIsPublic = !def.name.startsWith('_') || VARIADIC_MAGIC.has(def.name) || isDunder(def.name);
      return nameIsPublic && p !== null && p.public;
    }
  }
}

/** Whether the module file is public: neither its name nor a folder between it and the project root is `_private`. */
function modulePublic(file: SourceFile, root: string): boolean {
  let rel = path.relative(root, file.absPath);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) rel = file.path;
  const parts = rel.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
  const base = parts.pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '');
  return !isPrivateModuleName(stem) && !parts.some(isPrivateModuleName);
}

const WORD = /[A-Za-z0-9_]/;

/**
 * pydocstyle reads `__all__` only from one plain assignment at module level:
 * `__all__ = [...]`, `(...)` or `'a', 'b'` holding nothing but string
 * literals. Any other mention of `__all__` at module level (a second
 * assignment, `__all__ += ...`, `.extend`) makes the list unknowable, and
 * then a leading underscore decides, as without `__all__`. Mentions inside
 * indented blocks, functions and classes are not looked at.
 */
function readDunderAll(file: SourceFile, defs: Definition[]): Set<string> | null {
  const text = file.text;
  if (!text.includes('__all__')) return null;
  const topLevel = defs.filter((d) => d.parent === null);
  const mentions: Node[] = [];
  for (let i = text.indexOf('__all__'); i >= 0; i = text.indexOf('__all__', i + 7)) {
    if ((i > 0 && WORD.test(text[i - 1])) || WORD.test(text[i + 7] ?? '')) continue;
    const lineStart = file.lineStarts[file.lineOf(i) - 1];
    if (text[lineStart] === ' ' || text[lineStart] === '\t') continue; // inside an indented block
    if (topLevel.some((d) => d.start <= i && i < d.bodyEnd)) continue;
    const node = file.root.descendantForIndex(i, i + 7);
    if (!node || node.type !== 'identifier' || node.text !== '__all__') continue; // a string or comment
    mentions.push(node);
  }
  if (mentions.length !== 1) return null;
  const assign = mentions[0].parent;
  if (!assign || assign.type !== 'assignment' || assign.childForFieldName('type')) return null;
  if (assign.childForFieldName('left')?.id !== mentions[0].id) return null;
  const right = assign.childForFieldName('right');
  if (!right) return null;
  let items: Array<Node | null>;
  if (right.type === 'list' || right.type === 'tuple' || right.type === 'expression_list') items = right.namedChildren;
  else if (right.type === 'parenthesized_expression') items = right.namedChildren;
  else return null;
  const names = new Set<string>();
  for (const item of items) {
    if (!item || item.type === 'comment') continue;
    const value = stringValue(item);
    if (value === null) return null;
    names.add(value);
  }
  return names;
}

/** The file's docstring analysis, computed once for all DOC rules (call it from `module:exit` or `facts`). */
function docAnalysis(ctx: PythonContext): DocAnalysis {
  const root = typeof ctx.options.settings.projectRoot === 'string' ? ctx.options.settings.projectRoot : process.cwd();
  const cached = analyses.get(ctx.file);
  if (cached && cached.root === root) return cached.result;
  const defs = collectDefinitions(ctx);
  const dunderAll = readDunderAll(ctx.file, defs);
  let documented = 0;
  for (const d of defs) {
    d.public = publicity(d, dunderAll);
    if (d.documented) documented++;
  }
  const moduleDocumented = hasDocstring(ctx.file.root);
  const result: DocAnalysis = {
    moduleDocumented,
    modulePublic: modulePublic(ctx.file, root),
    isPackage: path.basename(ctx.file.path) === '__init__.py',
    dunderAll,
    defs,
    coverage: { documented: documented + (moduleDocumented ? 1 : 0), total: defs.length + 1 },
  };
  analyses.set(ctx.file, { root, result });
  return result;
}

/** `facts` of every DOC rule: this file's documented / total, for `docCoverage`. */
export function docFacts(ctx: PythonContext): { documented: number; total: number } {
  return { ...docAnalysis(ctx).coverage };
}

/** "Cls.method" for messages. */
export function qualifiedDefName(def: Definition): string {
  const names: string[] = [];
  for (let d: Definition | null = def; d; d = d.parent) names.unshift(d.name);
  return names.join('.');
}
