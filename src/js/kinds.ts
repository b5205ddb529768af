import { ts } from 'ts-morph';

/**
 * The SyntaxKind names handlers may use, value -> name. `ts.SyntaxKind[k]` gives the last name
 * declared for a value, which for some kinds is a marker (`FirstStatement`
 * for VariableStatement), so the markers are left out.
 */
const NAMES: string[] = [];
for (const [name, value] of Object.entries(ts.SyntaxKind)) {
  if (typeof value !== 'number' || /^(First|Last)/.test(name)) continue;
  if (NAMES[value] === undefined) NAMES[value] = name;
}

const VALUES = new Map<string, ts.SyntaxKind>();
NAMES.forEach((n, v) => n !== undefined && VALUES.set(n, v));

export function isKindName(name: string): boolean {
  return VALUES.has(name);
}
