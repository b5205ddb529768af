import type { Node } from './parser';

/**
 * Literal helpers. A string literal's *value* is assembled from its content
 * children so that quotes and prefixes never leak into checks; f-strings with
 * interpolations have no constant value.
 */
export function isStringNode(n: Node | null | undefined): n is Node {
  return !!n && (n.type === 'string' || n.type === 'concatenated_string');
}

/** The constant value of a string literal (escape sequences kept as written), or null for f-strings with fields. */
export function stringValue(n: Node): string | null {
  if (n.type === 'concatenated_string') {
    let s = '';
    for (const part of n.namedChildren) {
      if (!part) continue;
      const v = stringValue(part);
      if (v === null) return null;
      s += v;
    }
    return s;
  }
  if (n.type !== 'string') return null;
  let s = '';
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'interpolation') return null;
    if (c.type === 'string_content' || c.type === 'escape_sequence') s += c.text;
  }
  return s;
}

/**
 * Python truthiness of a literal expression: true / false, or null when the
 * expression is not a literal (a name, a call...), whose value is unknown.
 */
export function literalTruthiness(n: Node): boolean | null {
  switch (n.type) {
    case 'true':
      return true;
    case 'false':
    case 'none':
      return false;
    case 'integer':
      return !/^0+$|^0[xob]0+$/i.test(n.text.replace(/_/g, '').replace(/[lL]$/, ''));
    case 'float':
      return Number(n.text.replace(/_/g, '').replace(/[jJ]$/, '')) !== 0;
    case 'string':
    case 'concatenated_string': {
      const v = stringValue(n);
      if (v === null) return null;
      return v.length > 0;
    }
    case 'list':
    case 'tuple':
    case 'set':
      return n.namedChildCount > 0;
    case 'dictionary':
      return n.namedChildCount > 0;
    case 'parenthesized_expression': {
      const inner = n.namedChildren[0];
      return inner ? literalTruthiness(inner) : null;
    }
    case 'unary_operator': {
      const op = n.childForFieldName('operator')?.text;
      const arg = n.childForFieldName('argument');
      if (op === 'not' || !arg) return null;
      return literalTruthiness(arg);
    }
    case 'not_operator': {
      const arg = n.childForFieldName('argument');
      const t = arg ? literalTruthiness(arg) : null;
      return t === null ? null : !t;
    }
    default:
      return null;
  }
}
