import type { ts } from 'ts-morph';
import { tsv } from './ts';

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
  if (!node || !tsv().isCallExpression(node)) return null;
  if (!tsv().isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return null;
  const a = node.arguments[0];
  return tsv().isStringLiteralLike(a) ? a.text : null;
}

export class JsNames {
  readonly bindings = new Map<string, ModuleBinding>();
  /** every identifier the file declares (variables, parameters, functions, classes), by name */
  private readonly declared = new Map<string, ts.Node[]>();

  constructor(readonly sf: ts.SourceFile) {
    const visit = (node: ts.Node): void => {
      this.collect(node);
      tsv().forEachChild(node, visit);
    };
    visit(sf);
  }

  private declare(name: ts.Node | undefined, decl: ts.Node): void {
    if (!name) return;
    if (tsv().isIdentifier(name)) {
      const list = this.declared.get(name.text) ?? [];
      list.push(decl);
      this.declared.set(name.text, list);
    } else if (tsv().isObjectBindingPattern(name) || tsv().isArrayBindingPattern(name)) {
      for (const el of name.elements) if (tsv().isBindingElement(el)) this.declare(el.name, decl);
    }
  }

  private collect(node: ts.Node): void {
    if (tsv().isImportDeclaration(node) && tsv().isStringLiteral(node.moduleSpecifier)) {
      const mod = moduleName(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (!clause) return;
      if (clause.name) this.bind(clause.name.text, { module: mod, name: '*', declaration: node }, node);
      const nb = clause.namedBindings;
      if (nb && tsv().isNamespaceImport(nb)) this.bind(nb.name.text, { module: mod, name: '*', declaration: node }, node);
      if (nb && tsv().isNamedImports(nb)) {
        for (const el of nb.elements) {
          const imported = (el.propertyName ?? el.name).text;
          this.bind(el.name.text, { module: mod, name: imported === 'default' ? '*' : imported, declaration: node }, node);
        }
      }
      return;
    }
    if (tsv().isImportEqualsDeclaration(node) && tsv().isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (tsv().isStringLiteral(e)) this.bind(node.name.text, { module: moduleName(e.text), name: '*', declaration: node }, node);
      return;
    }
    if (tsv().isVariableDeclaration(node)) {
      this.declare(node.name, node);
      const init = node.initializer && skipParens(node.initializer);
      if (!init) return;
      const req = requireOf(init);
      if (req !== null) {
        if (tsv().isIdentifier(node.name)) this.bindings.set(node.name.text, { module: moduleName(req), name: '*', declaration: node });
        else if (tsv().isObjectBindingPattern(node.name)) {
          for (const el of node.name.elements) {
            if (el.dotDotDotToken || !tsv().isIdentifier(el.name)) continue;
            const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
            if (prop) this.bindings.set(el.name.text, { module: moduleName(req), name: prop, declaration: node });
          }
        }
        return;
      }
      // require('x').exec / cp.exec
      if (tsv().isIdentifier(node.name) && tsv().isPropertyAccessExpression(init)) {
        const base = skipParens(init.expression);
        const r = requireOf(base);
        if (r !== null) this.bindings.set(node.name.text, { module: moduleName(r), name: init.name.text, declaration: node });
        else if (tsv().isIdentifier(base)) {
          const b = this.bindings.get(base.text);
          if (b && b.name === '*') this.bindings.set(node.name.text, { module: b.module, name: init.name.text, declaration: node });
        }
      } else if (tsv().isIdentifier(node.name) && tsv().isIdentifier(init)) {
        const b = this.bindings.get(init.text);
        if (b) this.bindings.set(node.name.text, { ...b, declaration: node });
      } else if (tsv().isObjectBindingPattern(node.name) && tsv().isIdentifier(init)) {
        const b = this.bindings.get(init.text);
        if (b && b.name === '*') {
          for (const el of node.name.elements) {
            if (el.dotDotDotToken || !tsv().isIdentifier(el.name)) continue;
            const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
            if (prop) this.bindings.set(el.name.text, { module: b.module, name: prop, declaration: node });
          }
        }
      }
      return;
    }
    if (tsv().isParameter(node)) this.declare(node.name, node);
    else if ((tsv().isFunctionDeclaration(node) || tsv().isClassDeclaration(node) || tsv().isFunctionExpression(node) || tsv().isClassExpression(node)) && node.name) this.declare(node.name, node);
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
    if (tsv().isIdentifier(e)) {
      const b = this.bindings.get(e.text);
      return b && !this.isShadowedBinding(e, b) ? b : null;
    }
    if (tsv().isPropertyAccessExpression(e) || (tsv().isElementAccessExpression(e) && tsv().isStringLiteralLike(e.argumentExpression))) {
      const base = skipParens(e.expression);
      const name = tsv().isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
      const r = requireOf(base);
      if (r !== null) return { module: moduleName(r), name, declaration: base };
      const b = tsv().isIdentifier(base) ? this.resolve(base) : null;
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
  while (tsv().isParenthesizedExpression(e) || tsv().isAsExpression(e) || tsv().isNonNullExpression(e) || tsv().isSatisfiesExpression(e) || tsv().isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function propName(n: ts.PropertyName): string | null {
  if (tsv().isIdentifier(n) || tsv().isStringLiteral(n)) return n.text;
  return null;
}

function isModuleLevel(d: ts.Node): boolean {
  return scopeOf(d).kind === tsv().SyntaxKind.SourceFile;
}

/**
 * The node whose extent a declaration covers: `var`, parameters and function
 * declarations are function-scoped (a function's name is seen by its whole
 * enclosing scope), `let`/`const`/`class` are block-scoped; a function
 * expression's own name is seen in its body.
 */
function scopeOf(d: ts.Node): ts.Node {
  if (tsv().isParameter(d)) return d.parent;
  if (tsv().isFunctionExpression(d) || tsv().isClassExpression(d)) return d;
  let blockScoped = tsv().isClassDeclaration(d);
  if (tsv().isVariableDeclaration(d) && tsv().isVariableDeclarationList(d.parent)) blockScoped = (d.parent.flags & (tsv().NodeFlags.Let | tsv().NodeFlags.Const | tsv().NodeFlags.Using)) !== 0;
  if (tsv().isVariableDeclaration(d) && tsv().isCatchClause(d.parent)) return d.parent;
  let n = d.parent;
  while (n && !tsv().isSourceFile(n)) {
    if (tsv().isFunctionLike(n) && !tsv().isFunctionDeclaration(d)) return n;
    if (tsv().isFunctionLike(n)) return n;
    if (blockScoped && (tsv().isBlock(n) || tsv().isForStatement(n) || tsv().isForInStatement(n) || tsv().isForOfStatement(n) || tsv().isCaseBlock(n) || tsv().isModuleBlock(n))) return n;
    if (tsv().isFunctionDeclaration(d) && (tsv().isBlock(n) || tsv().isModuleBlock(n))) return n;
    n = n.parent;
  }
  return n ?? d.getSourceFile();
}

function inScopeOf(d: ts.Node, use: ts.Node): boolean {
  const scope = scopeOf(d);
  return use.pos >= scope.pos && use.end <= scope.end;
}
