/**
 * Docstring coverage the interrogate way: every module, class, function and
 * method counts once, private and dunder ones included; a file is its
 * documented / total, the project the sum over files.
 *
 * Input is the scan's per-file facts (path -> rule code -> facts); any DOC
 * rule's facts carry the file's {documented, total}.
 */
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
