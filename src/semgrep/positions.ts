import { TextDecoder } from 'node:util';
import { encodePython, type Decoded } from '../lang/python/decode';

/**
 * semgrep counts positions in bytes of the file as it is on disk: `offset` is
 * a 0-based byte offset and `col` a 1-based byte column (checked with a line
 * holding "é😀": the `eval(` after them is at col 15, where it is the 11th
 * character). Our model counts UTF-16 code units for `start`/`end` and code
 * points for columns, in the decoded text. This maps byte offsets to string
 * indices for one file, in one walk over the text.
 */
export class ByteIndex {
  /** byte offset at which the text starts (3 with a UTF-8 BOM) */
  private readonly base: number;
  private readonly width: (cp: number) => number;

  /** string index at each byte offset, for multi-byte codecs other than UTF-8 */
  private table: Int32Array | null = null;

  /** `bytes`: the file as on disk, which tells a single-byte codec (one byte per character) apart */
  constructor(
    private readonly text: string,
    decoded: Pick<Decoded, 'encoding' | 'bom'>,
    bytes?: Uint8Array,
  ) {
    this.base = decoded.bom ? 3 : 0;
    this.width = () => 1;
    if (decoded.encoding === 'utf-8') this.width = utf8Width;
    else if (bytes && bytes.length - this.base === codePoints(text)) this.width = () => 1;
    else if (bytes) this.table = decodeTable(bytes, this.base, decoded.encoding, text.length);
    else {
      const cache = new Map<number, number>();
      this.width = (cp) => {
        let w = cache.get(cp);
        if (w === undefined) {
          w = encodePython(String.fromCodePoint(cp), { encoding: decoded.encoding, bom: false }).length;
          cache.set(cp, w);
        }
        return w;
      };
    }
  }

  /** String indices (UTF-16) of the given byte offsets; an offset inside a character maps to that character's start. */
  indices(byteOffsets: number[]): Map<number, number> {
    const out = new Map<number, number>();
    if (this.table) {
      const t = this.table;
      for (const b of byteOffsets) out.set(b, t[Math.max(0, Math.min(b, t.length - 1))]);
      return out;
    }
    const wanted = [...new Set(byteOffsets)].sort((a, b) => a - b);
    let bytes = this.base;
    let i = 0;
    let k = 0;
    while (k < wanted.length && wanted[k] <= bytes) out.set(wanted[k++], 0);
    while (k < wanted.length && i < this.text.length) {
      const cp = this.text.codePointAt(i)!;
      const units = cp > 0xffff ? 2 : 1;
      const next = bytes + this.width(cp);
      while (k < wanted.length && wanted[k] < next) out.set(wanted[k++], i);
      i += units;
      bytes = next;
      while (k < wanted.length && wanted[k] === bytes) out.set(wanted[k++], i);
    }
    while (k < wanted.length) out.set(wanted[k++], this.text.length);
    return out;
  }
}

/**
 * For a multi-byte codec (shift_jis, gb18030, …): feed the decoder one byte at
 * a time; a character is complete at the byte where the decoder hands it out.
 */
function decodeTable(bytes: Uint8Array, base: number, encoding: string, textLength: number): Int32Array {
  const table = new Int32Array(bytes.length + 1);
  const decoder = new TextDecoder(encoding, { fatal: true });
  let index = 0;
  for (let b = base; b < bytes.length; b++) {
    table[b] = index;
    index += decoder.decode(bytes.subarray(b, b + 1), { stream: true }).length;
  }
  index += decoder.decode().length;
  table[bytes.length] = Math.min(index, textLength);
  // an offset inside a character maps to that character's start
  for (let b = bytes.length - 1; b >= base; b--) if (table[b] > table[b + 1]) table[b] = table[b + 1];
  return table;
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}

function utf8Width(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
