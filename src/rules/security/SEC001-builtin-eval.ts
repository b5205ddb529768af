import { literalEvalFix } from '../../fix/codemods/security';
import type { Rule } from '../types';
import { calleeName } from './_calls';

const EVAL = new Set(['eval']);

export const rule: Rule = {
  code: 'SEC001',
  name: 'builtin-eval',
  upgrade: 'U02',
  severity: 'high',
  cwe: 95,
  nosec: ['B307'],
  summary: 'Call of the builtin eval()',
  fixable: 'unsafe',
  nodeTypes: ['call'],
  // the name must appear in the text, even when imported under an alias
  nodeTypesFor: (file) => (/\beval\b/.test(file.text) ? ['call'] : []),
  docs: `## What it does
Flags calls of the builtin \`eval\`, also when reached as \`builtins.eval\`. Methods
called \`eval\` (\`model.eval()\`) and functions of your own named \`eval\` are not flagged.

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
  visit(node, ctx) {
    if (calleeName(node, ctx, EVAL) === 'builtins.eval') {
      const fix = literalEvalFix(node, ctx);
      ctx.report({ node, message: 'eval() runs arbitrary code; use ast.literal_eval() for literals', fix: typeof fix === 'string' ? null : fix });
    }
  },
};
