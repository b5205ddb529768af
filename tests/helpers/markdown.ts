/**
 * The links and heading anchors of a Markdown file, for the docs check.
 *
 * No Markdown parser is installed (node_modules has no markdown-it, marked,
 * mdast or micromark, and package.json is not ours to change), so this reads
 * the subset of CommonMark our docs use, carefully enough not to see links
 * where a renderer shows none:
 * - fenced code blocks (``` and ~~~) and code spans hold no links;
 * - inline links and images `[text](dest "title")`, `<dest>` destinations,
 *   nested brackets in the text, backslash escapes, link text over several
 *   lines, and reference definitions `[label]: dest`;
 * - ATX headings (`## Title`), slugged as GitHub does.
 * Not read: indented code blocks, setext headings, raw HTML anchors. None of
 * them is in the docs today; the tests of this helper say what it reads.
 */

export interface MdLink {
  target: string;
  line: number;
}

/** The text with each fenced code block's lines blanked (kept as empty lines, so line numbers hold). */
function blankFences(text: string): string {
  const lines = text.split('\n');
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (fence === null) {
      if (m) {
        fence = m[1];
        lines[i] = '';
      }
    } else {
      // a closing fence is the same character, at least as long, and nothing after it
      const closes = m && m[1][0] === fence[0] && m[1].length >= fence.length && lines[i].trim() === m[1];
      lines[i] = '';
      if (closes) fence = null;
    }
  }
  return lines.join('\n');
}

/** Where the code span opening at `i` (a run of backticks) ends, or -1 when it is not closed in its paragraph. */
function codeSpanEnd(s: string, i: number): number {
  let n = 0;
  while (s[i + n] === '`') n++;
  const para = s.slice(i).search(/\n[ \t]*\n/);
  const limit = para < 0 ? s.length : i + para;
  for (let j = i + n; j < limit; ) {
    if (s[j] !== '`') {
      j++;
      continue;
    }
    let m = 0;
    while (s[j + m] === '`') m++;
    if (m === n) return j + m;
    j += m;
  }
  return -1;
}

/** Index of the `]` matching the `[` at `i` (brackets nest; code spans and escapes are skipped), or -1. */
function closingBracket(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '`') {
      const end = codeSpanEnd(s, j);
      if (end >= 0) j = end - 1;
      else while (s[j + 1] === '`') j++;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
    else if (c === '\n' && /^\n[ \t]*\n/.test(s.slice(j))) return -1; // link text does not cross a blank line
  }
  return -1;
}

/** The destination of an inline link whose `(` is at `i` and where it ends, or null when it is not a well-formed one. */
function destination(s: string, i: number): { dest: string; end: number } | null {
  let j = i + 1;
  while (s[j] === ' ' || s[j] === '\t' || s[j] === '\n') j++;
  let dest: string;
  let k = j;
  if (s[j] === '<') {
    k = s.indexOf('>', j);
    if (k < 0 || s.slice(j, k).includes('\n')) return null;
    dest = s.slice(j + 1, k++);
  } else {
    // a bare destination: no spaces, balanced parentheses
    let depth = 0;
    for (; k < s.length; k++) {
      const c = s[k];
      if (c === '\\') k++;
      else if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (/\s/.test(c)) break;
    }
    dest = s.slice(j, k).replace(/\\(.)/g, '$1');
  }
  // then an optional title in quotes or parentheses, and the closing parenthesis
  const rest = /^[ \t\n]*(?:("[^"]*"|'[^']*'|\([^)]*\))[ \t\n]*)?\)/.exec(s.slice(k));
  return rest ? { dest, end: k + rest[0].length } : null;
}

/** Every link and image destination in the file, with the line it starts on. */
export function markdownLinks(text: string): MdLink[] {
  const s = blankFences(text);
  const out: MdLink[] = [];
  const lineAt = (i: number): number => s.slice(0, i).split('\n').length;
  // after a link's text, scanning goes on past its destination
  const jumps = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const past = jumps.get(i);
    if (past !== undefined) {
      i = past - 1;
      continue;
    }
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '`') {
      const end = codeSpanEnd(s, i);
      if (end >= 0) i = end - 1;
      else while (s[i + 1] === '`') i++;
      continue;
    }
    if (c !== '[') continue;
    const close = closingBracket(s, i);
    if (close < 0) continue;
    if (s[close + 1] === '(') {
      const link = destination(s, close + 1);
      if (link === null) continue;
      out.push({ target: link.dest, line: lineAt(i) });
      // the text is scanned on (an image inside a link's text is a link too), then the destination skipped
      jumps.set(close, link.end);
    } else if (s[close + 1] === ':' && /(^|\n) {0,3}$/.test(s.slice(0, i))) {
      // a reference definition `[label]: dest` at the start of a line
      const m = /^:[ \t]*(?:<([^>\n]*)>|(\S+))/.exec(s.slice(close + 1));
      if (m) out.push({ target: m[1] ?? m[2], line: lineAt(i) });
    }
  }
  return out;
}

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, each space a hyphen. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .replace(/`/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The anchors of the file's ATX headings, with GitHub's -1, -2 … for repeated ones. */
export function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of blankFences(text).split('\n')) {
    const m = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}
