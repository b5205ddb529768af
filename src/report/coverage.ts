import { docCoverage, type DocCoverage } from '../rules/docs/_coverage';

/**
 * Docstring coverage for the summary and `--fail-under` comes from the DOC
 * rules' facts (src/rules/docs/_coverage.ts). `merge` only has each shard's
 * per-file counts, so it feeds those back through the same function.
 */
export { docCoverage, type DocCoverage };

/** Coverage over several shards' summaries: the per-file counts joined, the totals recomputed the same way. */
export function mergeCoverage(parts: DocCoverage[]): DocCoverage | null {
  if (parts.length === 0) return null;
  const facts = new Map<string, Record<string, unknown>>();
  for (const p of parts) for (const [file, c] of Object.entries(p.files ?? {})) facts.set(file, { DOC001: { documented: c.documented, total: c.total } });
  return docCoverage(facts);
}
