import type { Node } from '../../python/parser';
import type { Edit } from '../../rules/types';
import { parseFormat, percentConvertible, percentToFormat, unparseParsed, type FormatPart } from '../../python/format-spec';
import { literalValue, splitPrefix } from '../../python/strings';
import { BRACES, NON_CODING, parseCallArgs, tokenize, tokensToSrc, type Token } from '../../python/tokens';
import { mergeAdjacent } from './typing';

/**
 * String-formatting rewrites, ported from pyupgrade (its fstrings and
 * percent_format plugins, and `_fix_format_literal`) with the same conditions,
 * so that the output is what pyupgrade writes:
 *   '%s %s' % (a, b)   -> '{} {}'.format(a, b)
 *   '{0} {1}'.format   -> '{} {}'.format        (when no f-string can be made)
 *   '{} {}'.format(a, b) -> f'{a} {b}'
 */
type LineOf = (i: number) => number;

function tryParse(s: string): FormatPart[] | null {
  try {
    return parseFormat(s);
  } catch {
    return null;
  }
}

/** Python's int() on a str, for the field names pyupgrade checks with `inty`. */
function pyInt(s: string | null): number | null {
  if (s === null) return null;
  const m = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(s);
  return m ? Number(m[1].replace(/_/g, '')) : null;
}

const IDENT = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
export const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
]);

function callArgNodes(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return [];
  return args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** `'{} {}'.format(a, b)` → `f'{a} {b}'`: the edit, or null where pyupgrade would not make an f-string. */
export function fstringEdit(text: string, call: Node, str: Node, lineOf: LineOf): Edit | null {
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
  if (fparsed.filter((t) => t[1] !== null).length !== parsed.filter((t) => t[1] !== null).length) return null;
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
      if (rest && /^[\d.]/.test(v)) return null;
      newName = v + rest;
      if (!k) auto++;
    }
    parts.push([lit, newName, spec, conv]);
  }
  const out = unparseParsed(parts);
  if (!safeFstring(out, parts)) return null;
  return { start: str.startIndex, end: call.endIndex, text: out };
}

/**
 * More cases where pyupgrade 2.37 writes an f-string that does not mean the same:
 * an argument starting with `{` would read as an escaped brace, a lambda or a
 * top-level `:`/`!` would be taken for a format spec or conversion.
 */
function safeFstring(_out: string, parts: FormatPart[]): boolean {
  for (const [, name] of parts) {
    if (name === null) continue;
    if (name.startsWith('{')) return false;
    if (/^lambda\b/.test(name)) return false;
  }
  return true;
}

/** The string parts of the literal a `.format` attribute is called on (through parentheses). */
export function literalParts(obj: Node): Node[] | null {
  let n: Node | null = obj;
  while (n && n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0];
  if (!n) return null;
  if (n.type === 'string') return [n];
  if (n.type === 'concatenated_string') return n.namedChildren.filter((c): c is Node => !!c && c.type === 'string');
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

// ---- '%' formatting ----

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
export function percentEdits(text: string, binop: Node, lineOf: LineOf): Edit[] | null {
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
