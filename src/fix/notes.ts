import type { SourceFile } from '../python/source';

/**
 * Why a whole-file codemod (NET001, DB001) left a file alone. Rules keep their
 * messages; the reason travels beside the findings, keyed by the parsed file,
 * and `fix` prints it and puts it in the migration report.
 */
const notes = new WeakMap<SourceFile, Map<string, string>>();

export function noteUnfixed(file: SourceFile, code: string, reason: string): void {
  let m = notes.get(file);
  if (!m) notes.set(file, (m = new Map()));
  m.set(code, reason);
}

export function unfixedNotes(file: SourceFile): Array<{ code: string; reason: string }> {
  return [...(notes.get(file) ?? [])].map(([code, reason]) => ({ code, reason }));
}
