/**
 * Python string literals as source text: split the prefix from the quoted
 * body, compute the value Python would (escape sequences decoded), and write a
 * value back as a literal. Codemods need the value for their checks (what
 * pyupgrade reads from `ast.Str.s`) and the raw text for their rewrites.
 */

export interface StringLiteral {
  /** the prefix as written: '', 'r', 'Rb', 'f' ... */
  prefix: string;
  /** the quote: ' " ''' or """ */
  quote: string;
  /** text between the quotes, as written */
  body: string;
}

const PREFIX = /^[rRbBuUfF]{0,2}/;

/** tokenize_rt.parse_string_literal: (prefix, rest). */
export function splitPrefix(src: string): [string, string] {
  const m = PREFIX.exec(src)!;
  return [m[0], src.slice(m[0].length)];
}

export function parseLiteral(src: string): StringLiteral | null {
  const [prefix, rest] = splitPrefix(src);
  const q3 = rest.slice(0, 3);
  let quote: string;
  if (q3 === "'''" || q3 === '"""') quote = q3;
  else if (rest[0] === "'" || rest[0] === '"') quote = rest[0];
  else return null;
  if (rest.length < quote.length * 2 || !rest.endsWith(quote)) return null;
  return { prefix, quote, body: rest.slice(quote.length, rest.length - quote.length) };
}

/**
 * The value of a str literal (not bytes, not an f-string), or null. A `\N{...}`
 * escape decodes to U+FFFD: the codemods only look for braces and percent signs.
 */
export function literalValue(src: string): string | null {
  const lit = parseLiteral(src);
  if (!lit) return null;
  const p = lit.prefix.toLowerCase();
  if (p.includes('b') || p.includes('f')) return null;
  const body = lit.body.replace(/\r\n?/g, '\n');
  if (p.includes('r')) return body;
  return decodeEscapes(body);
}

const SIMPLE: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

export function decodeEscapes(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1];
    if (n in SIMPLE) {
      out += SIMPLE[n];
      i++;
    } else if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length;
    } else if (n === 'x' && /^[0-9a-fA-F]{2}/.test(body.slice(i + 2))) {
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (n === 'u' && /^[0-9a-fA-F]{4}/.test(body.slice(i + 2))) {
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (n === 'U' && /^[0-9a-fA-F]{8}/.test(body.slice(i + 2))) {
      const cp = parseInt(body.slice(i + 2, i + 10), 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      i += 9;
    } else if (n === 'N' && body[i + 2] === '{' && body.indexOf('}', i + 3) > 0) {
      out += '\ufffd';
      i = body.indexOf('}', i + 3);
    } else {
      out += c; // unknown escape: the backslash stays
    }
  }
  return out;
}

/** The value of a literal written as a double-quoted Python str literal. */
export function quotePy(value: string, quote: '"' | "'" = '"'): string {
  let out = quote;
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
