import type { Declined, Edit, FixResult } from '../../core/finding';
import { unparseParsed, type FormatPart } from '../../lang/python/format-spec';
import type { Node } from '../../lang/python/parser';
import { query } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { literalValue, splitPrefix } from '../../lang/python/strings';
import { parseCallArgs, tokenize, tokensToSrc } from '../../lang/python/tokens';
import { isPlainStr, literalParts, tryParse } from './_strings';

/*
 * The rewrites of pyupgrade's fstrings plugin and its `_fix_format_literal`
 * token pass, ported with the same conditions so that the output is what
 * pyupgrade writes:
 *   '{} {}'.format(a, b) -> f'{a} {b}'
 *   '{0} {1}'.format     -> '{} {}'.format        (when no f-string can be made)
 */
type LineOf = (i: number) => number;

/** Python's int() on a str, for the field names pyupgrade checks with `inty`. */
function pyInt(s: string | null): number | null {
  if (s === null) return null;
  const m = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(s);
  return m ? Number(m[1].replace(/_/g, '')) : null;
}

function callArgNodes(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return [];
  return args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** `'{} {}'.format(a, b)` → `f'{a} {b}'`: the edit, or null where pyupgrade would not make an f-string. */
function fstringEdit(text: string, call: Node, str: Node, lineOf: LineOf): Edit | Declined | null {
  if (str.type !== 'string') return null;
  const value = literalValue(str.text);
  if (value === null) return null;
  const args = callArgNodes(call);
  if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return null;
  const parsed = tryParse(value);
  if (!parsed) return null;
  const params = new Set<string>();
  let n = 0;
  for (const a of args) {
    if (a.type === 'keyword_argument') params.add(a.childForFieldName('name')?.text ?? '');
    else params.add(String(n++));
  }
  const seen = new Set<string>();
  let i = 0;
  for (const [, name, spec] of parsed) {
    if (spec !== null && spec.includes('{')) return null;
    if (name !== null) {
      const candidate = name.split('.')[0];
      if (candidate && seen.has(candidate)) return null;
      if (name.includes('[')) return null;
      seen.add(candidate);
      const key = candidate || String(i);
      if (!params.has(key)) return null;
      if (!candidate) i++;
    }
  }
  // the token-level checks of pyupgrade's _fix_fstring
  if (text.slice(str.endIndex, str.endIndex + 8) !== '.format(') return null;
  const tokens = tokenize(text, str.endIndex + 7, call.endIndex, lineOf);
  const { args: ranges, end } = parseCallArgs(tokens, 0);
  if (tokens[end - 1]?.line !== lineOf(str.startIndex)) return null;
  const argsSrc = tokensToSrc(tokens, 0, end);
  if (/[\\"']/.test(argsSrc)) return null;
  const values = new Map<string, string>();
  let pos = 0;
  for (let [s, e] of ranges) {
    while (tokens[s].name === 'UNIMPORTANT_WS') s++;
    if (tokens[s].name === 'NAME') {
      let after = s + 1;
      while (tokens[after]?.name === 'UNIMPORTANT_WS') after++;
      if (tokens[after]?.src === '=') {
        values.set(tokens[s].src, tokensToSrc(tokens, after + 1, e).trim());
        continue;
      }
    }
    values.set(String(pos++), tokensToSrc(tokens, s, e).trim());
  }
  let src = str.text;
  // pyupgrade makes `fu'...'` and its token pass then drops the u: do both at once
  const [prefix] = splitPrefix(src);
  if (prefix.toLowerCase() === 'u') src = src.slice(prefix.length);
  const fparsed = tryParse(`f${src}`);
  if (!fparsed) return null;
  // pyupgrade loses a field that precedes a \N{...} escape; keep such strings
  if (fparsed.filter((t) => t[1] !== null).length !== parsed.filter((t) => t[1] !== null).length) return { declined: 'a field before a \\N{...} escape would be lost in the f-string' };
  let auto = 0;
  const parts: FormatPart[] = [];
  for (const [lit, name, spec, conv] of fparsed) {
    let newName = name;
    if (name !== null) {
      const dot = name.indexOf('.');
      const k = dot < 0 ? name : name.slice(0, dot);
      const rest = dot < 0 ? '' : name.slice(dot);
      const v = values.get(k || String(auto));
      if (v === undefined) return null;
      // `{x.y}` with x=1 would read `1.y`: not Python (pyupgrade writes it anyway)
      if (rest && /^[\d.]/.test(v)) return { declined: `an attribute of a number argument ({${v}${rest}}) is not valid in an f-string` };
      newName = v + rest;
      if (!k) auto++;
    }
    parts.push([lit, newName, spec, conv]);
  }
  const unsafe = unsafeField(parts);
  if (unsafe) return { declined: unsafe };
  return { start: str.startIndex, end: call.endIndex, text: unparseParsed(parts) };
}

/**
 * More cases where pyupgrade writes an f-string that does not mean the same:
 * an argument starting with `{` would read as an escaped brace, a lambda or a
 * top-level `:`/`!` would be taken for a format spec or conversion.
 */
function unsafeField(parts: FormatPart[]): string | null {
  for (const [, name] of parts) {
    if (name === null) continue;
    if (name.startsWith('{')) return 'a set or dict argument would read as an escaped brace ({{...}}) in the f-string';
    if (/^lambda\b/.test(name)) return 'a lambda argument is a syntax error inside f-string braces';
  }
  return null;
}

/** `'{0} {1}'.format(...)` → `'{} {}'.format(...)` (pyupgrade's _fix_format_literal). */
export function formatLiteralEdits(parts: Node[]): Edit[] | null {
  let lastInt = -1;
  const rewritten: Array<[Node, string]> = [];
  for (const part of parts) {
    const [prefix] = splitPrefix(part.text);
    if (prefix.toLowerCase().includes('f')) return null;
    const parsed = tryParse(part.text);
    if (!parsed) return null;
    for (const [, key, spec] of parsed.slice(0, -1)) {
      const n = pyInt(key);
      if (key !== null && n !== null && n === lastInt + 1 && spec !== null && !spec.includes('{')) lastInt++;
      else return null;
    }
    // a field swallowed by pyupgrade's \N{...} merging would be lost: keep such strings
    const fields = parsed.filter((t) => t[1] !== null).length;
    const raw = (part.text.match(/(?<!\\)(?:\\\\)*\\N\{[^}]+\}/g) ?? []).length;
    if (raw > 0 && fields !== countFieldsIgnoringNamed(part.text)) return null;
    rewritten.push([part, unparseParsed(parsed.map((t) => (t[1] === null ? t : [t[0], '', t[2], t[3]])))]);
  }
  const edits = rewritten.filter(([n, s]) => n.text !== s).map(([n, s]) => ({ start: n.startIndex, end: n.endIndex, text: s }));
  return edits.length ? edits : null;
}

function countFieldsIgnoringNamed(src: string): number {
  const stripped = src.replace(/(?<!\\)((?:\\\\)*)\\N\{[^}]+\}/g, '$1X');
  const parsed = tryParse(stripped);
  return parsed ? parsed.filter((t) => t[1] !== null).length : -1;
}

const POSITIONS = "drop the explicit positions: '{0} {1}' -> '{} {}'";

function fixFor(call: Node, parts: Node[], ctx: PythonContext): FixResult {
  const obj = call.childForFieldName('function')!.childForFieldName('object')!;
  if (obj.type === 'string') {
    const made = fstringEdit(ctx.file.text, call, obj, (i) => ctx.file.lineOf(i));
    if (made && 'declined' in made) {
      const edits = formatLiteralEdits(parts);
      return edits ? { safety: 'safe', description: POSITIONS, edits } : made;
    }
    if (made) return { safety: 'safe', description: 'rewrite the .format() call as an f-string', edits: [made] };
  }
  const edits = formatLiteralEdits(parts);
  if (edits) return { safety: 'safe', description: POSITIONS, edits };
  return null;
}

const UNCALLED = `(attribute object: [(string) (concatenated_string) (parenthesized_expression)] attribute: (identifier) @name (#eq? @name "format")) @attr`;

/** `'{0}'.format` passed around uncalled: pyupgrade still drops the positions. */
function uncalled(ctx: PythonContext): void {
  for (const { name, node } of query(UNCALLED).captures(ctx.file.root)) {
    if (name !== 'attr') continue;
    const parent = node.parent;
    if (parent?.type === 'call' && parent.childForFieldName('function')?.startIndex === node.startIndex) continue;
    const parts = literalParts(node.childForFieldName('object')!);
    if (!parts || !parts.length || !parts.every(isPlainStr)) continue;
    ctx.report({
      node,
      message: 'use an f-string instead of .format on a literal',
      fix: () => {
        const edits = formatLiteralEdits(parts);
        return edits ? { safety: 'safe', description: POSITIONS, edits } : null;
      },
    });
  }
}

export const rule: PythonRuleDef = {
  code: 'FMT001',
  aliases: ['UP032'],
  name: 'format-call',
  upgrade: 'U19',
  severity: 'low',
  summary: '.format() called on a string literal',
  fixable: 'sometimes',
  versionDependentFix: true,
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
positions are 0, 1, 2... in order. Four cases where pyupgrade (2.37 and 3.22 alike) would change
the meaning or break the syntax are left alone: an argument starting with \`{\`
(a set or dict literal), a \`lambda\`, a field before a \`\\N{...}\` escape, and
an attribute of a number argument (\`'{x.y}'.format(x=1)\`).

## References
- PEP 498; pyupgrade; Ruff UP030 / UP032`,
  python: {
    create(ctx): PythonHandlers {
      const text = ctx.file.text;
      if (!/\.\s*format\b/.test(text)) return {};
      return {
        call(node) {
          const fn = node.childForFieldName('function');
          if (!fn || fn.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return;
          const obj = fn.childForFieldName('object');
          const parts = obj ? literalParts(obj) : null;
          if (!parts || !parts.length || !parts.every(isPlainStr)) return;
          ctx.report({ node, message: 'use an f-string instead of .format() on a literal', fix: () => fixFor(node, parts, ctx) });
        },
        // a literal's `.format` with no call after it: the text says whether one can be there
        'module:exit': () => {
          if (/['")]\s*\.\s*format\b(?!\s*\()/.test(text)) uncalled(ctx);
        },
      };
    },
  },
};
