import type { ts } from 'ts-morph';
import { tsv } from './ts';

/**
 * The SyntaxKind names handlers may use, value -> name. `ts.SyntaxKind[k]` gives the last name
 * declared for a value, which for some kinds is a marker (`FirstStatement`
 * for VariableStatement), so the markers are left out.
 */
let VALUES: Map<string, ts.SyntaxKind> | null = null;

function values(): Map<string, ts.SyntaxKind> {
  if (VALUES) return VALUES;
  const names: string[] = [];
  for (const [name, value] of Object.entries(tsv().SyntaxKind)) {
    if (typeof value !== 'number' || /^(First|Last)/.test(name)) continue;
    if (names[value] === undefined) names[value] = name;
  }
  VALUES = new Map();
  names.forEach((n, v) => n !== undefined && VALUES!.set(n, v));
  return VALUES;
}

export function isKindName(name: string): boolean {
  return values().has(name);
}
