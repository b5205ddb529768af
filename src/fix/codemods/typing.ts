import type { Edit } from '../../rules/types';
import { CLOSING, findClosingBracket, NON_CODING, OPENING, tokenize, type Token } from '../../python/tokens';

/**
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
export function optionalEdits(text: string, start: number, end: number, lineOf: LineOf): Edit[] | null {
  const tokens = tokenize(text, start, end, lineOf);
  const j = findToken(tokens, 0, '[');
  if (j >= tokens.length) return null;
  const k = findClosingBracket(tokens, j);
  if (k >= tokens.length || tokens[k].src !== ']') return null;
  if (tokens[j].line === tokens[k].line) return [del(tokens[0], tokens[j]), put(tokens[k], ' | None')];
  return [{ start: tokens[0].start, end: tokens[j].start, text: 'None | ' }, put(tokens[j], '('), put(tokens[k], ')')];
}

/** `Union[A, B]` → `A | B`; argCount is the number of elements of the slice as ast sees it. */
export function unionEdits(text: string, start: number, end: number, argCount: number, lineOf: LineOf): Edit[] | null {
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

/** Sort edits and fold touching deletions/replacements into one, so a fix never overlaps itself. */
export function mergeAdjacent(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start < last.end) return sorted; // cannot happen for the rewrites above
    if (last && e.start === last.end && last.start !== last.end && e.start !== e.end) {
      out[out.length - 1] = { start: last.start, end: e.end, text: last.text + e.text };
    } else out.push({ ...e });
  }
  return out;
}

