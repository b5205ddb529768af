import type { Node } from '../../python/parser';

/** A str literal part that is neither bytes nor an f-string. */
export function isPlainStr(n: Node): boolean {
  if (n.type !== 'string') return false;
  const start = n.firstChild?.text ?? '';
  return !/[bBfF]/.test(start.replace(/['"]+$/, ''));
}
