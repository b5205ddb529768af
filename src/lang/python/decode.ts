import { TextDecoder } from 'node:util';

/**
 * Turn a Python file's bytes into text the way Python would: a UTF-8 BOM, or a
 * PEP 263 coding cookie on line 1 or 2, picks the codec; otherwise UTF-8.
 * Undecodable bytes are an error for that file, never silently replaced.
 */
export interface Decoded {
  text: string;
  encoding: string;
  bom: boolean;
}

export class DecodeError extends Error {}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

function normaliseEncoding(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8' || n.startsWith('utf-8-') || n === 'utf8') return 'utf-8';
  if (n === 'latin-1' || n === 'iso-8859-1' || n === 'iso-latin-1' || n.startsWith('latin-1-') || n.startsWith('iso-8859-1-')) return 'latin1';
  return n;
}

/** The coding cookie of the first two lines, if any (PEP 263). */
export function codingCookie(bytes: Uint8Array): string | null {
  let start = 0;
  for (let lineNo = 0; lineNo < 2 && start < bytes.length; lineNo++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const line = Buffer.from(bytes.subarray(start, Math.min(end, start + 400))).toString('latin1');
    const m = COOKIE.exec(line);
    if (m) return m[1];
    // PEP 263: the cookie may be on line 2 only if line 1 is a comment or blank
    if (!/^[ \t\f]*(#.*)?\r?$/.test(line)) break;
    start = end + 1;
  }
  return null;
}

export function decodePython(bytes: Uint8Array): Decoded {
  let bom = false;
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bom = true;
    body = bytes.subarray(3);
  }
  const cookie = codingCookie(body);
  let encoding = cookie ? normaliseEncoding(cookie) : 'utf-8';
  if (bom && encoding !== 'utf-8') throw new DecodeError(`UTF-8 BOM conflicts with coding cookie '${cookie}'`);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding === 'latin1' ? 'iso-8859-1' : encoding, { fatal: true });
  } catch {
    throw new DecodeError(`unknown encoding '${cookie}' in coding cookie`);
  }
  if (encoding === 'cp1252' || encoding === 'windows-1252') {
    // Node 20's TextDecoder decodes windows-1252 as latin-1; map 0x80-0x9F as Python does
    let text = '';
    for (let i = 0; i < body.length; i++) {
      const b = body[i];
      if (b >= 0x80 && b <= 0x9f) {
        const ch = CP1252_HIGH[b - 0x80];
        if (!ch) throw new DecodeError(`byte 0x${b.toString(16)} at offset ${i} is not valid in the declared encoding '${cookie}'`);
        text += ch;
      } else text += String.fromCharCode(b);
    }
    return { text, encoding: 'cp1252', bom };
  }
  if (encoding === 'latin1') {
    // WHATWG maps iso-8859-1 to windows-1252; Python's latin-1 is the identity on bytes
    return { text: Buffer.from(body).toString('latin1'), encoding, bom };
  }
  try {
    return { text: decoder.decode(body), encoding, bom };
  } catch {
    const at = firstInvalidUtf8(body);
    throw new DecodeError(
      encoding === 'utf-8'
        ? `not valid UTF-8 (byte 0x${body[at]?.toString(16).padStart(2, '0')} at offset ${at}); add a coding cookie or re-encode the file`
        : `bytes not valid in the declared encoding '${cookie}'`,
    );
  }
}

// Python's cp1252 for bytes 0x80-0x9F ('' where Python's codec has no character)
const CP1252_HIGH = ['€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '', '', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ'];

function firstInvalidUtf8(bytes: Uint8Array): number {
  const b = bytes;
  let lo = 0;
  let hi = b.length;
  // binary search for the shortest prefix that fails; streaming mode accepts a
  // sequence cut at the end, so only a truly invalid byte fails
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  // the failing byte may end a sequence whose lead byte came earlier: name the lead
  for (let k = 1; k <= 3 && lo - k >= 0; k++) {
    const b = bytes[lo - k];
    if (b >= 0xc0) return lo - k;
    if (b < 0x80) break;
  }
  return lo;
}

/** Encode text back to bytes in the file's original encoding (used by `fix`). */
export function encodePython(text: string, decoded: Pick<Decoded, 'encoding' | 'bom'>): Buffer {
  let body: Buffer;
  if (decoded.encoding === 'utf-8') body = Buffer.from(text, 'utf8');
  else if (decoded.encoding === 'cp1252') {
    const bytes: number[] = [];
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      const hi = CP1252_HIGH.indexOf(ch);
      if (hi >= 0 && ch !== '') bytes.push(0x80 + hi);
      else if (c < 0x100 && !(c >= 0x80 && c <= 0x9f)) bytes.push(c);
      else throw new DecodeError(`character U+${c.toString(16).padStart(4, '0')} cannot be written as cp1252`);
    }
    body = Buffer.from(bytes);
  }
  else if (decoded.encoding === 'latin1') body = Buffer.from(text, 'latin1');
  else throw new DecodeError(`cannot write files encoded as '${decoded.encoding}'`);
  return decoded.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
