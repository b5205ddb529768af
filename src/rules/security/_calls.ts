import type { Node } from '../../lang/python/parser';
import type { PythonContext } from '../../lang/python/rule';

/**
 * The dotted name a call's callee refers to, following imports ("os.system",
 * "builtins.eval"). With `lastNames`, calls whose last name cannot match are
 * rejected before any scope analysis, which keeps the common case cheap.
 */
export function calleeName(call: Node, ctx: PythonContext, lastNames?: Set<string>): string | null {
  const info = ctx.names.callee(call);
  if (!info.fn) return null;
  if (lastNames) {
    if (!info.text || !info.last || !info.root) return null;
    const imported = ctx.names.importedNames();
    if (info.root === info.text) {
      // the builtin or a name imported under its own name or an alias: `from os import popen as p`
      const q = imported.get(info.text);
      if (!lastNames.has(info.text) && !(q && lastNames.has(q.slice(q.lastIndexOf('.') + 1)))) return null;
    } else {
      // only a chain rooted at an imported name can name a module's function
      if (!lastNames.has(info.last) || !imported.has(info.root)) return null;
    }
  }
  return ctx.names.qualifiedName(info.fn);
}
