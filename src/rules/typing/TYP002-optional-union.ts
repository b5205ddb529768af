import type { Edit, FixResult } from '../../core/finding';
import type { Node } from '../../lang/python/parser';
import { parsePython } from '../../lang/python/parser';
import { literalValue } from '../../lang/python/strings';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { CLOSING, findClosingBracket, mergeAdjacent, NON_CODING, OPENING, tokenize, type Token } from '../../lang/python/tokens';
import { evaluatedClassAnnotation, futureAnnotations, inAnnotation, isStr, mentionsTyping, pyupgradeWritten, sliceShape, subscriptValue, typingAlias } from './_typing';

const NAMES = { Optional: 'X | None', Union: 'A | B' };

/*
 * PEP 604 rewrites, ported token for token from pyupgrade's typing_pep604
 * plugin (`_fix_optional`, `_fix_union`) so that the output is identical. Each
 * token operation becomes an edit of the original text, which keeps the edits
 * small: nested rewrites in the same annotation then do not overlap.
 */
type LineOf = (i: number) => number;

function findToken(tokens: Token[], i: number, src: string): number {
  while (i < tokens.length && tokens[i].src !== src) i++;
  return i;
}

const del = (a: Token, b: Token = a): Edit => ({ start: a.start, end: b.end, text: '' });
const put = (t: Token, text: string): Edit => ({ start: t.start, end: t.end, text });

/** `Optional[X]` (node spans from the name to `]`) → `X | None`. */
function optionalEdits(text: string, start: number, end: number, lineOf: LineOf): Edit[] | null {
  const tokens = tokenize(text, start, end, lineOf);
  const j = findToken(tokens, 0, '[');
  if (j >= tokens.length) return null;
  const k = findClosingBracket(tokens, j);
  if (k >= tokens.length || tokens[k].src !== ']') return null;
  if (tokens[j].line === tokens[k].line) return [del(tokens[0], tokens[j]), put(tokens[k], ' | None')];
  return [{ start: tokens[0].start, end: tokens[j].start, text: 'None | ' }, put(tokens[j], '('), put(tokens[k], ')')];
}

/** `Union[A, B]` → `A | B`; argCount is the number of elements of the slice as ast sees it. */
function unionEdits(text: string, start: number, end: number, argCount: number, lineOf: LineOf): Edit[] | null {
  const tokens = tokenize(text, start, end, lineOf);
  let depth = 1;
  const parensDone: Array<[number, [number, number]]> = [];
  const openParens: Array<[number, number]> = [];
  const commas: Array<[number, number]> = [];
  let codingDepth: number | null = null;
  const j = findToken(tokens, 0, '[');
  if (j >= tokens.length) return null;
  let k = j + 1;
  while (depth) {
    const t = tokens[k];
    if (!t) return null;
    if (!NON_CODING.has(t.name) && t.src !== '(' && codingDepth === null) {
      codingDepth = t.src === ')' ? depth - 1 : depth;
    }
    if (t.name === 'OP' && OPENING.has(t.src)) {
      if (t.src === '(') openParens.push([depth, k]);
      depth++;
    } else if (t.name === 'OP' && CLOSING.has(t.src)) {
      if (t.src === ')') {
        const [pd, op] = openParens.pop() ?? [0, -1];
        parensDone.push([pd, [op, k]]);
      }
      depth--;
    } else if (t.src === ',') {
      commas.push([depth, k]);
    }
    k++;
  }
  k--;
  if (codingDepth === null || openParens.length) return null;
  const commaDepth = Math.min(...commas.map(([d]) => d), Number.MAX_SAFE_INTEGER);
  const minDepth = Math.min(commaDepth, codingDepth);
  const toDelete: number[] = [];
  for (const [d, pos] of parensDone) if (d < minDepth) toDelete.push(...pos);
  let commaPositions: number[] = [];
  if (commaDepth <= codingDepth) {
    commaPositions = commas.filter(([d]) => d === commaDepth).map(([, p]) => p);
    if (commaPositions.length === argCount) toDelete.push(commaPositions.pop()!);
  }
  const edits: Edit[] = [];
  for (const c of commaPositions) edits.push(put(tokens[c], ' |'));
  for (const p of toDelete) edits.push(del(tokens[p]));
  if (tokens[j].line === tokens[k].line) {
    edits.push(del(tokens[k]));
    edits.push(del(tokens[0], tokens[j]));
  } else {
    edits.push(put(tokens[j], '('), put(tokens[k], ')'));
    if (j > 0) edits.push({ start: tokens[0].start, end: tokens[j].start, text: '' });
  }
  return mergeAdjacent(edits);
}

/** A forward reference's text without its quotes, when it is one expression on one line (else null). */
function dequoted(str: Node): string | null {
  const v = literalValue(str.text);
  if (v === null || /[\r\n]/.test(v) || v.trim() !== v || v === '') return null;
  const tree = parsePython(v);
  try {
    const root = tree.rootNode;
    const stmt = root.namedChildren.filter((c) => c && c.type !== 'comment');
    if (root.hasError || stmt.length !== 1 || stmt[0]?.type !== 'expression_statement' || stmt[0].namedChildCount !== 1) return null;
    const expr = stmt[0].namedChildren[0];
    // a name, an attribute or a subscript of them: the shapes a type takes (not `a or b`, not a lambda)
    return expr && ['identifier', 'attribute', 'subscript', 'binary_operator', 'none'].includes(expr.type) ? v : null;
  } finally {
    tree.delete();
  }
}

function fixFor(node: Node, value: Node, alias: string, ctx: PythonContext): FixResult {
  if (!pyupgradeWritten(value, alias, ctx)) return null;
  if (!inAnnotation(ctx.file, node)) return null;
  const future = futureAnnotations(ctx);
  if (!(ctx.options.targetMinor >= 10 || future)) return null;
  const shape = sliceShape(node);
  if (!shape || shape.slice) return null;
  // a forward reference: `"Node" | None` is a TypeError when evaluated, at definition time without the future
  // import, and by typing.get_type_hints (pydantic, dataclass tools) with it
  const forward = shape.elements.some((e) => isStr(e));
  if (forward && !future) return { declined: `a forward reference inside ${value.text}[...]: a string operand of | raises TypeError when the annotation is evaluated` };
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
  if (forward) {
    // under the future import the quotes are not needed: `Node | None` evaluates the names `Optional["Node"]` resolved
    for (const e of shape.elements) {
      if (!isStr(e)) continue;
      const name = e.type === 'string' ? dequoted(e) : null;
      if (name === null) return { declined: `a forward reference inside ${value.text}[...] that is not one plain string holding an expression: "X" | None would raise TypeError in typing.get_type_hints` };
      edits.push({ start: e.startIndex, end: e.endIndex, text: name });
    }
    return { safety: 'safe', description: `rewrite ${alias}[...] with | (PEP 604), unquoting the forward references`, edits: mergeAdjacent(edits) };
  }
  // a class-body annotation is evaluated when the class is created: `int | None` is a types.UnionType where
  // Optional[int] was a typing.Union, and code that reads the stored object (get_origin(t) is Union) sees that
  if (evaluatedClassAnnotation(ctx, node)) return { safety: 'unsafe', description: `rewrite ${alias}[...] with | (PEP 604) in a class-body annotation (evaluated when the class is created, read by dataclasses and attrs)`, edits };
  return { safety: 'safe', description: `rewrite ${alias}[...] with | (PEP 604)`, edits };
}

export const rule: PythonRuleDef = {
  code: 'TYP002',
  aliases: ['UP007', 'UP045'],
  followUp: 'Run your type checker once; `X | None` needs Python 3.10+ outside annotations.',
  name: 'optional-union',
  upgrade: 'U12',
  severity: 'low',
  summary: 'Optional[X] / Union[A, B] where X | None / A | B works (PEP 604)',
  fixable: 'sometimes',
  versionDependentFix: true,
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
Made exactly where pyupgrade (\`--py310-plus\`) makes it, with the same
output: inside annotations only, when the target is py310 or later or the
module has \`from __future__ import annotations\`; not for aliased names, nor
outside annotations (a runtime \`Optional[int]\` value, e.g. in \`cast()\` or a
type alias, is reported only, as pyupgrade leaves it).
A union written over several lines keeps its lines inside parentheses.

**Safe** in parameter, return and module-level annotations, and in every
annotation under the future import. **Unsafe in a class-body annotation**
(\`weight: Optional[float] = None\` directly in a class) without the future
import: Python evaluates it when the class is created and stores the object,
which dataclasses (\`fields()\`), attrs, pydantic and NamedTuple read;
\`float | None\` is a \`types.UnionType\` where \`Optional[float]\` was a
\`typing.Union\`, so \`get_origin(t) is Union\` stops holding. pyupgrade and
Ruff's UP007 rewrite these unconditionally.

A forward reference (\`Optional["Node"]\`) is declined without the future
import (\`"Node" | None\` raises \`TypeError\` when the \`def\` runs). Under
\`from __future__ import annotations\` it is rewritten without its quotes,
\`Node | None\` (safe: nothing evaluates the annotation at definition time, and
\`typing.get_type_hints\` resolves the same names). pyupgrade's PEP 604 rewrite
alone writes \`"Node" | None\`, which \`get_type_hints\` (and pydantic, typer,
dataclass tools) cannot evaluate; with its PEP 563 rewrite it unquotes, as
here. A string that is not one plain literal holding a type expression is
declined.

## References
- PEP 604; pyupgrade; Ruff UP007 / UP045`,
  python: {
    create(ctx): PythonHandlers {
      if (!mentionsTyping(ctx)) return {};
      const subscript = (node: Node): void => {
        const value = subscriptValue(node);
        if (!value) return;
        const alias = typingAlias(value, ctx, NAMES);
        if (!alias) return;
        ctx.report({
          node,
          message: alias === 'Optional' ? `use X | None instead of ${value.text}[X] (PEP 604)` : `use A | B instead of ${value.text}[A, B] (PEP 604)`,
          fix: () => fixFor(node, value, alias, ctx),
        });
      };
      return { subscript, generic_type: subscript };
    },
  },
};
