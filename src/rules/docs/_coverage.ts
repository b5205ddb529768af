/**
 * Docstring coverage the interrogate way: every module, class, function and
 * method counts once, private and dunder ones included; a file is its
 * documented / total, the project the sum over files.
 *
 * Input is the scan's per-file facts (path -> rule code -> facts); any DOC
 * rule's facts carry the file's {documented, total}.
 */
import type { CoverageFigure } from '../../core/rule';

export interface CoverageCount {
  documented: number;
  total: number;
  percent: number;
}

export interface DocCoverage extends CoverageCount {
  files: Record<string, CoverageCount>;
}

const DOC_CODES = ['DOC001', 'DOC002', 'DOC003', 'DOC004'];

function percent(documented: number, total: number): number {
  return total === 0 ? 100 : Math.round((documented / total) * 1000) / 10;
}

function countOf(v: unknown): { documented: number; total: number } | null {
  if (!v || typeof v !== 'object') return null;
  const { documented, total } = v as Record<string, unknown>;
  return typeof documented === 'number' && typeof total === 'number' ? { documented, total } : null;
}

/** Coverage per file and overall; files without DOC facts (no DOC rule selected) are left out. Percentages have one decimal. */
export function docCoverage(facts: Map<string, Record<string, unknown>>): DocCoverage {
  const files: Record<string, CoverageCount> = {};
  let documented = 0;
  let total = 0;
  for (const p of [...facts.keys()].sort()) {
    const byCode = facts.get(p) ?? {};
    let c: { documented: number; total: number } | null = null;
    for (const code of DOC_CODES) if ((c = countOf(byCode[code]))) break;
    if (!c) continue;
    files[p] = { ...c, percent: percent(c.documented, c.total) };
    documented += c.documented;
    total += c.total;
  }
  return { documented, total, percent: percent(documented, total), files };
}

/** Coverage over several shards' summaries: the per-file counts joined (each checked as it is read back), the totals recomputed the same way. */
export function mergeCoverage(parts: unknown[]): DocCoverage | null {
  const summaries = parts.filter((p): p is { files?: unknown } => !!p && typeof p === 'object');
  if (summaries.length === 0) return null;
  const facts = new Map<string, Record<string, unknown>>();
  for (const { files } of summaries) if (files && typeof files === 'object') for (const [file, c] of Object.entries(files)) facts.set(file, { [DOC_CODES[0]]: countOf(c) });
  return docCoverage(facts);
}

/** The docstring coverage the DOC rules feed (each one's `coverage`), judged by `--fail-under`. */
export const docstringCoverage: CoverageFigure<DocCoverage> = {
  key: 'docstringCoverage',
  failUnder: true,
  of: (scan) => docCoverage(scan.facts),
  // `merge` has only each shard's per-file counts
  merged: ({ summaries }) => mergeCoverage(summaries),
  summary: (c) => c,
  note(c, failUnder) {
    const base = `Docstring coverage: ${c.percent}% (${c.documented} of ${c.total} documented)`;
    if (failUnder === undefined) return `${base}.`;
    return c.percent < failUnder ? `${base}, below --fail-under ${failUnder}%.` : `${base}, at or above --fail-under ${failUnder}%.`;
  },
};
