import { encodePython, type Decoded } from '../python/decode';

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

  constructor(
    private readonly text: string,
    decoded: Pick<Decoded, 'encoding' | 'bom'>,
  ) {
    this.base = decoded.bom ? 3 : 0;
    if (decoded.encoding === 'utf-8') this.width = utf8Width;
    else {
      // the file's own codec; single-byte codecs (latin-1, cp1252, …) are the common case
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
    const wanted = [...new Set(byteOffsets)].sort((a, b) => a - b);
    const out = new Map<number, number>();
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

function utf8Width(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
