import type { Edit } from '../../core/finding';
import { addImport } from '../../lang/python/import-edit';
import { sameBinding } from '../../lang/python/names';
import type { Node } from '../../lang/python/parser';
import type { PythonContext } from '../../lang/python/rule';

/** What the SEC fixes share: a call's arguments sorted by kind, and `import module` for the new code. */

interface Arguments {
  args: Node[];
  keywords: Node[];
  splat: boolean;
}

export function callArguments(call: Node): Arguments {
  const list = call.childForFieldName('arguments');
  const args: Node[] = [];
  const keywords: Node[] = [];
  let splat = false;
  for (const a of list?.namedChildren ?? []) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') splat = true;
    else if (a.type === 'keyword_argument') keywords.push(a);
    else args.push(a);
  }
  return { args, keywords, splat };
}

/** The edits that make `module` importable at `at` (none when it already is), or the reason it cannot be used there. */
export function needModule(ctx: PythonContext, module: string, at: Node): Edit[] | { declined: string } {
  const edit = addImport(ctx.file, ctx.names, module);
  if (edit === undefined) return { declined: `the name '${module}' is bound to something else in this module` };
  const visible = ctx.names.lookup(module, at);
  if (visible && !sameBinding(visible, ctx.names.moduleBindings().get(module))) return { declined: `a local '${module}' hides the module` };
  return edit ? [edit] : [];
}
