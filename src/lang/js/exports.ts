import type { ts } from 'ts-morph';
import { tsv } from './ts';
import { hasJsDoc, isExported } from './calls';

/** An exported function or class and the node whose JSDoc documents it. */
export interface Exported {
  kind: 'function' | 'class';
  name: string;
  /** where the finding goes: the declaration (or the `export const` statement) */
  node: ts.Node;
  /** the node that would carry the JSDoc */
  docHost: ts.Node;
  fn?: ts.FunctionLikeDeclaration;
}

/**
 * The file's exported functions and classes, the way TypeScript attaches
 * JSDoc: `export function f`, `export default function`, `export class C`,
 * `export const f = () => …` / `= function …` (the JSDoc sits on the
 * statement), `export default () => …`. Overload signatures count with their
 * implementation (one entry, documented when any of them has JSDoc).
 * `export { f }` lists and CommonJS `module.exports` are not followed.
 */
export function exportedDeclarations(sf: ts.SourceFile): Exported[] {
  const out: Exported[] = [];
  const overloads = new Map<string, ts.FunctionDeclaration[]>();
  for (const st of sf.statements) {
    if (tsv().isFunctionDeclaration(st) && isExported(st)) {
      const name = st.name?.text ?? 'default';
      const list = overloads.get(name) ?? [];
      list.push(st);
      overloads.set(name, list);
      if (!st.body) continue;
      out.push({ kind: 'function', name, node: st, docHost: st, fn: st });
    } else if (tsv().isClassDeclaration(st) && isExported(st)) {
      out.push({ kind: 'class', name: st.name?.text ?? 'default', node: st, docHost: st });
    } else if (tsv().isVariableStatement(st) && isExported(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (init && tsv().isIdentifier(d.name) && (tsv().isArrowFunction(init) || tsv().isFunctionExpression(init))) out.push({ kind: 'function', name: d.name.text, node: st, docHost: st, fn: init });
        else if (init && tsv().isIdentifier(d.name) && tsv().isClassExpression(init)) out.push({ kind: 'class', name: d.name.text, node: st, docHost: st });
      }
    } else if (tsv().isExportAssignment(st) && !st.isExportEquals && (tsv().isArrowFunction(st.expression) || tsv().isFunctionExpression(st.expression))) {
      out.push({ kind: 'function', name: 'default', node: st, docHost: st, fn: st.expression });
    }
  }
  // an implementation counts as documented when one of its overload signatures is
  for (const e of out) {
    if (e.kind === 'function' && tsv().isFunctionDeclaration(e.node)) {
      const sigs = overloads.get(e.name) ?? [];
      if (sigs.some((s) => s !== e.node && hasJsDoc(s))) (e as { documented?: boolean }).documented = true;
    }
  }
  return out;
}

export function isDocumented(e: Exported): boolean {
  return (e as { documented?: boolean }).documented === true || hasJsDoc(e.docHost);
}
