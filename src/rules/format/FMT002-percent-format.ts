import { literalParts, percentEdits } from '../../fix/codemods/format';
import type { Rule } from '../types';
import { isPlainStr } from './_strings';

export const rule: Rule = {
  code: 'FMT002',
  name: 'percent-format',
  upgrade: 'U19',
  severity: 'low',
  summary: 'printf-style % formatting of a string literal',
  fixable: 'sometimes',
  nodeTypes: ['binary_operator'],
  // the left operand is a literal: a quote (or a closing parenthesis) comes right before the %
  nodeTypesFor: (file) => (/['")]\s*%/.test(file.text) ? ['binary_operator'] : []),
  docs: `## What it does
Flags the \`%\` operator with a string literal (also implicitly concatenated or
parenthesised) on its left: \`"%s items" % n\`. Logging calls that pass their
arguments lazily (\`log.info("%s", x)\`) use no \`%\` operator and are never
flagged, nor is \`%\` on a variable or on bytes.

## Why is this bad?
printf-style formatting has surprising corners (a tuple argument, \`%\` in the
data) and reads worse than f-strings.

## Example
\`\`\`python
line = "%s: %s" % (key, value)
\`\`\`

## Use instead
\`\`\`python
line = f"{key}: {value}"
\`\`\`

## Fix safety
Safe, and made exactly where pyupgrade makes it, with the same output: the
right side must be a tuple or dict literal written as \`'...' % (...)\` /
\`'...' % {...}\`; \`%d\`, \`%i\`, \`%u\`, \`%c\`, \`*\` widths, \`%s\` with a width and
other conversions without a \`.format\` equivalent are left alone. The result
is \`'{}: {}'.format(key, value)\`; the next pass makes it an f-string where
FMT001's conditions hold, as a second pyupgrade run would.

## References
- pyupgrade; Ruff UP031`,
  visit(node, ctx) {
    if (node.childForFieldName('operator')?.text !== '%') return;
    const left = node.childForFieldName('left');
    const parts = left ? literalParts(left) : null;
    if (!parts || !parts.length || !parts.every(isPlainStr)) return;
    const edits = percentEdits(ctx.file.text, node, (i) => ctx.file.lineOf(i));
    ctx.report({
      node,
      message: 'use .format() or an f-string instead of % formatting',
      fix: edits ? { safety: 'safe', description: 'rewrite % formatting as .format()', edits } : null,
    });
  },
};
