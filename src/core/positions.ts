/**
 * Positions in a decoded text, the same for every language: 1-based lines
 * (found by binary search over the line starts) and 1-based columns counted
 * in Unicode code points, from a JS string index (UTF-16 code units).
 */
export interface Position {
  line: number; // 1-based
  column: number; // 1-based, in Unicode code points
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
