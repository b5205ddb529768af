/**
 * Positions in a decoded text, the same for every language: 1-based lines
 * (found by binary search over the line starts) and 1-based columns counted
 * in Unicode code points, from a JS string index (UTF-16 code units).
 */
export interface Position {
  line: number; // 1-based
  column: number; // 1-based, in Unicode code points
}

/** Where each row starts as tree-sitter counts rows: at 0 and after every \n (a lone \r starts none). */
export function newlineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Where each line starts: at 0 and after every \n, \r\n or lone \r, and with
 * `js` after U+2028 and U+2029 too (JavaScript's line terminators).
 */
export function lineStartsOf(text: string, js = false): number[] {
  // the common case: only \n line endings, found by the engine's native search, not a loop over every code unit
  if (text.indexOf('\r') < 0 && (!js || (text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0))) return newlineStarts(text);
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (js && (c === 0x2028 || c === 0x2029)) starts.push(i + 1);
  }
  return starts;
}

/** The 1-based line holding `index`, given the sorted start index of every line. */
export function lineOfIndex(lineStarts: readonly number[], index: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Line and code-point column of `index`. */
export function positionOf(text: string, lineStarts: readonly number[], index: number): Position {
  const line = lineOfIndex(lineStarts, index);
  const start = lineStarts[line - 1];
  let column = 1;
  for (let i = start; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    column++;
  }
  return { line, column };
}

/** The text of a 1-based line without its line ending (JS's also ends at U+2028/2029, as its lineStarts do). */
export function lineTextOf(text: string, lineStarts: readonly number[], line: number, js = false): string {
  const start = lineStarts[line - 1] ?? text.length;
  let end = line < lineStarts.length ? lineStarts[line] : text.length;
  const ends = (c: string): boolean => c === '\n' || c === '\r' || (js && (c === '\u2028' || c === '\u2029'));
  while (end > start && ends(text[end - 1])) end--;
  return text.slice(start, end);
}
