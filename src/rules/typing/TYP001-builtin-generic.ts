import { importedQualifiedName } from '../../python/imports';
import type { Node } from '../../python/parser';
import type { Fix, Rule, RuleContext } from '../types';
import { futureAnnotations, inAnnotation, subscriptValue } from './_typing';

/** typing aliases of PEP 585 and what replaces them. */
export const PEP585: Record<string, string> = {
  List: 'list',
  Dict: 'dict',
  Tuple: 'tuple',
  Set: 'set',
  FrozenSet: 'frozenset',
  Type: 'type',
  Deque: 'collections.deque',
  DefaultDict: 'collections.defaultdict',
  OrderedDict: 'collections.OrderedDict',
  Counter: 'collections.Counter',
  ChainMap: 'collections.ChainMap',
};

/** The ones pyupgrade rewrites: builtins, no import needed. */
const BUILTIN = new Set(['List', 'Dict', 'Tuple', 'Set', 'FrozenSet', 'Type']);

/** The typing name a subscripted expression refers to ("List"), or null. */
export function typingAlias(value: Node, ctx: RuleContext, names: Record<string, unknown>): string | null {
  const last = value.type === 'attribute' ? value.childForFieldName('attribute')?.text : value.type === 'identifier' ? value.text : null;
  if (!last) return null;
  // cheap rejections first: `sys.argv[1]`, `x[0]` never need scope analysis
  if (value.type === 'attribute' && !(last in names)) return null;
  if (value.type === 'identifier' && !(last in names) && !/^typing(_extensions)?\./.test(ctx.names.importedNames().get(last) ?? '')) return null;
  const q = importedQualifiedName(value, ctx.names);
  if (!q) return null;
  const m = /^(?:typing|typing_extensions)\.(\w+)$/.exec(q);
  return m && m[1] in names ? m[1] : null;
}

/**
 * The pyupgrade condition for touching a typing name: written `typing.X` or as
 * the unaliased `X` of `from typing import X`, and the target allows it (py39+,
 * or inside an annotation under `from __future__ import annotations`).
 */
export function pyupgradeWritten(value: Node, alias: string, ctx: RuleContext): boolean {
  if (value.type === 'attribute') {
    const obj = value.childForFieldName('object');
    return obj?.type === 'identifier' && obj.text === 'typing';
  }
  return value.text === alias && ctx.names.qualifiedName(value) === `typing.${alias}`;
}

function fixFor(value: Node, alias: string, node: Node, ctx: RuleContext): Fix | null {
  if (!BUILTIN.has(alias) || !pyupgradeWritten(value, alias, ctx)) return null;
  const allowed = ctx.options.targetMinor >= 9 || (futureAnnotations(ctx) && inAnnotation(ctx.file, node));
  if (!allowed) return null;
  const replacement = PEP585[alias];
  return {
    safety: 'safe',
    description: `replace ${value.text} with ${replacement}`,
    edits: [{ start: value.startIndex, end: value.endIndex, text: replacement }],
  };
}

export const rule: Rule = {
  code: 'TYP001',
  name: 'typing-builtin-generic',
  upgrade: 'U12',
  severity: 'low',
  summary: 'typing.List/Dict/... used where the builtin or collections class is generic (PEP 585)',
  fixable: 'sometimes',
  nodeTypes: ['subscript', 'generic_type'],
  // every name this rule looks for comes from typing: a file that never says so has none
  nodeTypesFor: (file) => (file.text.includes('typing') ? ['subscript', 'generic_type'] : []),
  docs: `## What it does
Flags subscripted uses of the typing aliases that PEP 585 made redundant:
\`List\`, \`Dict\`, \`Tuple\`, \`Set\`, \`FrozenSet\`, \`Type\`, \`Deque\`, \`DefaultDict\`,
\`OrderedDict\`, \`Counter\` and \`ChainMap\`, however they were imported
(\`from typing import List\`, \`typing.List\`, \`import typing as t; t.List\`,
\`from typing import List as L\`). There is one finding per subscript, so
\`Dict[str, List[int]]\` has two. A bare reference to one of the six builtin
aliases (\`isinstance(x, typing.List)\`, \`-> List\`) is reported too where the
fix below applies, since pyupgrade rewrites those as well. Quoted annotations
are not looked into.

## Why is this bad?
Since Python 3.9 the builtins and the \`collections\` classes are generic
themselves; the typing aliases are deprecated and only add an import.

## Example
\`\`\`python
from typing import Dict, List

def group(rows: List[str]) -> Dict[str, List[str]]: ...
\`\`\`

## Use instead
\`\`\`python
def group(rows: list[str]) -> dict[str, list[str]]: ...
\`\`\`

## Fix safety
Safe, and made exactly where pyupgrade (\`--py39-plus\`) makes it, with the same
output: \`List\`, \`Dict\`, \`Tuple\`, \`Set\`, \`FrozenSet\` and \`Type\` written as
\`typing.X\` or as the unaliased name of \`from typing import X\`, when the
target version is py39 or later, or inside annotations when the module has
\`from __future__ import annotations\`. Aliased names and the \`collections\`
aliases (\`Deque\`, \`DefaultDict\`, ...) are reported without a fix. The import
left unused is removed by TYP003. One deliberate difference from pyupgrade: a
local variable that shadows the typing name (\`List = ...\` in a function) is
left alone, where pyupgrade renames it.

## References
- PEP 585; pyupgrade; Ruff UP006`,
  visit(node, ctx) {
    const value = subscriptValue(node);
    if (!value) return;
    const alias = typingAlias(value, ctx, PEP585);
    if (!alias) return;
    const fix = fixFor(value, alias, node, ctx);
    const use = PEP585[alias];
    ctx.report({ node, message: `use ${use}[...] instead of ${value.text}[...] (PEP 585)`, fix });
  },
  finish(ctx) {
    // bare references (`isinstance(x, typing.List)`, `-> List`) where pyupgrade rewrites them too
    const text = ctx.file.text;
    const re = /\b(List|Dict|Tuple|Set|FrozenSet|Type)\b/g;
    if (![...ctx.names.importedNames().values()].some((q) => q === 'typing' || q.startsWith('typing.'))) return;
    if (!re.test(text)) return;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const id = ctx.file.root.descendantForIndex(m.index, m.index + m[1].length);
      if (!id || id.type !== 'identifier' || id.startIndex !== m.index || id.endIndex !== m.index + m[1].length) continue;
      const parent = id.parent;
      let ref: Node = id;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex) ref = parent;
      else if (parent && NOT_A_USE.has(parent.type)) continue;
      else if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === id.startIndex) continue;
      const outer = ref === id ? parent : ref.parent;
      if (outer && (outer.type === 'subscript' || outer.type === 'generic_type') && outer.startIndex === ref.startIndex) continue; // reported by visit
      if (typingAlias(ref, ctx, PEP585) !== m[1]) continue;
      const fix = fixFor(ref, m[1], ref, ctx);
      if (fix) ctx.report({ node: ref, message: `use ${PEP585[m[1]]} instead of ${ref.text} (PEP 585)`, fix });
    }
  },
};

/** Parents under which an identifier is a name being bound or imported, not a use. */
const NOT_A_USE = new Set(['dotted_name', 'aliased_import', 'import_from_statement', 'function_definition', 'class_definition', 'parameters', 'typed_parameter', 'default_parameter', 'typed_default_parameter']);
