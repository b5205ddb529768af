import type { ts } from 'ts-morph';
import { tsv } from './ts';
import { skipParens, type JsNames } from './names';

/** Hosts of the globals: `globalThis.eval`, `window.setTimeout`. */
const GLOBAL_HOSTS = new Set(['globalThis', 'window', 'global', 'self']);

/**
 * The global a callee names, when it is not rebound: `eval`, `(eval)`,
 * `globalThis.eval`, `window.setTimeout`. `obj.eval` and a shadowed local
 * `eval` are not the global.
 */
export function globalCallee(callee: ts.Expression, names: JsNames): string | null {
  const e = skipParens(callee);
  // `(0, eval)(…)`: an indirect call of the same global
  if (tsv().isBinaryExpression(e) && e.operatorToken.kind === tsv().SyntaxKind.CommaToken) return globalCallee(e.right, names);
  if (tsv().isIdentifier(e)) return names.isShadowed(e) ? null : e.text;
  if (tsv().isPropertyAccessExpression(e) && tsv().isIdentifier(e.expression) && GLOBAL_HOSTS.has(e.expression.text) && !names.isShadowed(e.expression)) return e.name.text;
  return null;
}

/** `Math.random`, `console.log`: a member of an unshadowed global object. */
export function globalMember(callee: ts.Expression, object: string, names: JsNames): string | null {
  const e = skipParens(callee);
  if (!tsv().isPropertyAccessExpression(e)) return null;
  let base = skipParens(e.expression);
  if (tsv().isPropertyAccessExpression(base) && tsv().isIdentifier(base.expression) && GLOBAL_HOSTS.has(base.expression.text)) base = base.name;
  if (!tsv().isIdentifier(base) || base.text !== object) return null;
  if (base.parent && tsv().isPropertyAccessExpression(base.parent) && base.parent.name === base) return e.name.text; // window.console
  return names.isShadowed(base) ? null : e.name.text;
}

/** A string-valued expression: a literal, a template, or a `+` with one. */
export function isStringish(e: ts.Expression): boolean {
  e = skipParens(e);
  if (tsv().isStringLiteralLike(e) || tsv().isTemplateExpression(e)) return true;
  if (tsv().isBinaryExpression(e) && e.operatorToken.kind === tsv().SyntaxKind.PlusToken) return isStringish(e.left) || isStringish(e.right);
  return false;
}

/** The text of a string literal or a template without substitutions. */
export function stringValue(e: ts.Expression | undefined): string | null {
  if (!e) return null;
  e = skipParens(e);
  return tsv().isStringLiteral(e) || tsv().isNoSubstitutionTemplateLiteral(e) ? e.text : null;
}

export const CHILD_PROCESS = 'child_process';

/** The child_process function a call's callee resolves to, through imports, require, destructuring and aliases. */
export function childProcessFunction(call: ts.CallExpression, names: JsNames): string | null {
  const b = names.resolve(call.expression);
  return b && b.module === CHILD_PROCESS && b.name !== '*' ? b.name : null;
}

/** The `shell` property of an object-literal options argument, if any. */
export function shellOption(call: ts.CallExpression): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | null {
  for (const a of call.arguments) {
    const o = skipParens(a);
    if (!tsv().isObjectLiteralExpression(o)) continue;
    for (const p of o.properties) {
      if ((tsv().isPropertyAssignment(p) || tsv().isShorthandPropertyAssignment(p)) && p.name && (tsv().isIdentifier(p.name) || tsv().isStringLiteral(p.name)) && p.name.text === 'shell') return p;
    }
  }
  return null;
}

/** Whether a `shell:` value cannot turn a shell on: `false`, `undefined`, `null`, `0`, `''`. */
export function isFalsyLiteral(e: ts.Expression): boolean {
  e = skipParens(e);
  if (e.kind === tsv().SyntaxKind.FalseKeyword || e.kind === tsv().SyntaxKind.NullKeyword) return true;
  if (tsv().isIdentifier(e) && e.text === 'undefined') return true;
  if (tsv().isNumericLiteral(e) && Number(e.text) === 0) return true;
  if (tsv().isStringLiteralLike(e) && e.text === '') return true;
  if (tsv().isVoidExpression(e)) return true;
  return false;
}

/** The nearest exported-ness of a declaration: `export`, `export default`. */
export function isExported(node: ts.Node): boolean {
  return tsv().canHaveModifiers(node) && !!tsv().getModifiers(node)?.some((m) => m.kind === tsv().SyntaxKind.ExportKeyword);
}

/** Whether a node carries a JSDoc comment (`/** … *\/`) of its own. */
export function hasJsDoc(node: ts.Node): boolean {
  const docs = (node as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc;
  return !!docs && docs.length > 0;
}
