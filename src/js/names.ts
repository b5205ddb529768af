import { ts } from 'ts-morph';

/**
 * What a local name stands for when it came from a module: `import cp from
 * 'child_process'`, `import * as cp from 'node:child_process'`, `const cp =
 * require('child_process')` bind the module (`name: '*'`); `import { exec as
 * run } from …`, `const { exec: run } = require(…)`, `const run =
 * require(…).exec` and `const run = cp.exec` bind one export. The `node:`
 * prefix is dropped. One table per file: a local that shadows an imported
 * name in an inner scope is checked with `isShadowed`.
 */
export interface ModuleBinding {
  module: string;
  name: string; // '*' for the module itself
  /** the declaration that binds it: an ImportDeclaration, ImportEqualsDeclaration or VariableDeclaration */
  declaration: ts.Node;
}

export function moduleName(spec: string): string {
  return spec.startsWith('node:') ? spec.slice(5) : spec;
}

/** `require('x')` → 'x' (only a plain `require` call with one string literal). */
export function requireOf(node: ts.Node | undefined): string | null {
  if (!node || !ts.isCallExpression(node)) return null;
  if (!ts.isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return null;
  const a = node.arguments[0];
  return ts.isStringLiteralLike(a) ? a.text : null;
}

export class JsNames {
  readonly bindings = new Map<string, ModuleBinding>();
  /** every identifier the file declares (variables, parameters, functions, classes), by name */
  private readonly declared = new Map<string, ts.Node[]>();

  constructor(readonly sf: ts.SourceFile) {
    const visit = (node: ts.Node): void => {
      this.collect(node);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  private declare(name: ts.Node | undefined, decl: ts.Node): void {
    if (!name) return;
    if (ts.isIdentifier(name)) {
      const list = this.declared.get(name.text) ?? [];
      list.push(decl);
      this.declared.set(name.text, list);
    } else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const el of name.elements) if (ts.isBindingElement(el)) this.declare(el.name, decl);
    }
  }

  private collect(node: ts.Node): void {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const mod = moduleName(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (!clause) return;
      if (clause.name) this.bind(clause.name.text, { module: mod, name: '*', declaration: node }, node);
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) this.bind(nb.name.text, { module: mod, name: '*', declaration: node }, node);
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          const imported = (el.propertyName ?? el.name).text;
          this.bind(el.name.text, { module: mod, name: imported === 'default' ? '*' : imported, declaration: node }, node);
        }
      }
      return;
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) this.bind(node.name.text, { module: moduleName(e.text), name: '*', declaration: node }, node);
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      this.declare(node.name, node);
      const init = node.initializer && skipParens(node.initializer);
      if (!init) return;
      const req = requireOf(init);
      if (req !== null) {
        if (ts.isIdentifier(node.name)) this.bindings.set(node.name.text, { module: moduleName(req), name: '*', declaration: node });
        else if (ts.isObjectBindingPattern(node.name)) {
          for (const el of node.name.elements) {
            if (el.dotDotDotToken || !ts.isIdentifier(el.name)) continue;
            const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
            if (prop) this.bindings.set(el.name.text, { module: moduleName(req), name: prop, declaration: node });
          }
        }
        return;
      }
      // require('x').exec / cp.exec
      if (ts.isIdentifier(node.name) && ts.isPropertyAccessExpression(init)) {
        const base = skipParens(init.expression);
        const r = requireOf(base);
        if (r !== null) this.bindings.set(node.name.text, { module: moduleName(r), name: init.name.text, declaration: node });
        else if (ts.isIdentifier(base)) {
          const b = this.bindings.get(base.text);
          if (b && b.name === '*') this.bindings.set(node.name.text, { module: b.module, name: init.name.text, declaration: node });
        }
      } else if (ts.isIdentifier(node.name) && ts.isIdentifier(init)) {
        const b = this.bindings.get(init.text);
        if (b) this.bindings.set(node.name.text, { ...b, declaration: node });
      } else if (ts.isObjectBindingPattern(node.name) && ts.isIdentifier(init)) {
        const b = this.bindings.get(init.text);
        if (b && b.name === '*') {
          for (const el of node.name.elements) {
            if (el.dotDotDotToken || !ts.isIdentifier(el.name)) continue;
            const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
            if (prop) this.bindings.set(el.name.text, { module: b.module, name: prop, declaration: node });
          }
        }
      }
      return;
    }
    if (ts.isParameter(node)) this.declare(node.name, node);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) this.declare(node.name, node);
  }

  private bind(local: string, b: ModuleBinding, decl: ts.Node): void {
    this.bindings.set(local, b);
    const list = this.declared.get(local) ?? [];
    list.push(decl);
    this.declared.set(local, list);
  }

  /** The module binding an expression stands for: `cp`, `exec`, `cp.exec`, `require('cp').exec`. */
  resolve(expr: ts.Expression): ModuleBinding | null {
    const e = skipParens(expr);
    if (ts.isIdentifier(e)) {
      const b = this.bindings.get(e.text);
      return b && !this.isShadowedBinding(e, b) ? b : null;
    }
    if (ts.isPropertyAccessExpression(e) || (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))) {
      const base = skipParens(e.expression);
      const name = ts.isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
      const r = requireOf(base);
      if (r !== null) return { module: moduleName(r), name, declaration: base };
      const b = ts.isIdentifier(base) ? this.resolve(base) : null;
      if (b && b.name === '*') return { module: b.module, name, declaration: b.declaration };
    }
    return null;
  }

  /** A use of an imported name that a declaration in an enclosing function or block rebinds. */
  private isShadowedBinding(id: ts.Identifier, b: ModuleBinding): boolean {
    return (this.declared.get(id.text) ?? []).some((d) => d !== b.declaration && !isModuleLevel(d) && inScopeOf(d, id));
  }

  /** Whether `id` (a global such as eval, Function, Math, console) is rebound by a declaration whose scope holds it. */
  isShadowed(id: ts.Identifier): boolean {
    return (this.declared.get(id.text) ?? []).some((d) => inScopeOf(d, id));
  }

  isDeclared(name: string): boolean {
    return this.declared.has(name) || this.bindings.has(name);
  }
}

export function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function propName(n: ts.PropertyName): string | null {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n)) return n.text;
  return null;
}

function isModuleLevel(d: ts.Node): boolean {
  return scopeOf(d).kind === ts.SyntaxKind.SourceFile;
}

/**
 * The node whose extent a declaration covers: `var`, parameters and function
 * declarations are function-scoped (a function's name is seen by its whole
 * enclosing scope), `let`/`const`/`class` are block-scoped; a function
 * expression's own name is seen in its body.
 */
function scopeOf(d: ts.Node): ts.Node {
  if (ts.isParameter(d)) return d.parent;
  if (ts.isFunctionExpression(d) || ts.isClassExpression(d)) return d;
  let blockScoped = ts.isClassDeclaration(d);
  if (ts.isVariableDeclaration(d) && ts.isVariableDeclarationList(d.parent)) blockScoped = (d.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using)) !== 0;
  if (ts.isVariableDeclaration(d) && ts.isCatchClause(d.parent)) return d.parent;
  let n = d.parent;
  while (n && !ts.isSourceFile(n)) {
    if (ts.isFunctionLike(n) && !ts.isFunctionDeclaration(d)) return n;
    if (ts.isFunctionLike(n)) return n;
    if (blockScoped && (ts.isBlock(n) || ts.isForStatement(n) || ts.isForInStatement(n) || ts.isForOfStatement(n) || ts.isCaseBlock(n) || ts.isModuleBlock(n))) return n;
    if (ts.isFunctionDeclaration(d) && (ts.isBlock(n) || ts.isModuleBlock(n))) return n;
    n = n.parent;
  }
  return n ?? d.getSourceFile();
}

function inScopeOf(d: ts.Node, use: ts.Node): boolean {
  const scope = scopeOf(d);
  return use.pos >= scope.pos && use.end <= scope.end;
}
