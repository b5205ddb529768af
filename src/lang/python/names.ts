import type { Node } from './parser';
import { query } from './parser';

/**
 * Name resolution good enough for lint rules: which names each scope binds,
 * and what a dotted expression refers to once import aliases are followed.
 *
 *   import subprocess as sp; sp.Popen      -> "subprocess.Popen"
 *   from os import popen as p; p           -> "os.popen"
 *   eval (bound nowhere)                   -> "builtins.eval"
 *   def eval(): ...; eval                  -> null (a local, not the builtin)
 *
 * All binding sites and scopes of a file are found by one native tree-sitter
 * query; scopes are then looked up by position, never by walking `.parent`
 * (which costs a descent from the root on every call in tree-sitter 0.25).
 */
export type Binding = { kind: 'import'; qualified: string } | { kind: 'local' };

/** Two bindings are the same when they bind the same import (bindings may be rebuilt, so not by identity). */
export function sameBinding(a: Binding | undefined, b: Binding | undefined): boolean {
  if (!a || !b) return a === b;
  if (a === b) return true;
  return a.kind === 'import' && b.kind === 'import' && a.qualified === b.qualified;
}

export interface CalleeInfo {
  fn: Node | null;
  text: string | null;
  root: string | null;
  last: string | null;
}

const DOTTED = /^[A-Za-z_\u00a0-\uffff][\w\u00a0-\uffff]*(?:\.[A-Za-z_\u00a0-\uffff][\w\u00a0-\uffff]*)*$/;

const BINDINGS_QUERY = `
(function_definition) @scope
(class_definition) @scope
(lambda) @scope
(function_definition name: (identifier) @def)
(class_definition name: (identifier) @def)
(parameters (identifier) @param)
(lambda_parameters (identifier) @param)
(default_parameter name: (identifier) @param)
(typed_default_parameter name: (identifier) @param)
(typed_parameter (identifier) @param)
(list_splat_pattern (identifier) @param)
(dictionary_splat_pattern (identifier) @param)
(assignment left: (identifier) @local)
(assignment left: (pattern_list (identifier) @local))
(assignment left: (tuple_pattern (identifier) @local))
(assignment left: (list_pattern (identifier) @local))
(augmented_assignment left: (identifier) @local)
(for_statement left: (identifier) @local)
(for_statement left: (pattern_list (identifier) @local))
(for_statement left: (tuple_pattern (identifier) @local))
(as_pattern_target (identifier) @local)
(named_expression name: (identifier) @local)
(global_statement (identifier) @global)
(import_statement) @import
(import_from_statement) @import
`;

interface Scope {
  id: number;
  type: string;
  start: number;
  end: number;
  /** where the body begins (a def's parameters, annotations and a class's bases are evaluated in the scope around it) */
  bodyStart: number;
  bindings: Map<string, Binding>;
  globals: Set<string>;
}

function importBindings(node: Node, out: Map<string, Binding>): void {
  if (node.type === 'import_statement') {
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'dotted_name') {
        // `import a.b` binds `a`, which refers to module `a`
        const first = c.namedChildren[0]?.text ?? c.text;
        out.set(first, { kind: 'import', qualified: first });
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name');
        const alias = c.childForFieldName('alias');
        if (name && alias) out.set(alias.text, { kind: 'import', qualified: name.text });
      }
    }
    return;
  }
  const mod = node.childForFieldName('module_name');
  const modText = mod ? mod.text : '';
  for (const c of node.childrenForFieldName('name')) {
    if (!c) continue;
    if (c.type === 'dotted_name') out.set(c.text, { kind: 'import', qualified: `${modText}.${c.text}` });
    else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name');
      const alias = c.childForFieldName('alias');
      if (name && alias) out.set(alias.text, { kind: 'import', qualified: `${modText}.${name.text}` });
    }
  }
}

/** The enclosing scope of each scope (sorted by start, then longest first), or null when two scopes overlap without nesting. */
function scopeParents(scopes: Scope[]): Int32Array | null {
  const parents = new Int32Array(scopes.length);
  const stack: number[] = [];
  for (let i = 0; i < scopes.length; i++) {
    const s = scopes[i];
    while (stack.length) {
      const t = scopes[stack[stack.length - 1]];
      if (s.end <= t.end) break; // t contains s
      if (t.end > s.start) return null; // overlap without nesting
      stack.pop(); // t ended before s
    }
    parents[i] = stack.length ? stack[stack.length - 1] : -1;
    stack.push(i);
  }
  return parents;
}

/** The nodes an occurrence of a name can lie inside without being one: text and comments. */
const NOT_A_NAME = new Set(['string_content', 'string', 'comment', 'escape_sequence', 'string_start', 'string_end']);

/** Parents whose identifier children are values only, never bound (compare BINDINGS_QUERY). */
const USE_ONLY = new Set([
  'argument_list',
  'binary_operator',
  'comparison_operator',
  'boolean_operator',
  'not_operator',
  'unary_operator',
  'return_statement',
  'conditional_expression',
  'subscript',
  'slice',
  'list',
  'set',
  'tuple',
  'pair',
  'expression_list',
  'await',
  'yield',
  'assert_statement',
  'raise_statement',
  'if_statement',
  'elif_clause',
  'while_statement',
  'expression_statement',
  'interpolation',
  'keyword_argument',
]);

export class NameResolver {
  private scopes: Scope[] | null = null; // module first, then by start position
  private qualified = new Map<number, string | null>();
  private imported: Map<string, string> | null = null;
  private importNodeList: Node[] | null = null;
  private callees = new Map<number, CalleeInfo>();
  private textual = new Map<string, { binding: Binding | undefined } | undefined>();
  private importOnly = new Map<string, boolean>();
  private targets: Map<string, Set<string>> | null = null;
  /** index of each scope's enclosing scope in `scopes` (-1 for the module), or null if scopes do not nest */
  private parents: Int32Array | null = null;
  constructor(
    private readonly root: Node,
    private readonly text?: string,
  ) {}

  /**
   * A binding of `name` decided from the text alone, when every occurrence
   * outside the import statements is a use: `name(` or `name.` (not after
   * `def`/`class`, not an attribute `x.name`). Then nothing but an import can
   * bind it, and the answer is that import or, without one, the builtin.
   * `undefined` when the text leaves any doubt (the full scope analysis runs).
   * Lets builtin checks (print, eval) and module calls (random.choice) skip
   * scope analysis in most files.
   */
  private fromText(name: string): { binding: Binding | undefined } | undefined {
    if (this.textual.has(name)) return this.textual.get(name);
    let verdict: { binding: Binding | undefined } | undefined;
    // imported differently in two places (`import random` / `from random import random`): scopes decide
    if (this.onlyImportsBind(name) && this.importTargets(name) <= 1) {
      const q = this.importedNames().get(name);
      verdict = { binding: q ? { kind: 'import', qualified: q } : undefined };
    }
    this.textual.set(name, verdict);
    return verdict;
  }

  /**
   * Whether the text shows that nothing but an import statement can bind
   * `name`: no `def`/`class` of it, and every other occurrence a use (see
   * fromText). False when in doubt, or when the engine gave no imports.
   */
  private onlyImportsBind(name: string): boolean {
    if (this.text === undefined || !this.importNodeList || !/^\w+$/.test(name)) return false;
    let known = this.importOnly.get(name);
    if (known !== undefined) return known;
    known = !new RegExp(`\\b(def|class)\\s+${name}\\b`).test(this.text);
    if (known) {
      const ranges = this.importNodeList.map((n) => [n.startIndex, n.endIndex] as const);
      const re = new RegExp(`(?<![\\w.])${name}\\b(?!\\s*[(.])`, 'g');
      for (let m = re.exec(this.text); m; m = re.exec(this.text)) {
        const at = m.index;
        if (!ranges.some(([a, b]) => at >= a && at < b) && !this.neverBinds(at, name.length)) {
          known = false;
          break;
        }
      }
    }
    this.importOnly.set(name, known);
    return known;
  }

  /**
   * Whether the text at `at` (a name's occurrence) is certainly no binding:
   * not the identifier itself (inside a string, a comment, a longer name) or
   * an identifier used as a value where nothing binds (an argument, an
   * operand, a returned or compared value). Every place the scope analysis
   * counts as a binding (BINDINGS_QUERY) has another parent, so such an
   * occurrence leaves the text's verdict as the scopes would give it.
   */
  private neverBinds(at: number, length: number): boolean {
    const n = this.root.descendantForIndex(at, at + length);
    if (!n) return false;
    if (n.type !== 'identifier') return n.startIndex <= at && n.endIndex >= at + length && NOT_A_NAME.has(n.type);
    if (n.startIndex !== at || n.endIndex !== at + length) return true; // a longer name (`éprint`): not this one
    const parent = n.parent;
    return !!parent && USE_ONLY.has(parent.type);
  }

  /** How many different things the file's imports bind to `name`. */
  private importTargets(name: string): number {
    if (!this.targets) {
      this.targets = new Map();
      for (const n of this.importNodeList ?? []) {
        const one = new Map<string, Binding>();
        importBindings(n, one);
        for (const [k, b] of one) {
          const q = b.kind === 'import' ? b.qualified : k;
          this.targets.set(k, (this.targets.get(k) ?? new Set()).add(q));
        }
      }
    }
    return this.targets.get(name)?.size ?? 0;
  }

  private build(): Scope[] {
    const module: Scope = { id: this.root.id, type: 'module', start: this.root.startIndex, end: this.root.endIndex + 1, bodyStart: this.root.startIndex, bindings: new Map(), globals: new Set() };
    const scopes: Scope[] = [module];
    const sites: Array<{ kind: string; node: Node }> = [];
    for (const { name, node } of query(BINDINGS_QUERY).captures(this.root)) {
      if (name === 'scope') scopes.push({ id: node.id, type: node.type, start: node.startIndex, end: node.endIndex, bodyStart: node.childForFieldName('body')?.startIndex ?? node.startIndex, bindings: new Map(), globals: new Set() });
      else sites.push({ kind: name, node });
    }
    scopes.sort((a, b) => a.start - b.start || b.end - a.end);
    this.scopes = scopes;
    this.parents = scopeParents(scopes);
    for (const { kind, node } of sites) {
      // a def/class name binds in the scope around the definition, not in its own
      const at = kind === 'def' ? node.parent!.startIndex : node.startIndex;
      const owner = this.innermost(at, kind === 'def' ? node.parent!.id : -1);
      if (kind === 'global') owner.globals.add(node.text);
      else if (kind === 'import') importBindings(node, owner.bindings);
      else if (!owner.bindings.has(node.text) || owner.bindings.get(node.text)!.kind !== 'import') owner.bindings.set(node.text, { kind: 'local' });
    }
    // `global x` inside a function: x's bindings there belong to the module
    for (const s of scopes) {
      for (const g of s.globals) {
        const b = s.bindings.get(g);
        if (b) {
          s.bindings.delete(g);
          if (!module.bindings.has(g)) module.bindings.set(g, b);
        }
      }
    }
    return scopes;
  }

  /** Scopes containing `index`, innermost first (module last). */
  private chain(index: number, excludeId = -1): Scope[] {
    const scopes = this.scopes ?? this.build();
    const out: Scope[] = [];
    for (let i = this.lastStartingAtOrBefore(index); i >= 0; i = this.next(i)) {
      const s = scopes[i];
      if (s.id !== excludeId && s.start <= index && index < s.end) out.push(s);
    }
    return out;
  }

  private innermost(index: number, excludeId: number): Scope {
    const scopes = this.scopes!;
    for (let i = this.lastStartingAtOrBefore(index); i >= 0; i = this.next(i)) {
      const s = scopes[i];
      if (s.id !== excludeId && s.start <= index && index < s.end) return s;
    }
    return undefined as unknown as Scope;
  }

  /**
   * Every scope that contains `index` is an ancestor of (or is) the last scope
   * that starts at or before it, since scopes are syntax nodes and so nest:
   * a binary search and a walk up the parents replace a scan of every scope
   * (quadratic in files with thousands of functions). Without nesting (never
   * seen) `parents` is null and the walk visits every scope as before.
   */
  private lastStartingAtOrBefore(index: number): number {
    const scopes = this.scopes!;
    if (!this.parents) return scopes.length - 1;
    let lo = 0;
    let hi = scopes.length - 1;
    if (scopes[0].start > index) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (scopes[mid].start <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private next(i: number): number {
    return this.parents ? this.parents[i] : i - 1;
  }

  /** The innermost binding of `name` visible at `at`, or undefined for a name bound nowhere (a builtin). */
  lookup(name: string, at: Node): Binding | undefined {
    const quick = this.fromText(name);
    if (quick) return quick.binding;
    let insideFunction = false;
    for (const s of this.chain(at.startIndex)) {
      // class bodies are not visible from the functions nested in them
      if (!(s.type === 'class_definition' && insideFunction)) {
        const b = s.bindings.get(name);
        if (b) return b;
      }
      if (s.type === 'function_definition' || s.type === 'lambda') insideFunction = true;
    }
    return undefined;
  }

  /**
   * Where a name written at `at` would not mean the builtin: the kind of the
   * scope that binds it ('module', 'class_definition', 'function_definition',
   * 'lambda'), or null when the builtin is what it means. Unlike `lookup`,
   * this follows where Python evaluates the code: a def's annotations and
   * defaults and a class's bases in the scope around it, so a method's
   * `-> list[int]` sees the class body (where a method named `list` makes it
   * the method). Any binding counts, before or after `at`, since a fix that
   * writes a builtin name must not depend on the order of definitions.
   */
  shadowsBuiltin(name: string, at: Node): string | null {
    // bound nowhere in the file, by the text (no import of it either): the builtin, without scopes
    if (this.onlyImportsBind(name) && this.importTargets(name) === 0) return null;
    let insideFunction = false;
    for (const s of this.chain(at.startIndex)) {
      if (s.type !== 'module' && at.startIndex < s.bodyStart) continue; // in its header: evaluated outside it
      if (!(s.type === 'class_definition' && insideFunction) && s.bindings.has(name)) return s.type;
      if (s.type === 'function_definition' || s.type === 'lambda') insideFunction = true;
    }
    return null;
  }

  /**
   * Give the resolver the file's import statements when the caller has them
   * already (the engine captures them in its one query), sparing a query.
   */
  seedImports(nodes: Node[]): void {
    this.importNodeList = nodes;
    const out = new Map<string, Binding>();
    for (const n of nodes) importBindings(n, out);
    this.imported = new Map([...out].map(([k, b]) => [k, b.kind === 'import' ? b.qualified : k]));
  }

  /**
   * A call's callee as a dotted name, read once per call and shared by every
   * rule that looks at it: `os.path.join(...)` -> text "os.path.join", root
   * "os", last "join". `text` is null when the callee is not a plain dotted
   * name (`f()()`, `x[0]()`).
   */
  callee(call: Node): CalleeInfo {
    let info = this.callees.get(call.id);
    if (!info) {
      const fn = call.childForFieldName('function');
      info = { fn, text: null, root: null, last: null };
      if (fn && (fn.type === 'identifier' || fn.type === 'attribute')) {
        const t = fn.text.replace(/\s+/g, '');
        if (DOTTED.test(t)) {
          const first = t.indexOf('.');
          info = { fn, text: t, root: first < 0 ? t : t.slice(0, first), last: t.slice(t.lastIndexOf('.') + 1) };
        }
      }
      this.callees.set(call.id, info);
    }
    return info;
  }

  /** The file's import statements, when the engine seeded them (else null). */
  importNodes(): Node[] | null {
    return this.importNodeList;
  }

  /** Local name -> imported dotted name, for every import anywhere in the file. */
  importedNames(): Map<string, string> {
    if (!this.imported) {
      this.seedImports(query('(import_statement) @i (import_from_statement) @i').captures(this.root).map((c) => c.node));
    }
    return this.imported!;
  }

  /** Bindings made at module level (imports, defs, assignments). */
  moduleBindings(): Map<string, Binding> {
    return (this.scopes ?? this.build())[0].bindings;
  }

  /**
   * The dotted name an expression refers to, following imports:
   * "subprocess.Popen", "builtins.eval", or null when it is a local value or
   * not a plain dotted name.
   */
  qualifiedName(expr: Node): string | null {
    const cached = this.qualified.get(expr.id);
    if (cached !== undefined) return cached;
    const q = this.resolve(expr);
    this.qualified.set(expr.id, q);
    return q;
  }

  private resolve(expr: Node): string | null {
    if (expr.type === 'identifier') {
      const b = this.lookup(expr.text, expr);
      if (!b) return `builtins.${expr.text}`;
      return b.kind === 'import' ? b.qualified : null;
    }
    if (expr.type === 'attribute') {
      const obj = expr.childForFieldName('object');
      const attr = expr.childForFieldName('attribute');
      if (!obj || !attr) return null;
      // a name no import binds is a local value or a builtin here: either way the attribute has no dotted name (no scopes needed)
      if (obj.type === 'identifier' && !this.importedNames().has(obj.text)) return null;
      const base = this.qualifiedName(obj);
      if (!base || base.startsWith('builtins.')) return null;
      return `${base}.${attr.text}`;
    }
    return null;
  }
}
