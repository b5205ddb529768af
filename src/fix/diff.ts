import { createTwoFilesPatch, structuredPatch, type StructuredPatchHunk } from 'diff';

/** lines of context around each change, as git shows them */
export const CONTEXT = 3;

/** A unified diff of one file in git's a/ b/ style (what `fix --diff` prints). */
export function unifiedDiff(path: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: CONTEXT });
  // drop the "=====" separator line the package puts first
  return patch.replace(/^=+\n/, '');
}

/** The hunks of unifiedDiff's diff of the same texts (the migration guide's examples). */
export function diffHunks(before: string, after: string): StructuredPatchHunk[] {
  return structuredPatch('a', 'b', before, after, undefined, undefined, { context: CONTEXT }).hunks;
}
