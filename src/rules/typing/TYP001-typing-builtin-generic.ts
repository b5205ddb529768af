import type { Edit, FixResult } from '../../core/finding';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { tokenize } from '../../lang/python/tokens';
import { builtinShadowed, evaluatedClassAnnotation, futureAnnotations, inAnnotation, mentionsTyping, pyupgradeWritten, subscriptValue, typingAlias } from './_typing';

/** typing aliases of PEP 585 and what replaces them. */
const PEP585: Record<string, string> = {
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

/** Why a class-body annotation's fix is unsafe, in the fix descriptions (and the pyupgrade differences). */
const CLASS_BODY = 'in a class-body annotation (evaluated when the class is created, read by dataclasses and attrs)';

/**
 * The fix where pyupgrade makes it (py39+, or in an annotation under the
 * future import): safe in an annotation, where only the spelling of the type
 * changes; unsafe in a runtime expression (an alias, `isinstance`, `cast`, a
 * comparison), where `list[int]` is not the object `List[int]` was
 * (`List[int] is List[int]` holds, `list[int] is list[int]` does not) and no
 * longer equals what `get_type_hints` returns for an annotation left alone;
 * unsafe too in a class-body annotation without the future import, which is
 * evaluated when the class is created and compared by attrs and dataclasses.
 */
function fixFor(value: Node, alias: string, node: Node, ctx: PythonContext): FixResult {
  if (!BUILTIN.has(alias) || !pyupgradeWritten(value, alias, ctx)) return null;
  const annotation = inAnnotation(ctx.file, node);
  const allowed = ctx.options.targetMinor >= 9 || (futureAnnotations(ctx) && annotation);
  if (!allowed) return null;
  const replacement = PEP585[alias];
  const shadowed = builtinShadowed(ctx, replacement, value);
  if (shadowed) return shadowed;
  const classBody = annotation && evaluatedClassAnnotation(ctx, node);
  return {
    safety: annotation && !classBody ? 'safe' : 'unsafe',
    description: `replace ${value.text} with ${replacement}${!annotation ? ' in a runtime expression' : classBody ? ` ${CLASS_BODY}` : ''}`,
    edits: [{ start: value.startIndex, end: value.endIndex, text: replacement }],
  };
}

/** Parents under which an identifier is a name being bound or imported, not a use. */
const NOT_A_USE = new Set(['dotted_name', 'aliased_import', 'import_from_statement', 'function_definition', 'class_definition', 'parameters', 'typed_parameter']);

/** Bare references (`isinstance(x, typing.List)`, `-> List`) where pyupgrade rewrites them too. */
function bareReferences(ctx: PythonContext): void {
  const text = ctx.file.text;
  if (![...ctx.names.importedNames().values()].some((q) => q === 'typing' || q.startsWith('typing.'))) return;
  // the regular expression only finds where to look; every candidate is checked on the tree
  const re = /\b(List|Dict|Tuple|Set|FrozenSet|Type)\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const id = ctx.file.root.descendantForIndex(m.index, m.index + m[1].length);
    if (!id || id.type !== 'identifier' || id.startIndex !== m.index || id.endIndex !== m.index + m[1].length) continue;
    const parent = id.parent;
    let ref: Node = id;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex) ref = parent;
    else if (parent && (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter')) {
      if (parent.childForFieldName('name')?.startIndex === id.startIndex) continue; // the parameter's name; its default value is a use
    } else if (parent && NOT_A_USE.has(parent.type)) continue;
    else if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === id.startIndex) continue;
    const outer = ref === id ? parent : ref.parent;
    if (outer && (outer.type === 'subscript' || outer.type === 'generic_type') && outer.startIndex === ref.startIndex) continue; // reported as a subscript
    if (typingAlias(ref, ctx, PEP585) !== m[1]) continue;
    const fix = fixFor(ref, m[1], ref, ctx);
    if (fix) ctx.report({ node: ref, message: `use ${PEP585[m[1]]} instead of ${ref.text} (PEP 585)`, fix });
  }
}

/**
 * The names `from typing import X` should take from another module (PEP 585
 * made the `collections.abc`, `collections` and `re` classes generic), with
 * the minor version from which pyupgrade moves them: its imports plugin
 * (REPLACE_EXACT, typing entries), whose output the fix reproduces.
 */
const MOVES: Record<string, [string, number]> = {
  AsyncGenerator: ['collections.abc', 9],
  AsyncIterable: ['collections.abc', 9],
  AsyncIterator: ['collections.abc', 9],
  Awaitable: ['collections.abc', 9],
  ByteString: ['collections.abc', 9],
  ChainMap: ['collections', 9],
  Collection: ['collections.abc', 9],
  Container: ['collections.abc', 9],
  Coroutine: ['collections.abc', 9],
  Counter: ['collections', 9],
  Generator: ['collections.abc', 9],
  Hashable: ['collections.abc', 9],
  ItemsView: ['collections.abc', 9],
  Iterable: ['collections.abc', 9],
  Iterator: ['collections.abc', 9],
  KeysView: ['collections.abc', 9],
  Mapping: ['collections.abc', 9],
  MappingView: ['collections.abc', 9],
  Match: ['re', 9],
  MutableMapping: ['collections.abc', 9],
  MutableSequence: ['collections.abc', 9],
  MutableSet: ['collections.abc', 9],
  OrderedDict: ['collections', 9],
  Pattern: ['re', 9],
  Reversible: ['collections.abc', 9],
  Sequence: ['collections.abc', 9],
  Sized: ['collections.abc', 9],
  ValuesView: ['collections.abc', 9],
  Callable: ['collections.abc', 10],
};

/** An imported name of a `from typing import ...` statement: the node, what it imports, what it binds. */
interface ImportedName {
  node: Node;
  name: string;
  bound: string;
}

function importedNames(stmt: Node): ImportedName[] {
  const out: ImportedName[] = [];
  for (const n of stmt.childrenForFieldName('name')) {
    if (!n) continue;
    const nameNode = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
    const bound = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n.text;
    if (nameNode && bound) out.push({ node: n, name: nameNode.text, bound });
  }
  return out;
}

/**
 * How `bound` is used where its object matters: outside annotations (and
 * outside strings and comments, which annotations quote), a runtime use sees
 * another object after the move (`Sequence[int] is Sequence[int]` holds for
 * typing's alias only); in an evaluated class-body annotation, the object
 * attrs and dataclasses store changes. Null when neither.
 */
function runtimeUse(ctx: PythonContext, bound: string, stmt: Node): 'expression' | 'class' | null {
  let use: 'class' | null = null;
  const text = ctx.file.text;
  // the regular expression only finds where to look; every candidate is checked on the tree
  const re = new RegExp(`(?<![\\w.])${bound}(?!\\w)`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index >= stmt.startIndex && m.index < stmt.endIndex) continue;
    const id = ctx.file.root.descendantForIndex(m.index, m.index + bound.length);
    if (!id || id.type !== 'identifier') continue;
    const parent = id.parent;
    if (parent && (parent.type === 'dotted_name' || parent.type === 'aliased_import' || parent.type === 'import_from_statement')) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === id.startIndex) continue;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex) continue;
    if (!inAnnotation(ctx.file, id)) return 'expression';
    if (evaluatedClassAnnotation(ctx, id)) use = 'class';
  }
  return use;
}

/** Index just past the line break that ends the line holding `at`. */
function afterLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * pyupgrade's rewrite of a `from typing import ...` statement whose names
 * moved: every name to one module renames the module; otherwise the moved
 * names leave the statement (`_replace_from_mixed`) and sorted
 * `from <module> import ...` lines follow it.
 */
function moveEdits(ctx: PythonContext, stmt: Node, names: ImportedName[], moved: Map<ImportedName, string>): Edit[] | null {
  const text = ctx.file.text;
  const modules = new Set(moved.values());
  if (moved.size === names.length && modules.size === 1) {
    const mod = stmt.childForFieldName('module_name');
    return mod ? [{ start: mod.startIndex, end: mod.endIndex, text: [...modules][0] }] : null;
  }
  const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  const indent = text.slice(lineStart, stmt.startIndex);
  if (!/^[ \t]*$/.test(indent)) return null; // pyupgrade's indented_amount gives up
  // nothing but a comment may follow the statement on its last line
  const end = afterLine(text, stmt.endIndex);
  if (!/^[ \t]*(#[^\n]*)?\r?\n?$/.test(text.slice(stmt.endIndex, end))) return null;
  const added = new Map<string, string[]>();
  for (const n of names) {
    const mod = moved.get(n);
    if (!mod) continue;
    const list = added.get(mod) ?? [];
    list.push(n.node.text.replace(/\s+/g, ' '));
    added.set(mod, list);
  }
  const lines = [...added].map(([mod, list]) => `${indent}from ${mod} import ${list.join(', ')}\n`).sort();
  const insert = (text[end - 1] === '\n' ? '' : '\n') + lines.join('');
  if (moved.size === names.length) return [{ start: lineStart, end, text: insert.replace(/^\n/, '') }];
  // the moved names leave the statement exactly as pyupgrade's FromImport.remove_parts deletes their tokens
  const tokens = tokenize(text, stmt.startIndex, stmt.endIndex, (i) => ctx.file.lineOf(i));
  const imp = tokens.findIndex((t) => t.name === 'NAME' && t.src === 'import');
  if (imp < 0) return null;
  const at: number[] = [];
  for (let i = imp + 1; i < tokens.length; i++) if (tokens[i].name === 'NAME') at.push(i);
  const endOf = new Map<number, number>();
  for (let i = at.length - 1; i >= 0; i--) {
    if (tokens[at[i]].src === 'as') {
      endOf.set(at[i - 1], at[i + 1]);
      at.splice(i, 2);
    }
  }
  if (at.length !== names.length) return null;
  const ends = at.map((p) => endOf.get(p) ?? p);
  const src = tokens.map((t) => t.src);
  const removed = names.map((n, i) => (moved.has(n) ? i : -1)).filter((i) => i >= 0);
  for (const idx of removed.reverse()) {
    if (idx === 0) src.splice(at[0], at[1] - at[0]);
    else {
      let j = at[idx];
      while (j > 0 && src[j] !== ',') j--;
      src.splice(j, ends[idx] + 1 - j);
    }
  }
  // the smallest edit that makes the statement's new text: fixes of other names in it (TYP003) then rarely overlap
  const before = text.slice(stmt.startIndex, stmt.endIndex);
  const after = src.join('');
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return [
    { start: stmt.startIndex + head, end: stmt.endIndex - tail, text: after.slice(head, after.length - tail) },
    { start: end, end, text: insert },
  ];
}

/** `from typing import Sequence` at py39+ (Callable at py310+): reported on each moved name, one fix for the statement. */
function importMoves(stmt: Node, ctx: PythonContext): void {
  if (stmt.childForFieldName('module_name')?.text !== 'typing') return;
  const names = importedNames(stmt);
  const moved = new Map<ImportedName, string>();
  for (const n of names) {
    const move = MOVES[n.name];
    if (move && ctx.options.targetMinor >= move[1]) moved.set(n, move[0]);
  }
  if (moved.size === 0) return;
  let built: FixResult | undefined;
  const fix = (): FixResult => {
    if (built !== undefined) return built;
    const edits = moveEdits(ctx, stmt, names, moved);
    if (!edits) return (built = null);
    const uses = [...moved.keys()].map((n) => ({ bound: n.bound, use: runtimeUse(ctx, n.bound, stmt) }));
    const runtime = uses.filter((u) => u.use === 'expression').map((u) => u.bound);
    const classBody = uses.filter((u) => u.use === 'class').map((u) => u.bound);
    const what = [...new Set(moved.values())].join(' and ');
    built = runtime.length
      ? { safety: 'unsafe', description: `import from ${what} instead of typing; ${runtime.join(', ')} used in a runtime expression`, edits }
      : classBody.length
        ? { safety: 'unsafe', description: `import from ${what} instead of typing; ${classBody.join(', ')} used ${CLASS_BODY}`, edits }
        : { safety: 'safe', description: `import from ${what} instead of typing`, edits };
    return built;
  };
  for (const [n, mod] of moved) ctx.report({ node: n.node, message: `import ${n.name} from ${mod} instead of typing (PEP 585)`, fix });
}

export const rule: PythonRuleDef = {
  code: 'TYP001',
  aliases: ['UP006', 'UP035'],
  followUp: 'Run your type checker once; nothing changes at run time for Python 3.9+.',
  name: 'typing-builtin-generic',
  upgrade: 'U12',
  severity: 'low',
  summary: 'typing.List/Dict/... used where the builtin or collections class is generic (PEP 585)',
  fixable: 'sometimes',
  versionDependentFix: true,
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

TYP001 also reports the names \`from typing import ...\` should take from the
module that made them generic: \`Sequence\`, \`Mapping\`, \`Iterable\`,
\`Iterator\`, \`Generator\`, \`Awaitable\` and the other ABCs from
\`collections.abc\`, \`Counter\`, \`OrderedDict\` and \`ChainMap\` from
\`collections\`, \`Match\` and \`Pattern\` from \`re\` (py39 and later), and
\`Callable\` from \`collections.abc\` (py310 and later: 3.9.0 and 3.9.1 mishandle
\`collections.abc.Callable[[int], str]\`). These are the typing entries of
pyupgrade's import rewrites; one finding per name, on the import.

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
Made exactly where pyupgrade (\`--py39-plus\`) makes it, with the same output:
\`List\`, \`Dict\`, \`Tuple\`, \`Set\`, \`FrozenSet\` and \`Type\` written as
\`typing.X\` or as the unaliased name of \`from typing import X\`, when the
target version is py39 or later, or inside annotations when the module has
\`from __future__ import annotations\`.

**Safe inside annotations** (parameter, return and module-level \`x: T\`
annotations, and every annotation under \`from __future__ import
annotations\`), where only the spelling of the type changes. **Unsafe in a
class-body annotation** (\`x: List[int] = attr.ib()\`, a dataclass or
NamedTuple field) without the future import: Python evaluates it when the
class is created and stores the object, which attrs, dataclasses
(\`fields()\`), pydantic and NamedTuple read and compare, and
\`List[int] == list[int]\` is false (attrs' own tests of its stored
annotations fail after this rewrite). **Unsafe in runtime expressions** (an
alias \`Rows = List[int]\`, \`isinstance(x, List)\`, \`cast(List[int], v)\`, a
default value, a comparison): \`list[int]\` is not the object \`List[int]\` was,
so \`List[int] is List[int]\` (true) becomes \`list[int] is list[int]\` (false),
and \`typing.List[int] == get_type_hints(C)["x"]\` stops matching an annotation
that was not rewritten (a string one). Ruff's UP006 touches annotations only;
pyupgrade rewrites both. Aliased names and the \`collections\` aliases
(\`Deque\`, \`DefaultDict\`, ...) are reported without a fix. The import left
unused is removed by TYP003. One deliberate difference from pyupgrade: a local
variable that shadows the typing name (\`List = ...\` in a function) is left
alone, where pyupgrade renames it.

The import moves are pyupgrade's too, with its output: a statement whose
names all move to one module gets that module (\`from collections.abc import
Sequence\`); otherwise the moved names leave it and sorted \`from <module>
import ...\` lines follow it. Safe when every use of the moved name is in an
annotation (or a string or comment); unsafe when one is a runtime expression
(\`isinstance(x, Sequence)\`, \`Rows = Sequence[int]\`), where the name is then
another object, or an evaluated class-body annotation (as above). A statement sharing its line with other code is reported
without a fix.

## References
- PEP 585; pyupgrade (typing_pep585 and the imports plugin); Ruff UP006 / UP035`,
  python: {
    create(ctx): PythonHandlers {
      if (!mentionsTyping(ctx)) return {};
      const subscript = (node: Node): void => {
        const value = subscriptValue(node);
        if (!value) return;
        const alias = typingAlias(value, ctx, PEP585);
        if (!alias) return;
        ctx.report({ node, message: `use ${PEP585[alias]}[...] instead of ${value.text}[...] (PEP 585)`, fix: fixFor(value, alias, node, ctx) });
      };
      return {
        subscript,
        generic_type: subscript,
        import_from_statement: (node) => importMoves(node, ctx),
        'module:exit': () => bareReferences(ctx),
      };
    },
  },
};
