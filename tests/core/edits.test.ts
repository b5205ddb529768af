import type { Edit } from '../../src/core/finding';
import { applyEdits, selectFixes, type Candidate } from '../../src/core/edits';

/** The rule selectFixes must keep, written the obvious way: each edit against every edit taken so far. */
function reference(candidates: Candidate[]): Candidate[] {
  const overlaps = (a: Edit, b: Edit): boolean => {
    if (a.start === a.end && b.start === b.end) return a.start === b.start;
    if (a.start === a.end) return a.start > b.start && a.start < b.end;
    if (b.start === b.end) return b.start > a.start && b.start < a.end;
    return a.start < b.end && b.start < a.end;
  };
  const same = (a: Edit, b: Edit): boolean => a.start === b.start && a.end === b.end && a.text === b.text;
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
    if (ok) {
      taken.push(...fresh);
      chosen.push(c);
    }
  }
  return chosen;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function candidates(rnd: () => number, n: number, size: number): Candidate[] {
  const out: Candidate[] = [];
  const shared: Edit = { start: 0, end: 0, text: 'import os\n' };
  for (let i = 0; i < n; i++) {
    const edits: Edit[] = [];
    const k = 1 + Math.floor(rnd() * 3);
    for (let j = 0; j < k; j++) {
      if (rnd() < 0.2) {
        edits.push(shared);
        continue;
      }
      const start = Math.floor(rnd() * size);
      const len = rnd() < 0.3 ? 0 : Math.floor(rnd() * 6);
      const e = { start, end: Math.min(size, start + len), text: rnd() < 0.5 ? 'x' : 'yy' };
      // a fix's own edits never overlap each other (applyEdits refuses such a fix)
      if (!edits.some((d) => d.start < e.end && e.start < d.end) && !edits.some((d) => d.start === e.start)) edits.push(e);
    }
    out.push({ finding: { code: 'X001', line: 1, column: 1 } as Candidate['finding'], fix: { safety: 'safe', description: '', edits } as Candidate['fix'] });
  }
  return out;
}

test('selectFixes chooses exactly what comparing every edit with every taken one chooses (random sets, shared and touching edits)', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = random(seed);
    const cs = candidates(rnd, 5 + Math.floor(rnd() * 40), 60);
    const { chosen, edits } = selectFixes(cs);
    expect({ seed, chosen: chosen.map((c) => cs.indexOf(c)) }).toEqual({ seed, chosen: reference(cs).map((c) => cs.indexOf(c)) });
    // what it returns can be applied: sorted, non-overlapping
    expect(() => applyEdits('a'.repeat(60), edits)).not.toThrow();
  }
});

test('selectFixes of 150,000 fixes in position order, each with the shared import, takes them all', () => {
  const cs: Candidate[] = [];
  for (let i = 0; i < 150_000; i++) cs.push({ finding: { code: 'X001' } as Candidate['finding'], fix: { edits: [{ start: 0, end: 0, text: 'import logging\n' }, { start: 10 + i * 10, end: 15 + i * 10, text: 'log' }] } as Candidate['fix'] });
  const { chosen, edits } = selectFixes(cs);
  expect(chosen).toHaveLength(150_000);
  expect(edits).toHaveLength(150_001);
});
