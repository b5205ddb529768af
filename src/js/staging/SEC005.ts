import { ts } from 'ts-morph';
import { globalMember } from '../calls';
import { addNamedImport, finishFix, moduleKind, morphOf, sameNode } from '../edit';
import { skipParens } from '../names';
import type { FixResult } from '../../core/finding';
import type { JsContext, JsHandlers, JsRule } from '../rule';

const NODE_BUILTINS = new Set(require('module').builtinModules as string[]);

/** Whether the file uses a Node builtin (so `node:crypto` is there to import). */
function runsInNode(ctx: JsContext): boolean {
  for (const b of ctx.names.bindings.values()) if (NODE_BUILTINS.has(b.module)) return true;
  return false;
}

const UNIFORM = 'crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32';

function buildFix(ctx: JsContext, call: ts.CallExpression): FixResult {
  const parent = call.parent;
  // Math.floor(Math.random() * N), N a positive integer literal -> randomInt(N)
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const other = parent.left === call ? parent.right : parent.left;
    const outer = parent.parent;
    if (ts.isCallExpression(outer) && outer.arguments.length === 1 && outer.arguments[0] === parent && globalMember(outer.expression, 'Math', ctx.names) === 'floor') {
      const n = skipParens(other);
      if (!ts.isNumericLiteral(n) || !/^[1-9][0-9]*$/.test(n.text) || Number(n.text) > 2 ** 48 - 1) return { declined: 'the range is not a positive integer literal (randomInt needs one; an empty range would throw)' };
      if (!runsInNode(ctx)) return { declined: 'cannot tell that this file runs in Node (randomInt comes from node:crypto)' };
      const kind = moduleKind(ctx.file);
      if (kind === 'unknown') return { declined: 'cannot tell whether this file is an ES module or CommonJS to import randomInt' };
      if (ctx.names.isDeclared('randomInt') && ctx.names.bindings.get('randomInt')?.module !== 'crypto') return { declined: "'randomInt' is already bound in this file" };
      const morph = morphOf(ctx.file);
      const m = sameNode(morph, outer);
      if (!m) return { declined: 'internal: the call was not found in the ts-morph copy' };
      m.replaceWithText(`randomInt(${n.text})`);
      if (!ctx.names.bindings.has('randomInt')) addNamedImport(morph, kind, 'node:crypto', 'randomInt');
      return finishFix(ctx.file, morph.getFullText(), 'unsafe', `Math.floor(Math.random() * ${n.text}) -> randomInt(${n.text}) from node:crypto`);
    }
  }
  // Math.random() < p (a coin flip) -> a uniform value from crypto.getRandomValues (Node >= 19 and browsers)
  if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken].includes(parent.operatorToken.kind)) {
    if (ctx.names.isDeclared('crypto')) return { declined: "'crypto' is bound in this file; cannot tell it is the Web Crypto global" };
    const morph = morphOf(ctx.file);
    const m = sameNode(morph, call);
    if (!m) return { declined: 'internal: the call was not found in the ts-morph copy' };
    m.replaceWithText(`(${UNIFORM})`);
    return finishFix(ctx.file, morph.getFullText(), 'unsafe', `Math.random() -> ${UNIFORM}`);
  }
  return { declined: 'the use of the value is not one the fix knows (Math.floor(Math.random() * N) or a comparison)' };
}

/**
 * SEC005 for JS/TS: `Math.random()` (low): not a cryptographic generator.
 * Unsafe fix where the use is clear: `Math.floor(Math.random() * N)` with an
 * integer literal N in a Node file -> `randomInt(N)` (imported from
 * `node:crypto`); `Math.random() < p` -> `crypto.getRandomValues(…)[0] / 2 ** 32 < p`
 * (the Web Crypto global, in Node 19+ and browsers). Else declined.
 */
export const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('random')) return {};
    return {
      CallExpression(node) {
        const call = node as ts.CallExpression;
        if (call.arguments.length || globalMember(call.expression, 'Math', ctx.names) !== 'random') return;
        ctx.report({ node, message: 'Math.random() is not a cryptographic generator; use crypto.randomInt / crypto.getRandomValues for tokens, ids and keys', fix: () => buildFix(ctx, call) });
      },
    };
  },
};
