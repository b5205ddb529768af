import type { PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { calleeName } from './_calls';

const EXEC = new Set(['exec']);

export const rule: PythonRuleDef = {
  code: 'SEC002',
  security: true,
  aliases: ['S102'],
  name: 'builtin-exec',
  upgrade: 'U02',
  severity: 'high',
  cwe: 95,
  nosec: ['B102'],
  summary: 'Call of the builtin exec()',
  fixable: 'never',
  docs: `## What it does
Flags calls of the builtin \`exec\` (also as \`builtins.exec\`). Methods named
\`exec\` (\`cursor.exec(...)\`, \`QDialog.exec()\`) and local functions are not flagged.

## Why is this bad?
\`exec\` runs arbitrary statements. Fed anything that is not fully under your
control, it is code injection (CWE-95), and it hides code from every tool that
reads source.

## Example
\`\`\`python
exec(f"result = {user_formula}")
\`\`\`

## Use instead
A table of allowed operations, \`importlib\` for plugins, or \`ast.literal_eval\` for data.

## Fix safety
No automatic fix: what replaces \`exec\` depends on what it was for.

## References
- bandit B102, CWE-95`,
  python: {
    create(ctx): PythonHandlers {
      // the name must appear in the text, even when imported under an alias
      if (!/\bexec\b/.test(ctx.file.text)) return {};
      return {
        call(node) {
          if (calleeName(node, ctx, EXEC) === 'builtins.exec') ctx.report({ node, message: 'exec() runs arbitrary code' });
        },
      };
    },
  },
};
