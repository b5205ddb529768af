import { ts } from 'ts-morph';
import { globalCallee, isStringish } from '../calls';
import type { JsHandlers, JsRule } from '../rule';

const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'execScript']);

/**
 * SEC001 for JS/TS: `eval(…)` (also `globalThis.eval`, `window.eval`, `(eval)(…)`),
 * `new Function(…)` / `Function(…)`, and `setTimeout`/`setInterval`/`setImmediate`
 * with a string (a literal, a template, or a `+` with one) as the code. Not a
 * shadowed local `eval`/`Function`, not `obj.eval()`. No fix.
 */
export const js: JsRule = {
  create(ctx): JsHandlers {
    const t = ctx.file.text;
    if (!/\beval\b|\bFunction\b|\bset(?:Timeout|Interval|Immediate)\b|\bexecScript\b/.test(t)) return {};
    const check = (node: ts.Node): void => {
      const call = node as ts.CallExpression | ts.NewExpression;
      const name = globalCallee(call.expression, ctx.names);
      if (!name) return;
      if (name === 'eval' && ts.isCallExpression(call)) ctx.report({ node, message: 'eval() runs a string as code; parse the data (JSON.parse) or dispatch on it instead' });
      else if (name === 'Function') ctx.report({ node, message: `${ts.isNewExpression(call) ? 'new ' : ''}Function() compiles a string into code; write the function instead` });
      else if (TIMERS.has(name) && ts.isCallExpression(call) && call.arguments[0] && isStringish(call.arguments[0]))
        ctx.report({ node, message: `${name}() with a string evaluates it as code; pass a function` });
    };
    return { CallExpression: check, NewExpression: check };
  },
};
