import type { Node } from '../../python/parser';
import type { RuleContext } from '../types';

/** The last name of a callee: `eval` for eval(...), `system` for os.system(...). */
export function calleeLastName(call: Node): string | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? null;
  return null;
}

/**
 * The dotted name a call's callee refers to, following imports ("os.system",
 * "builtins.eval"). With `lastNames`, calls whose last name cannot match are
 * rejected before any scope analysis, which keeps the common case cheap.
 */
export function calleeName(call: Node, ctx: RuleContext, lastNames?: Set<string>): string | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  if (lastNames) {
    const imported = ctx.names.importedNames();
    if (fn.type === 'identifier') {
      // the builtin or a name imported under its own name or an alias: `from os import popen as p`
      const q = imported.get(fn.text);
      if (!lastNames.has(fn.text) && !(q && lastNames.has(q.slice(q.lastIndexOf('.') + 1)))) return null;
    } else if (fn.type === 'attribute') {
      const last = fn.childForFieldName('attribute')?.text;
      if (!last || !lastNames.has(last)) return null;
      // only a chain rooted at an imported name can name a module's function
      let root: Node | null = fn;
      while (root && root.type === 'attribute') root = root.childForFieldName('object');
      if (!root || root.type !== 'identifier' || !imported.has(root.text)) return null;
    } else return null;
  }
  return ctx.names.qualifiedName(fn);
}

/** The keyword_argument node named `name` in a call, if any. */
export function keywordArg(call: Node, name: string): Node | null {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return null;
  for (const a of args.namedChildren) {
    if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a;
  }
  return null;
}
