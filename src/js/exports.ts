import { ts } from 'ts-morph';
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
    if (ts.isFunctionDeclaration(st) && isExported(st)) {
      const name = st.name?.text ?? 'default';
      const list = overloads.get(name) ?? [];
      list.push(st);
      overloads.set(name, list);
      if (!st.body) continue;
      out.push({ kind: 'function', name, node: st, docHost: st, fn: st });
    } else if (ts.isClassDeclaration(st) && isExported(st)) {
      out.push({ kind: 'class', name: st.name?.text ?? 'default', node: st, docHost: st });
    } else if (ts.isVariableStatement(st) && isExported(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (init && ts.isIdentifier(d.name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) out.push({ kind: 'function', name: d.name.text, node: st, docHost: st, fn: init });
        else if (init && ts.isIdentifier(d.name) && ts.isClassExpression(init)) out.push({ kind: 'class', name: d.name.text, node: st, docHost: st });
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals && (ts.isArrowFunction(st.expression) || ts.isFunctionExpression(st.expression))) {
      out.push({ kind: 'function', name: 'default', node: st, docHost: st, fn: st.expression });
    }
  }
  // an implementation counts as documented when one of its overload signatures is
  for (const e of out) {
    if (e.kind === 'function' && ts.isFunctionDeclaration(e.node)) {
      const sigs = overloads.get(e.name) ?? [];
      if (sigs.some((s) => s !== e.node && hasJsDoc(s))) (e as { documented?: boolean }).documented = true;
    }
  }
  return out;
}

export function isDocumented(e: Exported): boolean {
  return (e as { documented?: boolean }).documented === true || hasJsDoc(e.docHost);
}
