import type { Node } from './parser';

/** The keyword_argument node named `name` in a call, if any. */
export function keywordArg(call: Node, name: string): Node | null {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return null;
  for (const a of args.namedChildren) {
    if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a;
  }
  return null;
}
