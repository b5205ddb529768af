import { ts } from 'ts-morph';
import { childProcessFunction, isFalsyLiteral, shellOption } from '../calls';
import type { JsHandlers, JsRule } from '../rule';

const SPAWNERS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);

/**
 * SEC003 for JS/TS: `child_process.spawn/spawnSync/execFile/execFileSync/fork`
 * with an object-literal option `shell:` that is `true`, a non-empty string
 * (a shell's path) or anything that is not a falsy literal. Options passed in
 * a variable are not followed. No fix.
 */
export const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('child_process') || !ctx.file.text.includes('shell')) return {};
    return {
      CallExpression(node) {
        const call = node as ts.CallExpression;
        const fn = childProcessFunction(call, ctx.names);
        if (!fn || !SPAWNERS.has(fn)) return;
        const p = shellOption(call);
        if (!p) return;
        const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
        if (isFalsyLiteral(value)) return;
        const lit = value.kind === ts.SyntaxKind.TrueKeyword || ts.isStringLiteralLike(value);
        ctx.report({
          node,
          message: lit ? `${fn}() with shell: ${ctx.file.nodeText(value)} runs the command through a shell; pass an argv array without shell` : `${fn}() with a shell option that may be true; pass an argv array without shell`,
          severity: lit ? undefined : 'medium',
        });
      },
    };
  },
};
