import fs from 'node:fs';
import path from 'node:path';
import { NameResolver } from './names';
import type { Node } from './parser';
import { query } from './parser';
import type { SourceFile } from './source';
import { relPosix } from '../../core/paths';

/**
 * What a file imports and defines, for the project-level rules (INT001,
 * TST001, DEP001–DEP003, OBS, BEN) and for `status`. Gathered by one native
 * query per file and shared by every rule that asks (memoised per SourceFile),
 * then resolved against the project's own module map in the main thread.
 */
export interface ImportFact {
  /** dotted module: `a.b` of `import a.b` / `from a.b import c`; '' for `from . import x` */
  module: string;
  /** leading dots of a relative import (0 = absolute) */
  level: number;
  /** names after `import` in a from-import ('*' for a star import); null for `import a.b` */
  names: string[] | null;
  line: number;
  column: number;
  /** inside the body of a `try` whose handler catches ImportError (or everything) */
  optional: boolean;
  /** inside an `if` on sys.version_info or TYPE_CHECKING */
  guarded: boolean;
  /** inside an `if` on sys.version_info (its else branches included): it runs on some Pythons only */
  versionGuarded?: true;
  /**
   * runs only for type checkers: in the body of `if TYPE_CHECKING:` (however
   * typing's or typing_extensions' TYPE_CHECKING is named there), or in the
   * `else` of `if not TYPE_CHECKING:`; never at run time
   */
  typeChecking?: boolean;
  /** importlib.import_module("x") / __import__("x") with a literal name */
  dynamic?: boolean;
}

export interface ModuleFacts {
  imports: ImportFact[];
  /** top-level function and class names with their lines */
  defs: Array<{ name: string; line: number }>;
  /** has an `if __name__ == "__main__":` block at module level */
  mainGuard: boolean;
  /** defines a function or class at module level */
  hasCode: boolean;
  /** some function takes a parameter named `benchmark` (pytest-benchmark's fixture) */
  benchmarkFixture: boolean;
}

/** The shape of ModuleFacts (the facts the project rules share), whichever rule gathered them. */
export function isModuleFacts(f: unknown): f is ModuleFacts {
  const m = f as Partial<ModuleFacts> | null;
  return !!m && typeof m === 'object' && Array.isArray(m.imports) && Array.isArray(m.defs) && typeof m.mainGuard === 'boolean';
}

// Patterns with predicates are checked in JS for every candidate node, so each
// joins the query only when the file's text could match it at all.
const FACTS_IMPORTS = `
(import_statement) @import
(import_from_statement) @import
`;
const FACTS_OPTIONAL: Array<{ when: (text: string) => boolean; pattern: string }> = [
  { when: (t) => t.includes('__main__'), pattern: '(module (if_statement condition: (comparison_operator) @main (#match? @main "__name__")))' },
  { when: (t) => mayCatchImportError(t), pattern: '(try_statement) @try' },
  { when: (t) => t.includes('version_info') || t.includes('TYPE_CHECKING'), pattern: '(if_statement condition: (_) @guard (#match? @guard "version_info|TYPE_CHECKING"))' },
  // every `if` where TYPE_CHECKING may be in play: `if TC:` after `from typing import TYPE_CHECKING as TC` has no such text
  { when: (t) => t.includes('TYPE_CHECKING'), pattern: '(if_statement) @if' },
  { when: (t) => t.includes('benchmark'), pattern: '(parameters (identifier) @param (#eq? @param "benchmark"))' },
  {
    when: (t) => t.includes('import_module') || t.includes('__import__'),
    pattern: '(call function: (_) @dyn arguments: (argument_list . (string) @dynarg) (#match? @dyn "(^|[.])(import_module|__import__)$"))',
  },
];

/** The query for what the file's text may hold; '' when nothing is left to ask. */
function factsQuery(text: string, withImports: boolean): string {
  return (withImports ? FACTS_IMPORTS : '') + FACTS_OPTIONAL.filter((o) => o.when(text)).map((o) => o.pattern).join('\n');
}

const cache = new WeakMap<SourceFile, ModuleFacts>();

/**
 * `imports`: the file's import statements when the caller has them already
 * (the engine captures them in its one query), sparing a walk of the tree.
 */
export function moduleFacts(file: SourceFile, imports?: Node[] | null, nodesOfType?: (type: string) => Node[], names?: NameResolver): ModuleFacts {
  const hit = cache.get(file);
  if (hit) return hit;
  const facts = collect(file, imports ?? null, nodesOfType ?? null, names ?? null);
  cache.set(file, facts);
  return facts;
}

/**
 * The text test for the handlers `catchesImportError` accepts: ImportError,
 * ModuleNotFoundError, Exception, BaseException, or a bare `except:`.
 */
function mayCatchImportError(text: string): boolean {
  return text.includes('ImportError') || text.includes('ModuleNotFoundError') || text.includes('Exception') || /\bexcept\s*:/.test(text);
}

const factTypesOf = new WeakMap<SourceFile, string[]>();

/** factNodeTypes of a file's text, worked out once per file (the rules that keep facts and the facts themselves ask). */
export function factNodeTypesOf(file: SourceFile): string[] {
  let types = factTypesOf.get(file);
  if (!types) factTypesOf.set(file, (types = factNodeTypes(file.text)));
  return types;
}

/** The node types whose nodes `moduleFacts` reads, for what this file's text may hold. */
function factNodeTypes(text: string): string[] {
  const out: string[] = [];
  if (mayCatchImportError(text)) out.push('try_statement');
  if (text.includes('__main__') || text.includes('version_info') || text.includes('TYPE_CHECKING')) out.push('if_statement');
  if (text.includes('benchmark')) out.push('function_definition');
  if (text.includes('import_module') || text.includes('__import__')) out.push('call');
  return out;
}

/**
 * The same captures FACTS_OPTIONAL's query would give, derived from nodes the
 * engine already captured in its one pass (no second walk of the tree).
 */
function capturesFromNodes(file: SourceFile, nodesOfType: (type: string) => Node[]): Array<{ name: string; node: Node }> {
  const out: Array<{ name: string; node: Node }> = [];
  const types = new Set(factNodeTypesOf(file));
  if (types.has('if_statement')) {
    const topLevel = new Set(file.root.namedChildren.map((c) => c?.id));
    // once per file, not once per `if` (a search of the whole text each)
    const typeChecking = file.text.includes('TYPE_CHECKING');
    for (const n of nodesOfType('if_statement')) {
      const cond = n.childForFieldName('condition');
      if (!cond) continue;
      if (topLevel.has(n.id) && cond.type === 'comparison_operator' && cond.text.includes('__name__')) out.push({ name: 'main', node: cond });
      if (/version_info|TYPE_CHECKING/.test(cond.text)) out.push({ name: 'guard', node: cond });
      if (typeChecking) out.push({ name: 'if', node: n });
    }
  }
  if (types.has('try_statement')) for (const n of nodesOfType('try_statement')) out.push({ name: 'try', node: n });
  if (types.has('function_definition')) {
    for (const n of nodesOfType('function_definition')) {
      for (const p of n.childForFieldName('parameters')?.namedChildren ?? []) {
        if (p?.type === 'identifier' && p.text === 'benchmark') out.push({ name: 'param', node: p });
      }
    }
  }
  if (types.has('call')) {
    for (const n of nodesOfType('call')) {
      const fn = n.childForFieldName('function');
      const first = n.childForFieldName('arguments')?.namedChildren[0];
      if (fn && first?.type === 'string' && /(^|[.])(import_module|__import__)$/.test(fn.text)) {
        out.push({ name: 'dyn', node: fn }, { name: 'dynarg', node: first });
      }
    }
  }
  return out;
}

/** The names TYPE_CHECKING has: true for type checkers, false at run time. */
const TYPE_CHECKING = new Set(['typing.TYPE_CHECKING', 'typing_extensions.TYPE_CHECKING']);

/** What a condition is for TYPE_CHECKING: 'yes' when it holds only under a type checker, 'not' for `not TYPE_CHECKING`, else null. */
function typeCheckingTest(cond: Node | null, names: NameResolver): 'yes' | 'not' | null {
  while (cond?.type === 'parenthesized_expression' && cond.namedChildCount === 1) cond = cond.namedChildren[0];
  if (!cond) return null;
  if (cond.type === 'identifier' || cond.type === 'attribute') return TYPE_CHECKING.has(names.qualifiedName(cond) ?? '') ? 'yes' : null;
  if (cond.type === 'not_operator') return typeCheckingTest(cond.childForFieldName('argument'), names) === 'yes' ? 'not' : null;
  // `TYPE_CHECKING and x` holds only when TYPE_CHECKING does; `or` may hold at run time
  if (cond.type === 'boolean_operator' && cond.childForFieldName('operator')?.type === 'and') {
    return typeCheckingTest(cond.childForFieldName('left'), names) === 'yes' || typeCheckingTest(cond.childForFieldName('right'), names) === 'yes' ? 'yes' : null;
  }
  return null;
}

/**
 * The parts of an `if` statement that run only under a type checker: the body
 * of `if TYPE_CHECKING:` / `elif TYPE_CHECKING:`, and every branch after
 * `if not TYPE_CHECKING:`. The `else` of `if TYPE_CHECKING:` runs at run time.
 */
function typeCheckingRanges(stmt: Node, names: NameResolver): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const first = typeCheckingTest(stmt.childForFieldName('condition'), names);
  const body = stmt.childForFieldName('consequence');
  if (first === 'yes' && body) out.push([body.startIndex, body.endIndex]);
  let rest = first === 'not';
  for (const alt of stmt.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (rest) out.push([alt.startIndex, alt.endIndex]);
    else if (alt.type === 'elif_clause') {
      const test = typeCheckingTest(alt.childForFieldName('condition'), names);
      const elifBody = alt.childForFieldName('consequence');
      if (test === 'yes' && elifBody) out.push([elifBody.startIndex, elifBody.endIndex]);
      rest = test === 'not';
    }
  }
  return out;
}

function collect(file: SourceFile, seeded: Node[] | null, nodesOfType: ((type: string) => Node[]) | null, givenNames: NameResolver | null): ModuleFacts {
  const imports: Node[] = seeded ? [...seeded] : [];
  const defs: ModuleFacts['defs'] = [];
  // top-level definitions: the module's own statements, no tree walk
  for (const stmt of file.root.namedChildren) {
    if (!stmt) continue;
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def && (def.type === 'function_definition' || def.type === 'class_definition')) {
      const name = def.childForFieldName('name');
      if (name) defs.push({ name: name.text, line: file.lineOf(name.startIndex) });
    }
  }
  const optionalRanges: Array<[number, number]> = [];
  const guardRanges: Array<[number, number]> = [];
  const versionRanges: Array<[number, number]> = [];
  const typeOnlyRanges: Array<[number, number]> = [];
  let names = givenNames;
  const dynamic: ImportFact[] = [];
  let mainGuard = false;
  let benchmarkFixture = false;
  let dynCall: Node | null = null;
  const source = seeded && nodesOfType ? '' : factsQuery(file.text, !seeded);
  const captures = seeded && nodesOfType ? capturesFromNodes(file, nodesOfType) : source ? query(source).captures(file.root) : [];
  for (const { name, node } of captures) {
    switch (name) {
      case 'import':
        imports.push(node);
        break;
      case 'main':
        if (/^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/.test(node.text)) mainGuard = true;
        break;
      case 'try':
        if (catchesImportError(node)) {
          const body = node.childForFieldName('body');
          if (body) optionalRanges.push([body.startIndex, body.endIndex]);
        }
        break;
      case 'guard': {
        // the whole if statement, its else branches included
        const stmt = node.parent;
        if (stmt) guardRanges.push([stmt.startIndex, stmt.endIndex]);
        if (stmt && node.text.includes('version_info')) versionRanges.push([stmt.startIndex, stmt.endIndex]);
        break;
      }
      case 'if':
        names ??= new NameResolver(file.root, file.text);
        typeOnlyRanges.push(...typeCheckingRanges(node, names));
        break;
      case 'param':
        benchmarkFixture = true;
        break;
      case 'dyn':
        dynCall = node;
        break;
      case 'dynarg': {
        const fn = dynCall?.text ?? '';
        if (/^(importlib\.)?import_module$|^__import__$/.test(fn)) {
          const value = node.text.replace(/^[a-zA-Z]*(['"]{1,3})/, '').replace(/['"]{1,3}$/, '');
          if (/^\.*[A-Za-z_][\w.]*$/.test(value)) {
            const level = /^\.*/.exec(value)![0].length;
            const pos = file.position(node.startIndex);
            dynamic.push({ module: value.slice(level), level, names: null, line: pos.line, column: pos.column, optional: false, guarded: false, dynamic: true });
          }
        }
        break;
      }
    }
  }
  const inside = (ranges: Array<[number, number]>, at: number): boolean => ranges.some(([s, e]) => at >= s && at < e);
  const out: ImportFact[] = [];
  for (const node of imports) {
    const optional = inside(optionalRanges, node.startIndex);
    const typeChecking = inside(typeOnlyRanges, node.startIndex);
    const guarded = typeChecking || inside(guardRanges, node.startIndex);
    const versionGuarded = inside(versionRanges, node.startIndex);
    for (const fact of importFacts(node, file)) out.push({ ...fact, optional, guarded, ...(typeChecking ? { typeChecking } : {}), ...(versionGuarded ? { versionGuarded } : {}) });
  }
  for (const d of dynamic) {
    d.optional = inside(optionalRanges, file.lineStarts[d.line - 1]);
    out.push(d);
  }
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return { imports: out, defs, mainGuard, hasCode: defs.length > 0, benchmarkFixture };
}

function catchesImportError(tryNode: Node): boolean {
  for (const c of tryNode.namedChildren) {
    if (!c || c.type !== 'except_clause') continue;
    const value = c.childForFieldName('value');
    if (!value) return true; // bare except
    const text = value.type === 'as_pattern' ? (value.namedChildren[0]?.text ?? '') : value.text;
    if (/\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(text)) return true;
  }
  return false;
}

type BareImport = Omit<ImportFact, 'optional' | 'guarded'>;

function importFacts(node: Node, file: SourceFile): BareImport[] {
  const out: BareImport[] = [];
  if (node.type === 'import_statement') {
    for (const c of node.namedChildren) {
      if (!c) continue;
      const dotted = c.type === 'aliased_import' ? c.childForFieldName('name') : c.type === 'dotted_name' ? c : null;
      if (!dotted) continue;
      const pos = file.position(dotted.startIndex);
      out.push({ module: dotted.text.replace(/\s+/g, ''), level: 0, names: null, line: pos.line, column: pos.column });
    }
    return out;
  }
  const mod = node.childForFieldName('module_name');
  if (!mod) return out;
  let level = 0;
  let module = mod.text;
  if (mod.type === 'relative_import') {
    const prefix = mod.namedChildren.find((c) => c?.type === 'import_prefix');
    level = prefix ? prefix.text.replace(/\s+/g, '').length : 0;
    module = mod.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  const names: string[] = [];
  for (const c of node.namedChildren) {
    if (!c || c.id === mod.id) continue;
    if (c.type === 'wildcard_import') names.push('*');
    else if (c.type === 'dotted_name') names.push(c.text);
    else if (c.type === 'aliased_import') {
      const n = c.childForFieldName('name');
      if (n) names.push(n.text);
    }
  }
  const pos = file.position(mod.startIndex);
  out.push({ module: module.replace(/\s+/g, ''), level, names, line: pos.line, column: pos.column });
  return out;
}

/** True when some absolute import names `prefix` or something inside it (`prometheus_client`, `opentelemetry.trace`). */
export function importsAny(facts: ModuleFacts | undefined, prefixes: string[]): boolean {
  if (!facts) return false;
  // importedNames without its arrays: the project rules ask this of every file (OBS001, OBS002, BEN001, status)
  const hit = (n: string): boolean => prefixes.some((p) => n === p || (n.length > p.length && n.charCodeAt(p.length) === 46 && n.startsWith(p)));
  for (const imp of facts.imports) {
    if (imp.level > 0) continue;
    if (hit(imp.module)) return true;
    if (imp.names) for (const n of imp.names) if (n !== '*' && hit(`${imp.module}.${n}`)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// The project's own modules, from the file layout.

export interface ModuleInfo {
  /** dotted name: `pkg.sub.mod`; a package's __init__.py is named after the package */
  name: string;
  path: string;
  absPath: string;
  isPackage: boolean;
  /** the folder the name is relative to (the first ancestor without __init__.py) */
  importRoot: string;
  /** a test file: test_*.py, *_test.py, conftest.py, or inside a tests/ or test/ folder */
  isTest: boolean;
  /** the import root is one of the project's source roots (the root itself, src/, configured package dirs) */
  inSourceRoot: boolean;
}

export interface ResolvedImport {
  /** the modules the import names directly (`from a import b` -> a.b when it is a module, else a) */
  targets: ModuleInfo[];
  /** every first-party module the import executes: the targets and their parent packages */
  touched: ModuleInfo[];
}

export function isTestPath(relFromRoot: string): boolean {
  const parts = relFromRoot.split('/');
  const base = parts[parts.length - 1];
  if (/^test_.*\.py$|_test\.py$|^conftest\.py$/.test(base)) return true;
  return parts.slice(0, -1).some((p) => p === 'tests' || p === 'test');
}

export class ModuleMap {
  readonly modules: ModuleInfo[] = [];
  private readonly byName = new Map<string, ModuleInfo[]>();
  private readonly byAbs = new Map<string, ModuleInfo>();

  constructor(
    files: Array<{ path: string; absPath: string }>,
    readonly root: string,
    sourceRoots: string[],
  ) {
    const roots = new Set(sourceRoots.map((r) => path.resolve(r)));
    const hasInit = new Map<string, boolean>();
    const isPkgDir = (dir: string): boolean => {
      let v = hasInit.get(dir);
      if (v === undefined) {
        v = fs.existsSync(path.join(dir, '__init__.py'));
        hasInit.set(dir, v);
      }
      return v;
    };
    for (const f of files) {
      if (!f.absPath.endsWith('.py')) continue;
      const abs = path.resolve(f.absPath);
      let dir = path.dirname(abs);
      const parts = [path.basename(abs, '.py')];
      // a folder is part of the dotted name while it is a package (or a source root is not reached yet and it is one)
      while (isPkgDir(dir) && !roots.has(dir) && path.dirname(dir) !== dir) {
        parts.unshift(path.basename(dir));
        dir = path.dirname(dir);
      }
      const isPackage = parts[parts.length - 1] === '__init__';
      if (isPackage) parts.pop();
      if (parts.length === 0 || !parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) continue;
      const relRoot = relPosix(root, abs);
      const info: ModuleInfo = {
        name: parts.join('.'),
        path: f.path,
        absPath: abs,
        isPackage,
        importRoot: dir,
        isTest: isTestPath(relRoot.startsWith('..') ? f.path : relRoot),
        inSourceRoot: roots.has(dir),
      };
      this.modules.push(info);
      this.byAbs.set(abs, info);
      const list = this.byName.get(info.name) ?? [];
      list.push(info);
      this.byName.set(info.name, list);
    }
    this.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  moduleAt(absPath: string): ModuleInfo | undefined {
    return this.byAbs.get(path.resolve(absPath));
  }

  /** Whether a top-level name belongs to the project (some module or package of it starts with it). */
  isFirstParty(topLevel: string): boolean {
    return this.byName.has(topLevel);
  }

  /** The module a dotted name refers to, seen from `from`: its own import root first, then the source roots. */
  lookup(name: string, from?: ModuleInfo): ModuleInfo | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    if (from) {
      const same = list.find((m) => m.importRoot === from.importRoot);
      if (same) return same;
    }
    return list.find((m) => m.inSourceRoot) ?? list[0];
  }

  /** answers of `resolve` by import fact and importer: INT001 and TST001 resolve every import of the same facts */
  private readonly resolved = new WeakMap<ImportFact, Map<ModuleInfo, ResolvedImport>>();

  /** Resolve one import of `importer` to the project's modules (the answer is shared: do not change it). */
  resolve(importer: ModuleInfo, imp: ImportFact): ResolvedImport {
    let byImporter = this.resolved.get(imp);
    if (!byImporter) this.resolved.set(imp, (byImporter = new Map()));
    let r = byImporter.get(importer);
    if (!r) byImporter.set(importer, (r = this.resolveNow(importer, imp)));
    return r;
  }

  private resolveNow(importer: ModuleInfo, imp: ImportFact): ResolvedImport {
    const targets: ModuleInfo[] = [];
    const touched: ModuleInfo[] = [];
    let base: string | null;
    if (imp.level > 0) {
      const pkg = importer.isPackage ? importer.name.split('.') : importer.name.split('.').slice(0, -1);
      const up = imp.level - 1;
      if (up > pkg.length) return { targets, touched };
      const prefix = pkg.slice(0, pkg.length - up);
      base = [...prefix, ...(imp.module ? imp.module.split('.') : [])].join('.');
      if (!base) base = null; // `from . import x` at the top of an import root
    } else {
      base = imp.module;
    }
    const touch = (name: string): ModuleInfo | undefined => {
      const parts = name.split('.');
      let last: ModuleInfo | undefined;
      for (let i = 1; i <= parts.length; i++) {
        const m = this.lookup(parts.slice(0, i).join('.'), importer);
        if (!m) continue;
        if (!touched.includes(m)) touched.push(m);
        if (i === parts.length) last = m;
      }
      return last;
    };
    const addTarget = (m: ModuleInfo | undefined): void => {
      if (m && !targets.includes(m)) targets.push(m);
    };
    if (imp.names === null) {
      if (!base) return { targets, touched };
      // `import a.b.c` names the longest prefix that is a module of ours
      touch(base);
      const parts = base.split('.');
      for (let i = parts.length; i > 0; i--) {
        const m = this.lookup(parts.slice(0, i).join('.'), importer);
        if (m) {
          addTarget(m);
          break;
        }
      }
      return { targets, touched };
    }
    const baseModule = base ? touch(base) : undefined;
    for (const n of imp.names) {
      if (n !== '*') {
        const full = base ? `${base}.${n}` : n;
        const sub = this.lookup(full, importer);
        if (sub && (base || sub.importRoot === importer.importRoot)) {
          touch(full);
          addTarget(sub);
          continue;
        }
      }
      addTarget(baseModule);
    }
    return { targets, touched };
  }
}

/** Modules whose dotted name is `pkg` or starts with `pkg.` (a package and everything in it). */
export function insidePackage(m: ModuleInfo, pkg: ModuleInfo): boolean {
  return m.importRoot === pkg.importRoot && (m.name === pkg.name || m.name.startsWith(`${pkg.name}.`));
}

/** Top-level files that tools run by name, never imported. */
export const TOOL_FILES = new Set(['setup.py', 'conftest.py', 'noxfile.py', 'fabfile.py', 'manage.py', 'dodo.py']);

/** A module of the project proper: in a source root, not a test, not a tool's file. */
export function isProjectModule(m: ModuleInfo): boolean {
  if (!m.inSourceRoot || m.isTest) return false;
  if (!m.name.includes('.') && !m.isPackage && TOOL_FILES.has(path.basename(m.absPath))) return false;
  return true;
}
