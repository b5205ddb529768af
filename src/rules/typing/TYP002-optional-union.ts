import { optionalEdits, unionEdits } from '../../fix/codemods/typing';
import type { Node } from '../../python/parser';
import type { Fix, Rule, RuleContext } from '../types';
import { pyupgradeWritten, typingAlias } from './TYP001-builtin-generic';
import { futureAnnotations, inAnnotation, isStr, sliceShape, subscriptValue } from './_typing';

const NAMES = { Optional: 'X | None', Union: 'A | B' };

function fixFor(node: Node, value: Node, alias: string, ctx: RuleContext): Fix | null {
  if (!pyupgradeWritten(value, alias, ctx)) return null;
  if (!inAnnotation(ctx.file, node)) return null;
  if (!(ctx.options.targetMinor >= 10 || futureAnnotations(ctx))) return null;
  const shape = sliceShape(node);
  if (!shape || shape.slice) return null;
  // forward references stay: `Optional["Node"]`
  if (shape.elements.some((e) => isStr(e))) return null;
  const text = ctx.file.text;
  const lineOf = (i: number): number => ctx.file.lineOf(i);
  let edits;
  if (alias === 'Optional') edits = optionalEdits(text, node.startIndex, node.endIndex, lineOf);
  else {
    const argCount = shape.tuple ? shape.elements.length : 1;
    if (argCount === 0) return null;
    edits = unionEdits(text, node.startIndex, node.endIndex, argCount, lineOf);
  }
  if (!edits) return null;
  return { safety: 'safe', description: `rewrite ${alias}[...] with | (PEP 604)`, edits };
}

export const rule: Rule = {
  code: 'TYP002',
  name: 'optional-union',
  upgrade: 'U12',
  severity: 'low',
  summary: 'Optional[X] / Union[A, B] where X | None / A | B works (PEP 604)',
  fixable: 'sometimes',
  nodeTypes: ['subscript', 'generic_type'],
  nodeTypesFor: (file) => (file.text.includes('typing') ? ['subscript', 'generic_type'] : []),
  docs: `## What it does
Flags \`Optional[X]\` and \`Union[A, B]\` from typing (\`from typing import Optional\`,
\`typing.Optional\`, or an alias), one finding per subscript.

## Why is this bad?
PEP 604 (Python 3.10) writes unions with \`|\`: \`X | None\` says the same as
\`Optional[X]\` with less noise and no import.

## Example
\`\`\`python
from typing import Optional, Union

def find(key: str) -> Optional[Union[int, str]]: ...
\`\`\`

## Use instead
\`\`\`python
def find(key: str) -> int | str | None: ...
\`\`\`

## Fix safety
Safe, and made exactly where pyupgrade (\`--py310-plus\`) makes it, with the
same output: inside annotations only, when the target is py310 or later or the
module has \`from __future__ import annotations\`; not for forward references
(\`Optional["Node"]\`), aliased names, or outside annotations (a runtime
\`Optional[int]\` value, e.g. in \`cast()\` or a type alias, is reported only).
A union written over several lines keeps its lines inside parentheses.

## References
- PEP 604; pyupgrade; Ruff UP007 / UP045`,
  visit(node, ctx) {
    const value = subscriptValue(node);
    if (!value) return;
    const alias = typingAlias(value, ctx, NAMES);
    if (!alias) return;
    const fix = fixFor(node, value, alias, ctx);
    ctx.report({ node, message: alias === 'Optional' ? `use X | None instead of ${value.text}[X] (PEP 604)` : `use A | B instead of ${value.text}[A, B] (PEP 604)`, fix });
  },
};
