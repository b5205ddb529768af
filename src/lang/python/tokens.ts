import type { Edit } from '../../core/finding';

/**
 * A Python tokenizer for one expression's span, producing the token kinds of
 * tokenize-rt (NAME, NUMBER, STRING, OP, NL, COMMENT, UNIMPORTANT_WS,
 * ESCAPED_NL). pyupgrade's rewrites are defined on that token stream (e.g. "the
 * tokens after the string are exactly ` % (`"), so porting them token for token
 * is how our output stays identical to its output. Spans are always inside one
 * statement, so INDENT/DEDENT/NEWLINE never occur.
 */
export interface Token {
  name: 'NAME' | 'NUMBER' | 'STRING' | 'OP' | 'NL' | 'COMMENT' | 'UNIMPORTANT_WS' | 'ESCAPED_NL' | 'ERRORTOKEN';
  src: string;
  /** JS string index in the file text */
  start: number;
  end: number;
  /** 1-based line of the token start */
  line: number;
}

export const NON_CODING = new Set(['COMMENT', 'ESCAPED_NL', 'NL', 'UNIMPORTANT_WS']);
export const OPENING = new Set(['(', '[', '{']);
export const CLOSING = new Set([')', ']', '}']);
export const BRACES: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER = /(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/y;
const STRING_START = /[rRbBuUfF]{0,2}(?:'''|"""|'|")/y;

/** Tokenize text[start, end). `lineOf` maps a text index to its 1-based line. */
export function tokenize(text: string, start: number, end: number, lineOf: (i: number) => number): Token[] {
  const out: Token[] = [];
  let i = start;
  const push = (name: Token['name'], to: number): void => {
    out.push({ name, src: text.slice(i, to), start: i, end: to, line: lineOf(i) });
    i = to;
  };
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f') {
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) j++;
      push('UNIMPORTANT_WS', j);
      continue;
    }
    if (c === '\n' || c === '\r') {
      push('NL', c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1);
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      push('ESCAPED_NL', text[i + 1] === '\r' && text[i + 2] === '\n' ? i + 3 : i + 2);
      continue;
    }
    if (c === '#') {
      let j = i;
      while (j < end && text[j] !== '\n' && text[j] !== '\r') j++;
      push('COMMENT', j);
      continue;
    }
    STRING_START.lastIndex = i;
    const sm = STRING_START.exec(text);
    if (sm) {
      const quote = sm[0].replace(/^[rRbBuUfF]*/, '');
      let j = i + sm[0].length;
      while (j < end) {
        if (text[j] === '\\') {
          j += 2;
          continue;
        }
        if (text.startsWith(quote, j)) {
          j += quote.length;
          break;
        }
        if (quote.length === 1 && (text[j] === '\n' || text[j] === '\r')) break; // unterminated
        j++;
      }
      push('STRING', Math.min(j, end));
      continue;
    }
    NAME.lastIndex = i;
    const nm = NAME.exec(text);
    if (nm && !/^\d/.test(nm[0])) {
      push('NAME', i + nm[0].length);
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num && num[0].length > 0 && num[0] !== '.') {
      push('NUMBER', i + num[0].length);
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      push('OP', i + op.length);
      continue;
    }
    push('()[]{},:;.+-*/%&|^~<>=@!'.includes(c) ? 'OP' : 'ERRORTOKEN', i + 1);
  }
  return out;
}

export function tokensToSrc(tokens: Token[], from = 0, to = tokens.length): string {
  let s = '';
  for (let k = from; k < to; k++) s += tokens[k].src;
  return s;
}

/** tokenize-rt's rfind_string_parts is not needed: we know the literal from the tree. */

/** pyupgrade's parse_call_args: argument token ranges of the call whose '(' is at index i, and the index after ')'. */
export function parseCallArgs(tokens: Token[], i: number): { args: Array<[number, number]>; end: number } {
  const args: Array<[number, number]> = [];
  const stack = [i];
  i++;
  let argStart = i;
  while (stack.length) {
    const t = tokens[i];
    if (!t) break;
    if (stack.length === 1 && t.src === ',') {
      args.push([argStart, i]);
      argStart = i + 1;
    } else if (t.src in BRACES && t.name === 'OP') {
      stack.push(i);
    } else if (t.name === 'OP' && t.src === BRACES[tokens[stack[stack.length - 1]].src]) {
      stack.pop();
      if (!stack.length && tokensToSrc(tokens, argStart, i).trim()) args.push([argStart, i]);
    }
    i++;
  }
  return { args, end: i };
}

/** pyupgrade's find_closing_bracket. */
export function findClosingBracket(tokens: Token[], i: number): number {
  let depth = 1;
  i++;
  while (depth && i < tokens.length) {
    if (tokens[i].name === 'OP' && OPENING.has(tokens[i].src)) depth++;
    else if (tokens[i].name === 'OP' && CLOSING.has(tokens[i].src)) depth--;
    i++;
  }
  return i - 1;
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

