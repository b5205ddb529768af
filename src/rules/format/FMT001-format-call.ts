import { formatLiteralEdits, fstringEdit, literalParts } from '../../fix/codemods/format';
import type { Node } from '../../python/parser';
import { query } from '../../python/parser';
import type { Fix, Rule, RuleContext } from '../types';
import { isPlainStr } from './_strings';

function fixFor(call: Node, parts: Node[], ctx: RuleContext): Fix | null {
  const obj = call.childForFieldName('function')!.childForFieldName('object')!;
  if (obj.type === 'string') {
    const edit = fstringEdit(ctx.file.text, call, obj, (i) => ctx.file.lineOf(i));
    if (edit) return { safety: 'safe', description: 'rewrite the .format() call as an f-string', edits: [edit] };
  }
  const edits = formatLiteralEdits(parts);
  if (edits) return { safety: 'safe', description: "drop the explicit positions: '{0} {1}' -> '{} {}'", edits };
  return null;
}

export const rule: Rule = {
  code: 'FMT001',
  name: 'format-call',
  upgrade: 'U19',
  severity: 'low',
  summary: '.format() called on a string literal',
  fixable: 'sometimes',
  nodeTypes: ['call'],
  nodeTypesFor: (file) => (/\.\s*format\b/.test(file.text) ? ['call'] : []),
  docs: `## What it does
Flags \`.format(...)\` called on a string literal, including implicitly
concatenated literals (\`"a" "b".format(x)\`) and parenthesised ones, and a
literal's \`.format\` passed around uncalled (\`map("{0:>4}".format, xs)\`).
\`.format\` on a variable (a template read from elsewhere) is not flagged.

## Why is this bad?
f-strings (Python 3.6) put each value where it is shown: shorter, easier to
read, and faster than a method call.

## Example
\`\`\`python
msg = "{} of {} done".format(done, total)
\`\`\`

## Use instead
\`\`\`python
msg = f"{done} of {total} done"
\`\`\`

## Fix safety
Safe, and made exactly where pyupgrade makes it, with the same output: an
f-string when every argument is simple enough to move into the braces (the call
fits on the line of the string, no \`*args\`/\`**kwargs\`, no argument used twice,
no quotes or backslashes in the arguments, no \`[...]\` in a field, no nested
\`{}\` in a format spec); otherwise \`'{0} {1}'\` becomes \`'{} {}'\` when the
positions are 0, 1, 2... in order. Four cases where pyupgrade 2.37 would change
the meaning or break the syntax are left alone: an argument starting with \`{\`
(a set or dict literal), a \`lambda\`, a field before a \`\\N{...}\` escape, and
an attribute of a number argument (\`'{x.y}'.format(x=1)\`).

## References
- PEP 498; pyupgrade; Ruff UP030 / UP032`,
  visit(node, ctx) {
    const fn = node.childForFieldName('function');
    if (!fn || fn.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return;
    const obj = fn.childForFieldName('object');
    const parts = obj ? literalParts(obj) : null;
    if (!parts || !parts.length || !parts.every(isPlainStr)) return;
    ctx.report({ node, message: 'use an f-string instead of .format() on a literal', fix: fixFor(node, parts, ctx) });
  },
  finish(ctx) {
    // `'{0}'.format` passed around uncalled: pyupgrade still drops the positions
    if (!/['")]\s*\.\s*format\b(?!\s*\()/.test(ctx.file.text)) return;
    for (const { name, node } of query(UNCALLED).captures(ctx.file.root)) {
      if (name !== 'attr') continue;
      const parent = node.parent;
      if (parent?.type === 'call' && parent.childForFieldName('function')?.startIndex === node.startIndex) continue;
      const parts = literalParts(node.childForFieldName('object')!);
      if (!parts || !parts.length || !parts.every(isPlainStr)) continue;
      const edits = formatLiteralEdits(parts);
      ctx.report({
        node,
        message: 'use an f-string instead of .format on a literal',
        fix: edits ? { safety: 'safe', description: "drop the explicit positions: '{0} {1}' -> '{} {}'", edits } : null,
      });
    }
  },
};

const UNCALLED = `(attribute object: [(string) (concatenated_string) (parenthesized_expression)] attribute: (identifier) @name (#eq? @name "format")) @attr`;
