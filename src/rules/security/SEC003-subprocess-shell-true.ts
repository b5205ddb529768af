import { shellFalseFix } from '../../fix/codemods/security';
import { literalTruthiness } from '../../python/literals';
import type { Rule } from '../types';
import { keywordArg } from '../../python/calls';
import { calleeName } from './_calls';

export const rule: Rule = {
  code: 'SEC003',
  name: 'subprocess-shell-true',
  upgrade: 'U02',
  severity: 'high',
  cwe: 78,
  nosec: ['B602', 'B604'],
  summary: 'Call with shell=True (or a shell= value that may be true)',
  fixable: 'unsafe',
  nodeTypes: ['call'],
  // the name must appear in the text, even when imported under an alias
  nodeTypesFor: (file) => (/\bshell\b/.test(file.text) ? ['call'] : []),
  docs: `## What it does
Flags any call with a \`shell=\` keyword whose value is truthy or not a literal:
\`shell=True\`, \`shell=1\`, \`shell="False"\` (a non-empty string is true),
\`shell=[True]\`, \`shell=flag\`. \`shell=False\`, \`0\`, \`None\`, \`[]\`, \`{}\` and \`""\` are
fine. The callee does not matter, so aliases (\`from subprocess import Popen as
pop\`) and wrappers that pass \`shell\` through are covered. Text in comments and
strings is never counted.

## Why is this bad?
With a shell, the command string is parsed by \`/bin/sh\`: any untrusted part can
add commands with \`;\`, \`|\`, \`$(...)\` or backticks (CWE-78, OS command injection).

## Example
\`\`\`python
subprocess.run(f"git log {branch}", shell=True)
\`\`\`

## Use instead
\`\`\`python
subprocess.run(["git", "log", branch])
\`\`\`

## Fix safety
Unsafe: \`fix --unsafe-fixes\` drops \`shell=True\` and passes an argv list (a literal
is split as \`shlex.split\` would; any other expression becomes \`shlex.split(expr)\`).
It refuses literals that need a shell: pipes, redirects, globs, \`$\`, \`;\`, \`&&\`,
backticks, \`~\`.

## References
- bandit B602, B604; CWE-78`,
  visit(node, ctx) {
    const kw = keywordArg(node, 'shell');
    const value = kw?.childForFieldName('value');
    if (!kw || !value) return;
    const truth = literalTruthiness(value);
    if (truth === false) return;
    const message =
      truth === true
        ? `call with ${kw.text} runs the command through a shell (command injection risk)`
        : `call with ${kw.text}: shell may be enabled at run time (command injection risk)`;
    const fix = truth === true ? shellFalseFix(node, kw, ctx, calleeName(node, ctx)) : null;
    ctx.report({ node, message: typeof fix === 'string' ? `${message} (no automatic fix: ${fix})` : message, fix: typeof fix === 'string' ? null : fix });
  },
};
