import type { Edit, Finding, Fix } from './finding';

/** An edit as applied to a text (its text with the file's line endings): what an incremental reparse needs. */
export interface AppliedEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Choosing a set of fixes that can be applied together, and applying it.
 *
 * Fixes are taken in order (by position); a fix whose edits overlap an edit
 * already taken waits for the next pass. An edit identical to one already
 * taken (the same `import os` or module logger added by several fixes) is
 * shared rather than a conflict, which is what lets twenty print() fixes of a
 * file land in one pass.
 */
export interface Candidate {
  finding: Finding;
  fix: Fix;
}

function overlaps(a: Edit, b: Edit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start; // two insertions at one point: order unknown
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

const same = (a: Edit, b: Edit): boolean => a.start === b.start && a.end === b.end && a.text === b.text;

/**
 * Taken edits are pairwise non-overlapping, so sorted by (start, end) their
 * ends never decrease: the ones that can overlap a new edit are found by a
 * binary search on the ends and a short scan, not by comparing with all of
 * them (150,000 fixes in one file took minutes when every edit was compared
 * with every taken one).
 */
class TakenEdits {
  readonly sorted: Edit[] = [];
  private readonly keys = new Set<string>();

  has(e: Edit): boolean {
    return this.keys.has(`${e.start}:${e.end}:${e.text}`);
  }

  /** the first index whose edit ends at or after `pos` */
  private firstEndingFrom(pos: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].end < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlapsAny(e: Edit): boolean {
    for (let i = this.firstEndingFrom(e.start); i < this.sorted.length && this.sorted[i].start <= e.end; i++) {
      if (overlaps(this.sorted[i], e)) return true;
    }
    return false;
  }

  add(e: Edit): void {
    this.keys.add(`${e.start}:${e.end}:${e.text}`);
    let i = this.sorted.length;
    // fixes come mostly in position order: this is an append then
    while (i > 0 && (this.sorted[i - 1].start > e.start || (this.sorted[i - 1].start === e.start && this.sorted[i - 1].end > e.end))) i--;
    this.sorted.splice(i, 0, e);
  }
}

export function selectFixes(candidates: Candidate[]): { chosen: Candidate[]; edits: Edit[] } {
  const taken = new TakenEdits();
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    const fresh: Edit[] = [];
    let ok = true;
    for (const e of c.fix.edits) {
      if (taken.has(e) || fresh.some((t) => same(t, e))) continue;
      if (taken.overlapsAny(e)) {
        ok = false;
        break;
      }
      fresh.push(e);
    }
    if (!ok) continue;
    for (const e of fresh) taken.add(e);
    chosen.push(c);
  }
  return { chosen, edits: taken.sorted };
}

/** Apply non-overlapping edits; insertions go before a replacement that starts at the same point. */
export function applyEdits(text: string, edits: Edit[], eol = '\n'): string {
  return applyEditsTracked(text, edits, eol).text;
}

/** `applyEdits`, with the edits as applied (their text with the file's line endings): what an incremental reparse needs. */
export function applyEditsTracked(text: string, edits: Edit[], eol = '\n'): { text: string; applied: AppliedEdit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
  let out = '';
  let pos = 0;
  const applied: AppliedEdit[] = [];
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start}`);
    const inserted = eol === '\n' ? e.text : e.text.replace(/\r?\n/g, eol);
    out += text.slice(pos, e.start) + inserted;
    applied.push({ start: e.start, end: e.end, text: inserted });
    pos = e.end;
  }
  return { text: out + text.slice(pos), applied };
}

/**
 * The one edit that turns `before` into `after`: what lies between their
 * common start and common end (an editor buffer's new version, whatever the
 * client sent). Never splits a surrogate pair.
 */
export function diffEdit(before: string, after: string): AppliedEdit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** The line ending a file mostly uses, so that added lines match it. */
export function detectEol(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}
