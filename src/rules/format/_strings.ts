import { parseFormat, type FormatPart } from '../../lang/python/format-spec';
import type { Node } from '../../lang/python/parser';

/** A str literal part that is neither bytes nor an f-string. */
export function isPlainStr(n: Node): boolean {
  if (n.type !== 'string') return false;
  const start = n.firstChild?.text ?? '';
  return !/[bBfF]/.test(start.replace(/['"]+$/, ''));
}

/** str.format's parse of a literal value, or null where Python raises ValueError. */
export function tryParse(s: string): FormatPart[] | null {
  try {
    return parseFormat(s);
  } catch {
    return null;
  }
}

/** The string parts of the literal a `.format` attribute is called on (through parentheses). */
export function literalParts(obj: Node): Node[] | null {
  let n: Node | null = obj;
  while (n && n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0];
  if (!n) return null;
  if (n.type === 'string') return [n];
  if (n.type === 'concatenated_string') return n.namedChildren.filter((c): c is Node => !!c && c.type === 'string');
  return null;
}
