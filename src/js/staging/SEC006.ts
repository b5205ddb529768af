import { ts } from 'ts-morph';
// the name rules and token shapes are the Python rule's (exported there); the second stage moves them to a shared module
import { isSecretName, TOKEN_SHAPES } from '../../rules/security/SEC006-hardcoded-secret';
import { stringValue } from '../calls';
import { skipParens } from '../names';
import type { JsHandlers, JsRule } from '../rule';

/** The name a target stands for: `x`, `obj.x`, `obj['x']`, a property key `x:` / `'x':`. */
function targetName(n: ts.Node | undefined): string | null {
  if (!n) return null;
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) return n.name.text;
  if (ts.isElementAccessExpression(n)) return stringValue(n.argumentExpression);
  return null;
}

/**
 * SEC006 for JS/TS, the Python rule's name rules and token shapes: a non-empty
 * string literal (or template without substitutions) assigned to, initialising,
 * defaulting or compared with a name whose parts mark a secret (`const apiKey =
 * "…"`, `this.password = "…"`, `{ token: "…" }`, `function f(pwd = "…")`,
 * `if (secret === "…")`), and any string literal with a known credential shape.
 * No fix yet (the Python fix reads the environment; the JS one would read
 * `process.env`, left for the second stage).
 */
export const js: JsRule = {
  create(ctx): JsHandlers {
    const reported = new Set<ts.Node>();
    const report = (lit: ts.Node, why: string): void => {
      if (reported.has(lit)) return;
      reported.add(lit);
      ctx.report({ node: lit, message: why });
    };
    const byName = (name: string | null, value: ts.Expression | undefined): void => {
      if (!name || !value || !isSecretName(name)) return;
      const v = skipParens(value);
      const s = stringValue(v);
      if (s) report(v, `hardcoded secret for '${name}'; read it from the environment (process.env) or a secret store`);
    };
    const shapes = (node: ts.Node): void => {
      const s = (node as ts.StringLiteral).text;
      for (const shape of TOKEN_SHAPES) if (shape.re.test(s)) return report(node, `string literal looks like ${shape.name}; read it from the environment or a secret store`);
    };
    return {
      VariableDeclaration(n) {
        const d = n as ts.VariableDeclaration;
        if (ts.isIdentifier(d.name)) byName(d.name.text, d.initializer);
      },
      PropertyAssignment(n) {
        const p = n as ts.PropertyAssignment;
        byName(targetName(p.name), p.initializer);
      },
      PropertyDeclaration(n) {
        const p = n as ts.PropertyDeclaration;
        byName(targetName(p.name), p.initializer);
      },
      Parameter(n) {
        const p = n as ts.ParameterDeclaration;
        if (ts.isIdentifier(p.name)) byName(p.name.text, p.initializer);
      },
      BindingElement(n) {
        const b = n as ts.BindingElement;
        if (ts.isIdentifier(b.name)) byName(b.name.text, b.initializer);
      },
      BinaryExpression(n) {
        const b = n as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === ts.SyntaxKind.EqualsToken) byName(targetName(skipParens(b.left)), b.right);
        else if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) {
          byName(targetName(skipParens(b.left)), b.right);
          byName(targetName(skipParens(b.right)), b.left);
        }
      },
      StringLiteral: shapes,
      NoSubstitutionTemplateLiteral: shapes,
    };
  },
};
