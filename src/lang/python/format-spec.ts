/**
 * Ports of the format-string machinery pyupgrade's rewrites rely on, so that
 * our output is the same as its output: CPython's `string.Formatter().parse`
 * (Objects/stringlib/unicode_format.h), pyupgrade's `parse_format` /
 * `unparse_parsed_string` / `curly_escape` (which keep `\N{...}` escapes whole)
 * and its printf-style parser and `%` → `{}` conversion.
 */

/** (literal text, field name, format spec, conversion) as string.Formatter().parse yields it. */
export type FormatPart = [string, string | null, string | null, string | null];

export class FormatError extends Error {}

/** CPython's `_string.formatter_parser`. Throws FormatError where Python raises ValueError. */
export function formatterParse(s: string): FormatPart[] {
  const out: FormatPart[] = [];
  let pos = 0;
  const end = s.length;
  while (pos < end) {
    const start = pos;
    let c = '';
    let markup = false;
    while (pos < end) {
      c = s[pos++];
      if (c === '{' || c === '}') {
        markup = true;
        break;
      }
    }
    const atEnd = pos >= end;
    let len = pos - start;
    if (c === '}' && markup && (atEnd || s[pos] !== '}')) throw new FormatError("Single '}' encountered in format string");
    if (atEnd && c === '{' && markup) throw new FormatError("Single '{' encountered in format string");
    if (!atEnd && markup) {
      if (s[pos] === c) {
        pos++; // escaped brace: literal text only
        markup = false;
      } else len--;
    }
    const literal = s.slice(start, start + len);
    if (!markup) {
      out.push([literal, null, null, null]);
      continue;
    }
    // parse the field: name up to ':' '!' or '}', brackets skip ahead to ']'
    const nameStart = pos;
    let ch = '';
    let closed = false;
    while (pos < end) {
      ch = s[pos++];
      if (ch === '{') throw new FormatError("unexpected '{' in field name");
      if (ch === '[') {
        while (pos < end && s[pos] !== ']') pos++;
        continue;
      }
      if (ch === '}' || ch === ':' || ch === '!') {
        closed = true;
        break;
      }
    }
    if (!closed) throw new FormatError("expected '}' before end of string");
    const name = s.slice(nameStart, pos - 1);
    let conversion: string | null = null;
    let spec = '';
    if (ch === '!' || ch === ':') {
      if (ch === '!') {
        if (pos >= end) throw new FormatError('end of string while looking for conversion specifier');
        conversion = s[pos++];
        if (pos < end) {
          const after = s[pos++];
          if (after === '}') {
            out.push([literal, name, spec, conversion]);
            continue;
          }
          if (after !== ':') throw new FormatError("expected ':' after conversion specifier");
        }
      }
      const specStart = pos;
      let count = 1;
      let done = false;
      while (pos < end) {
        const x = s[pos++];
        if (x === '{') count++;
        else if (x === '}') {
          count--;
          if (count === 0) {
            spec = s.slice(specStart, pos - 1);
            done = true;
            break;
          }
        }
      }
      if (!done) throw new FormatError("unmatched '{' in format spec");
    }
    out.push([literal, name, spec, conversion]);
  }
  return out;
}

const NAMED_UNICODE_SPLIT = /(?<!\\)(?:\\\\)*(\\N\{[^}]+\})/;
const NAMED_UNICODE_FULL = /^(?<!\\)(?:\\\\)*(\\N\{[^}]+\})$/;

/** pyupgrade's parse_format: string.Formatter().parse that keeps `\N{...}` escapes whole. */
export function parseFormat(s: string): FormatPart[] {
  const ret: FormatPart[] = [];
  for (const part of s.split(NAMED_UNICODE_SPLIT)) {
    if (part === undefined) continue;
    if (NAMED_UNICODE_FULL.test(part)) {
      if (ret.length === 0) ret.push([part, null, null, null]);
      else ret[ret.length - 1] = [ret[ret.length - 1][0] + part, null, null, null];
    } else {
      let first = true;
      for (const tup of formatterParse(part)) {
        if (!first || ret.length === 0) ret.push(tup);
        else ret[ret.length - 1] = [ret[ret.length - 1][0] + tup[0], tup[1], tup[2], tup[3]];
        first = false;
      }
    }
  }
  if (ret.length === 0) ret.push([s, null, null, null]);
  return ret;
}

export function curlyEscape(s: string): string {
  return s
    .split(NAMED_UNICODE_SPLIT)
    .filter((p) => p !== undefined)
    .map((p) => (NAMED_UNICODE_FULL.test(p) ? p : p.replace(/\{/g, '{{').replace(/\}/g, '}}')))
    .join('');
}

export function unparseParsed(parsed: FormatPart[]): string {
  return parsed
    .map(([lit, name, spec, conv]) => {
      let r = curlyEscape(lit);
      if (name !== null) {
        r += `{${name}`;
        if (conv) r += `!${conv}`;
        if (spec) r += `:${spec}`;
        r += '}';
      }
      return r;
    })
    .join('');
}

// ---- printf-style (pyupgrade's percent_format plugin) ----

/** (key, conversion flag, width, precision, conversion) */
export type PercentSpec = [string | null, string | null, string | null, string | null, string];
export type PercentPart = [string, PercentSpec | null];

const MAPPING_KEY = /\(([^()]*)\)/y;
const CONVERSION_FLAG = /[#0+ -]*/y;
const WIDTH = /(?:\*|\d*)/y;
const PRECISION = /(?:\.(?:\*|\d*))?/y;
const LENGTH = /[hlL]?/y;

function matchAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

export function parsePercentFormat(s: string): PercentPart[] {
  const out: PercentPart[] = [];
  let stringStart = 0;
  let stringEnd = 0;
  let inFmt = false;
  let i = 0;
  while (i < s.length) {
    if (!inFmt) {
      const at = s.indexOf('%', i);
      if (at < 0) {
        out.push([s.slice(stringStart), null]);
        return out;
      }
      stringEnd = at;
      i = at + 1;
      inFmt = true;
    } else {
      let key: string | null = null;
      const km = matchAt(MAPPING_KEY, s, i);
      if (km) {
        key = km[1];
        i = MAPPING_KEY.lastIndex;
      }
      const fm = matchAt(CONVERSION_FLAG, s, i)!;
      const flag = fm[0] || null;
      i = CONVERSION_FLAG.lastIndex;
      const wm = matchAt(WIDTH, s, i)!;
      const width = wm[0] || null;
      i = WIDTH.lastIndex;
      const pm = matchAt(PRECISION, s, i)!;
      const precision = pm[0] || null;
      i = PRECISION.lastIndex;
      matchAt(LENGTH, s, i);
      i = LENGTH.lastIndex;
      if (i >= s.length) throw new FormatError('end-of-string while parsing format');
      const conversion = s[i];
      i++;
      out.push([s.slice(stringStart, stringEnd), [key, flag, width, precision, conversion]]);
      inFmt = false;
      stringStart = i;
    }
  }
  if (inFmt) throw new FormatError('end-of-string while parsing format');
  return out;
}

function simplifyConversionFlag(flag: string): string {
  const parts: string[] = [];
  for (let c of flag) {
    if (parts.includes(c)) continue;
    c = c.replace('-', '<');
    parts.push(c);
    if (c === '<' && parts.includes('0')) parts.splice(parts.indexOf('0'), 1);
    else if (c === '+' && parts.includes(' ')) parts.splice(parts.indexOf(' '), 1);
  }
  return parts.join('');
}

export function percentToFormat(s: string): string {
  return parsePercentFormat(s)
    .map(([lit, fmt]) => {
      const text = curlyEscape(lit);
      if (!fmt) return text;
      const [key, flag, width, precision] = fmt;
      let conversion = fmt[4];
      if (conversion === '%') return `${text}%`;
      const parts = [text, '{'];
      if (conversion === 's') conversion = '';
      if (key) parts.push(key);
      let converter = '';
      if (conversion === 'r' || conversion === 'a') {
        converter = `!${conversion}`;
        conversion = '';
      }
      if (flag || width || precision || conversion) parts.push(':');
      if (flag) parts.push(simplifyConversionFlag(flag));
      for (const x of [width, precision, conversion]) if (x) parts.push(x);
      parts.push(converter);
      parts.push('}');
      return parts.join('');
    })
    .join('');
}

/** pyupgrade's visit_BinOp conditions: may this `%` format (its value) become `.format`? */
export function percentConvertible(value: string, rightIsDict: boolean): boolean {
  let parsed: PercentPart[];
  try {
    parsed = parsePercentFormat(value);
  } catch {
    return false;
  }
  for (const [, fmt] of parsed) {
    if (!fmt) continue;
    const [key, flag, width, precision, conversion] = fmt;
    if (width === '*' || precision === '.*') return false;
    if ('diuc'.includes(conversion)) return false;
    if ((flag ?? '').includes('#') && conversion === 'o') return false;
    if (key === '') return false;
    const nontrivial = !!(flag || width || precision);
    if (conversion === '%' && nontrivial) return false;
    if ((conversion === 'a' || conversion === 'r') && nontrivial) return false;
    if (width && conversion === 's') return false;
    if (rightIsDict && !key) return false;
  }
  return true;
}
