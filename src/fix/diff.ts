import { createTwoFilesPatch } from 'diff';

/** A unified diff of one file in git's a/ b/ style (what `fix --diff` prints). */
export function unifiedDiff(path: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  // drop the "=====" separator line the package puts first
  return patch.replace(/^=+\n/, '');
}
