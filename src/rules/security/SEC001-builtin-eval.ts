import type { FixResult } from '../../core/finding';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { calleeName } from './_calls';
import { callArguments, needModule } from './_fix';
import type { ts } from 'ts-morph';
import { tsv } from '../../lang/js/ts';
import { globalCallee, isStringish } from '../../lang/js/calls';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

const EVAL = new Set(['eval']);

/** `eval(x)` -> `ast.literal_eval(x)`; eval with globals/locals has no literal_eval equivalent. */
function literalEvalFix(call: Node, ctx: PythonContext): FixResult {
  const { args, keywords, splat } = callArguments(call);
  if (args.length !== 1 || keywords.length || splat) return { declined: 'eval() with globals/locals has no literal_eval equivalent' };
  const imp = needModule(ctx, 'ast', call);
  if (!Array.isArray(imp)) return imp;
  const fn = call.childForFieldName('function')!;
  return {
    safety: 'unsafe',
    description: 'use ast.literal_eval(), which accepts only literals',
    edits: [...imp, { start: fn.startIndex, end: fn.endIndex, text: 'ast.literal_eval' }],
  };
}

const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'execScript']);

/**
 * SEC001 for JS/TS: `eval(…)` (also `globalThis.eval`, `window.eval`, `(eval)(…)`),
 * `new Function(…)` / `Function(…)`, and `setTimeout`/`setInterval`/`setImmediate`
 * with a string (a literal, a template, or a `+` with one) as the code. Not a
 * shadowed local `eval`/`Function`, not `obj.eval()`. No fix.
 */
const js: JsRule = {
  create(ctx): JsHandlers {
    const t = ctx.file.text;
    if (!/\beval\b|\bFunction\b|\bset(?:Timeout|Interval|Immediate)\b|\bexecScript\b/.test(t)) return {};
    const check = (node: ts.Node): void => {
      const call = node as ts.CallExpression | ts.NewExpression;
      const name = globalCallee(call.expression, ctx.names);
      if (!name) return;
      if (name === 'eval' && tsv().isCallExpression(call)) ctx.report({ node, message: 'eval() runs a string as code; parse the data (JSON.parse) or dispatch on it instead' });
      else if (name === 'Function') ctx.report({ node, message: `${tsv().isNewExpression(call) ? 'new ' : ''}Function() compiles a string into code; write the function instead` });
      else if (TIMERS.has(name) && tsv().isCallExpression(call) && call.arguments[0] && isStringish(call.arguments[0]))
        ctx.report({ node, message: `${name}() with a string evaluates it as code; pass a function` });
    };
    return { CallExpression: check, NewExpression: check };
  },
};

export const rule: PythonRuleDef = {
  code: 'SEC001',
  security: true,
  aliases: ['S307'],
  followUp: 'Check that every input reaching `ast.literal_eval` is a literal; real expressions now raise `ValueError`.',
  name: 'builtin-eval',
  upgrade: 'U02',
  severity: 'high',
  cwe: 95,
  nosec: ['B307'],
  summary: 'Call of the builtin eval()',
  fixable: 'unsafe',
  docs: `## What it does
Flags calls of the builtin \`eval\`, also when reached as \`builtins.eval\`. Methods
called \`eval\` (\`model.eval()\`) and functions of your own named \`eval\` are not flagged.

**JavaScript and TypeScript:** flags \`eval(…)\` (also \`(0, eval)(…)\` and \`globalThis\`/\`window\`/\`global\`/\`self.eval\`), \`new Function(…)\`/\`Function(…)\`, and \`setTimeout\`/\`setInterval\`/\`setImmediate\`/\`execScript\` given a string, template or \`+\` with one as the code. A local \`eval\` or \`Function\` (a parameter, variable, function or class in scope) and methods such as \`obj.eval()\` are not flagged. No fix in JS/TS.

## Why is this bad?
\`eval\` runs any Python expression it is given. When any part of the string comes
from outside (a file, a request, a model's output), that is arbitrary code
execution (CWE-95).

## Example
\`\`\`python
settings = eval(open("settings.txt").read())
\`\`\`

## Use instead
\`\`\`python
import ast
settings = ast.literal_eval(open("settings.txt").read())
\`\`\`
\`ast.literal_eval\` accepts only literals (strings, numbers, tuples, lists, dicts,
sets, booleans, None). Where real expressions are needed, parse them with a
grammar of your own.

## Fix safety
Unsafe: \`fix --unsafe-fixes\` rewrites \`eval(x)\` to \`ast.literal_eval(x)\`, which
rejects input that \`eval\` accepted (names, calls, arithmetic on non-literals).

## References
- bandit B307, CWE-95`,
  python: {
    create(ctx): PythonHandlers {
      // the name must appear in the text, even when imported under an alias
      if (!/\beval\b/.test(ctx.file.text)) return {};
      return {
        call(node) {
          if (calleeName(node, ctx, EVAL) === 'builtins.eval') {
            ctx.report({ node, message: 'eval() runs arbitrary code; use ast.literal_eval() for literals', fix: () => literalEvalFix(node, ctx) });
          }
        },
      };
    },
  },
  js,
};
