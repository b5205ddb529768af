import { ts } from 'ts-morph';
import { isExported } from '../calls';
import { finishFix, morphOf, sameNode } from '../edit';
import { skipParens } from '../names';
import { exportedDeclarations } from './_docs';
import type { FixResult } from '../../core/finding';
import type { JsContext, JsHandlers, JsRule } from '../rule';

/** A `return <value>` in the function's own body (nested functions and classes are not its own). */
export function returnsValue(body: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isReturnStatement(n) && n.expression) found = true;
    else if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** The function a higher-order function directly returns (`() => () => 1`, `function f() { return () => 1 }`). */
function returnedFunction(fn: ts.FunctionLikeDeclaration): ts.ArrowFunction | ts.FunctionExpression | null {
  const body = fn.body;
  let e: ts.Expression | undefined;
  if (body && ts.isArrowFunction(fn) && !ts.isBlock(body)) e = body as ts.Expression;
  else if (body && ts.isBlock(body) && body.statements.length === 1) {
    const st = body.statements[0];
    if (ts.isReturnStatement(st) && st.expression) e = st.expression;
  }
  if (!e) return null;
  e = skipParens(e);
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : null;
}

/** typescript-eslint's defaults: no body, or an arrow returning `x as const` (a higher-order function is judged by what it returns). */
function exempt(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body) return true;
  return ts.isArrowFunction(fn) && ts.isAsExpression(body) && ts.isTypeReferenceNode(body.type) && body.type.typeName.getText() === 'const';
}

function buildFix(ctx: JsContext, fn: ts.FunctionLikeDeclaration): FixResult {
  if (!fn.body || !ts.isBlock(fn.body)) return { declined: 'the function returns its expression; its type is not void' };
  if (fn.asteriskToken) return { declined: 'a generator returns an iterator, not void' };
  if (ts.isGetAccessor(fn)) return { declined: 'a getter cannot return void' };
  if (returnsValue(fn.body)) return { declined: 'the function returns a value; write its type by hand' };
  const isAsync = !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  const type = isAsync ? 'Promise<void>' : 'void';
  const morph = morphOf(ctx.file);
  const m = sameNode(morph, fn);
  if (!m) return { declined: 'internal: the function was not found in the ts-morph copy' };
  (m as unknown as { setReturnType(t: string): void }).setReturnType(type);
  return finishFix(ctx.file, morph.getFullText(), 'safe', `add ': ${type}' (the function returns no value)`);
}

function hasOverloads(fn: ts.FunctionLikeDeclaration): boolean {
  if (ts.isFunctionDeclaration(fn) && fn.name) {
    const name = fn.name.text;
    return (ts.isSourceFile(fn.parent) || ts.isModuleBlock(fn.parent) ? fn.parent.statements.some((s) => s !== fn && ts.isFunctionDeclaration(s) && s.name?.text === name && !s.body) : false);
  }
  if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
    const name = fn.name.getText();
    return fn.parent.members.some((m) => m !== fn && ts.isMethodDeclaration(m) && m.name.getText() === name && !m.body);
  }
  return false;
}

/**
 * TYP004 for TypeScript files only: an exported function (declaration, `export
 * const f = () => …` without a type on the variable, `export default`) or a
 * public method / getter of an exported class without a return type, as
 * typescript-eslint's explicit-module-boundary-types reports it with its
 * defaults (a higher-order function is judged by the function it returns;
 * `as const` arrows exempt; parameters are not checked here). Safe fix: `: void` (`: Promise<void>` when async)
 * where the body has no `return` with a value; overloaded ones are declined.
 */
export const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.isTypeScript || !ctx.file.text.includes('export')) return {};
    const check = (fn: ts.FunctionLikeDeclaration, node: ts.Node, name: string): void => {
      if (fn.type || exempt(fn)) return;
      // allowHigherOrderFunctions: the outer function needs no type when it returns a function; the returned one does
      const inner = returnedFunction(fn);
      if (inner) return check(inner, inner, `${name}'s returned function`);
      ctx.report({ node, message: `exported ${ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) ? 'method' : 'function'} '${name}' has no return type`, fix: () => (hasOverloads(fn) ? { declined: 'the function is overloaded; its implementation signature is not the public one' } : buildFix(ctx, fn)) });
    };
    for (const e of exportedDeclarations(ctx.file.sourceFile)) {
      if (e.kind === 'function' && e.fn) {
        if (ts.isVariableStatement(e.node) && e.node.declarationList.declarations.some((d) => d.type && d.initializer === e.fn)) continue;
        check(e.fn, e.fn, e.name);
      }
    }
    for (const st of ctx.file.sourceFile.statements) {
      if (!ts.isClassDeclaration(st) || !isExported(st)) continue;
      for (const m of st.members) {
        if (!(ts.isMethodDeclaration(m) || ts.isGetAccessor(m)) || !m.body) continue;
        if (ts.isPrivateIdentifier(m.name) || ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)) continue;
        check(m, m, m.name.getText(ctx.file.sourceFile));
      }
    }
    return {};
  },
};
