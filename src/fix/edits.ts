import type { Edit, Finding, Fix } from '../core/finding';
import type { AppliedEdit } from '../lang/python/source';

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

export function selectFixes(candidates: Candidate[]): { chosen: Candidate[]; edits: Edit[] } {
  const taken: Edit[] = [];
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    const fresh: Edit[] = [];
    let ok = true;
    for (const e of c.fix.edits) {
      if (taken.some((t) => same(t, e)) || fresh.some((t) => same(t, e))) continue;
      if (taken.some((t) => overlaps(t, e))) {
        ok = false;
        break;
      }
      fresh.push(e);
    }
    if (!ok) continue;
    taken.push(...fresh);
    chosen.push(c);
  }
  return { chosen, edits: taken };
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

/** The line ending a file mostly uses, so that added lines match it. */
export function detectEol(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}
