import type { Edit } from '../../core/finding';
import { percentConvertible, percentToFormat } from '../../lang/python/format-spec';
import type { Node } from '../../lang/python/parser';
import type { PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { literalValue } from '../../lang/python/strings';
import { BRACES, mergeAdjacent, NON_CODING, tokenize, type Token } from '../../lang/python/tokens';
import { isPlainStr, literalParts } from './_strings';

/*
 * pyupgrade's percent_format plugin, ported with the same conditions so that
 * the output is what pyupgrade writes: '%s %s' % (a, b) -> '{} {}'.format(a, b).
 */
type LineOf = (i: number) => number;

const IDENT = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
]);

interface Victims {
  starts: number[];
  ends: number[];
}

/** pyupgrade's victims(): the braces around the first element to remove, and the closing ones. */
function victims(tokens: Token[], start: number, argStart: number): Victims {
  const starts = [start];
  const startDepths = [1];
  const ends: number[] = [];
  let argDepth: number | null = null;
  let argIndex = tokens.findIndex((t) => t.start === argStart);
  if (argIndex < 0) argIndex = start;
  argIndex++;
  while (argIndex < tokens.length && NON_CODING.has(tokens[argIndex].name)) argIndex++;
  const stack = [tokens[start].src];
  let i = start + 1;
  while (stack.length && i < tokens.length) {
    const tok = tokens[i].src;
    const isStart = tok in BRACES && tokens[i].name === 'OP';
    const isEnd = tokens[i].name === 'OP' && tok === BRACES[stack[stack.length - 1]];
    if (i === argIndex) argDepth = stack.length;
    if (isStart) stack.push(tok);
    if (isStart && argDepth === null) {
      startDepths.push(stack.length);
      starts.push(i);
    }
    if (isEnd && startDepths.includes(stack.length)) {
      if (tokens[i - 2]?.src === ',' && tokens[i - 1]?.src === ' ') ends.push(i - 2, i - 1, i);
      else if (tokens[i - 1]?.src === ',') ends.push(i - 1, i);
      else ends.push(i);
      if (stack.length > 1 && tokens[i + 1]?.src === ',') ends.push(i + 1);
    }
    if (isEnd) stack.pop();
    i++;
  }
  return { starts, ends: [...new Set(ends)].sort((a, b) => a - b) };
}

/** remove_brace: a brace alone on its line goes with its line. */
function removeBrace(tokens: Token[], i: number): Edit {
  const t = tokens[i];
  if (tokens[i - 2]?.name === 'NL' && tokens[i - 1]?.name === 'UNIMPORTANT_WS' && tokens[i + 1]?.name === 'NL') {
    return { start: tokens[i - 1].start, end: tokens[i + 1].end, text: '' };
  }
  return { start: t.start, end: t.end, text: '' };
}

function unionDeletions(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start <= last.end && last.text === '' && e.text === '' && e.start >= last.start) {
      last.end = Math.max(last.end, e.end);
    } else out.push({ ...e });
  }
  return out;
}

function unparen(n: Node | null): Node | null {
  while (n && n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0];
  return n;
}

/** `'...' % (a, b)` / `'...' % {'k': v}` → `.format`; null where pyupgrade leaves it. */
function percentEdits(text: string, binop: Node, lineOf: LineOf): Edit[] | null {
  const left = binop.childForFieldName('left');
  const right = unparen(binop.childForFieldName('right'));
  if (!left || left.type !== 'string' || !right) return null;
  const value = literalValue(left.text);
  if (value === null) return null;
  const isDict = right.type === 'dictionary';
  if (right.type !== 'tuple' && !isDict) return null;
  if (!percentConvertible(value, isDict)) return null;
  if (text.slice(left.endIndex, left.endIndex + 4) !== (isDict ? ' % {' : ' % (')) return null;
  const tokens = tokenize(text, left.endIndex + 3, binop.endIndex, lineOf);
  const v = victims(tokens, 0, right.startIndex);
  const newsrc = percentToFormat(left.text);
  if (!isDict) {
    v.ends.pop();
    const edits: Edit[] = [{ start: left.startIndex, end: left.endIndex, text: newsrc }];
    const dels = [...v.starts.slice(1), ...v.ends].map((k) => removeBrace(tokens, k));
    edits.push({ start: left.endIndex, end: tokens[0].end, text: '.format(' });
    edits.push(...unionDeletions(dels));
    return mergeAdjacent(edits);
  }
  // dict: every key a unique identifier string written as `'key': value`
  const keys = new Map<number, string>();
  for (const pair of right.namedChildren) {
    if (!pair || pair.type === 'comment') continue;
    if (pair.type !== 'pair') return null;
    const key = pair.childForFieldName('key');
    if (!key || (key.type !== 'string' && key.type !== 'concatenated_string')) return null;
    const kv = key.type === 'string' ? literalValue(key.text) : joinedValue(key);
    if (kv === null || [...keys.values()].includes(kv) || !IDENT.test(kv) || KEYWORDS.has(kv)) return null;
    keys.set(key.startIndex, kv);
  }
  const braceEnd = v.ends[v.ends.length - 1];
  const edits: Edit[] = [{ start: left.startIndex, end: left.endIndex, text: newsrc }, { start: left.endIndex, end: tokens[0].end, text: '.format(' }];
  for (let j = 0; j < braceEnd; j++) {
    const kv = keys.get(tokens[j].start);
    if (kv === undefined) continue;
    keys.delete(tokens[j].start);
    if (literalValue(tokens[j].src) !== kv) return null;
    if (tokens[j + 1]?.src !== ':' || tokens[j + 2]?.src !== ' ') return null;
    edits.push({ start: tokens[j].start, end: tokens[j + 2].end, text: `${kv}=` });
  }
  if (keys.size) return null;
  edits.push({ start: tokens[braceEnd].start, end: tokens[braceEnd].end, text: ')' });
  return mergeAdjacent(edits);
}

function joinedValue(n: Node): string | null {
  let s = '';
  for (const c of n.namedChildren) {
    if (!c || c.type !== 'string') continue;
    const v = literalValue(c.text);
    if (v === null) return null;
    s += v;
  }
  return s;
}

export const rule: PythonRuleDef = {
  code: 'FMT002',
  aliases: ['UP031'],
  name: 'percent-format',
  upgrade: 'U19',
  severity: 'low',
  summary: 'printf-style % formatting of a string literal',
  fixable: 'sometimes',
  versionDependentFix: true,
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
  python: {
    create(ctx): PythonHandlers {
      // the left operand is a literal: a quote (or a closing parenthesis) comes right before the %
      if (!/['")]\s*%/.test(ctx.file.text)) return {};
      return {
        binary_operator(node) {
          if (node.childForFieldName('operator')?.text !== '%') return;
          const left = node.childForFieldName('left');
          const parts = left ? literalParts(left) : null;
          if (!parts || !parts.length || !parts.every(isPlainStr)) return;
          ctx.report({
            node,
            message: 'use .format() or an f-string instead of % formatting',
            fix: () => {
              const edits = percentEdits(ctx.file.text, node, (i) => ctx.file.lineOf(i));
              return edits ? { safety: 'safe', description: 'rewrite % formatting as .format()', edits } : null;
            },
          });
        },
      };
    },
  },
};
