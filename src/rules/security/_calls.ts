import type { Node } from '../../python/parser';
import type { RuleContext } from '../types';

/** The dotted name a call's callee refers to, following imports ("os.system", "builtins.eval"). */
export function calleeName(call: Node, ctx: RuleContext): string | null {
  const fn = call.childForFieldName('function');
  return fn ? ctx.names.qualifiedName(fn) : null;
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
