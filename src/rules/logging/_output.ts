import path from 'node:path';
import { importedQualifiedName, rootName } from '../../lang/python/imports';
import { sameBinding } from '../../lang/python/names';
import type { Node } from '../../lang/python/parser';
import { entryPoints, readPyproject, sourceRoots } from '../../lang/python/pyproject';
import type { PythonContext } from '../../lang/python/rule';

/**
 * Where a `print()` is the program's output rather than a log line (issue 11,
 * item 11): the `if __name__ == "__main__":` block, the function a console
 * script of `[project.scripts]` names, a click/typer command, a function
 * registered with argparse's `set_defaults(func=...)`, and any print that
 * writes a GitHub workflow command (`::group::`, `::error::`...). LOG001
 * reports those at `info` and never rewrites them to logging. Issue 22 adds
 * the functions of the file that the `__main__` block or a console script
 * calls, directly or through one helper: `if __name__ == "__main__": main()`
 * makes main()'s prints the output, wherever its parser is built.
 */

/** The workflow commands of GitHub Actions ("Workflow commands for GitHub Actions"). */
const WORKFLOW_COMMANDS = new Set([
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'add-mask',
  'stop-commands',
  'echo',
  'set-output',
  'save-state',
  'set-env',
  'add-path',
  'add-matcher',
  'remove-matcher',
]);

/** Libraries whose decorators make a function a command line command. */
const COMMAND_LIBRARIES = ['click', 'typer', 'asyncclick', 'cloup', 'rich_click'];
/** `@click.command()`, `@cli.command()`, `@click.group()`, typer's `@app.command()` and `@app.callback()` */
const COMMAND_DECORATORS = new Set(['command', 'group', 'callback']);

/** A stretch of the file whose prints are output, and how to say so. */
interface OutputRange {
  start: number;
  end: number;
  why: string;
}

/**
 * The literal text a print's first argument starts with, as far as the
 * syntax tree shows it: a string, the part of an f-string before its first
 * field, the left side of `+` or `%`, the receiver of `.format()`.
 */
function leadingText(n: Node | null): { text: string; complete: boolean } | null {
  while (n) {
    if (n.type === 'concatenated_string') n = n.firstNamedChild;
    else if (n.type === 'parenthesized_expression') n = n.firstNamedChild;
    else if (n.type === 'binary_operator') n = n.childForFieldName('left');
    else if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      n = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' ? fn.childForFieldName('object') : null;
    } else if (n.type === 'string') {
      let text = '';
      for (const c of n.namedChildren) {
        if (c?.type === 'interpolation') return { text, complete: false };
        if (c?.type === 'string_content' || c?.type === 'escape_sequence') text += c.text;
      }
      return { text, complete: true };
    } else return null;
  }
  return null;
}

/** The workflow command a print writes (`group` for `print("::group::Build")`), or null. */
export function workflowCommand(call: Node): string | null {
  const args = call.childForFieldName('arguments');
  const first = args?.namedChildren.find((a) => !!a && a.type !== 'comment' && a.type !== 'keyword_argument') ?? null;
  if (!first || first.type === 'list_splat') return null;
  const lead = leadingText(first);
  // `::name::` or `::name key=value,...::`; cut short by an f-string field, `::name ` is enough
  const m = !lead ? null : lead.complete ? /^::([a-z-]+)(?: [^:]*)?::/.exec(lead.text) : /^::([a-z-]+)(?:::| )/.exec(lead.text);
  return m && WORKFLOW_COMMANDS.has(m[1]) ? m[1] : null;
}

/** `__name__ == "__main__"` (either way round, any quotes). */
function isMainTest(cond: Node | null): boolean {
  if (!cond || cond.type !== 'comparison_operator' || cond.namedChildCount !== 2) return false;
  if (!cond.children.some((c) => c?.type === '==')) return false;
  const [a, b] = cond.namedChildren;
  const isName = (n: Node | null): boolean => n?.type === 'identifier' && n.text === '__name__';
  const isMain = (n: Node | null): boolean => n?.type === 'string' && n.namedChildren.length === 3 && n.namedChildren[1]?.type === 'string_content' && n.namedChildren[1].text === '__main__';
  return (isName(a) && isMain(b)) || (isMain(a) && isName(b));
}

/** A def at module level (possibly decorated, or under a module-level `if`/`try`), not in a class or function. */
function isModuleLevel(def: Node): boolean {
  for (let p = def.parent; p; p = p.parent) {
    if (p.type === 'module') return true;
    if (p.type === 'function_definition' || p.type === 'class_definition') return false;
  }
  return false;
}

/** The dotted module names this file is imported as, from the project's source folders. */
function moduleNames(ctx: PythonContext, doc: Record<string, unknown> | null): string[] {
  const root = ctx.options.settings.projectRoot || process.cwd();
  const out: string[] = [];
  for (const dir of sourceRoots(root, doc)) {
    const rel = path.relative(dir, ctx.file.absPath);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const parts = rel.replace(/\.pyi?$/, '').split(path.sep);
    if (parts[parts.length - 1] === '__init__') parts.pop();
    if (parts.length && parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) out.push(parts.join('.'));
  }
  return out;
}

/** `{function name: console script}` for the console scripts of the project that point into this file. */
function entryFunctions(ctx: PythonContext): Map<string, string> {
  const out = new Map<string, string>();
  const py = readPyproject(ctx.options.settings);
  if (!py?.doc) return out;
  const scripts = entryPoints(py.doc).filter((e) => e.group === 'console_scripts' && e.attr);
  if (scripts.length === 0) return out;
  const mine = new Set(moduleNames(ctx, py.doc));
  for (const e of scripts) if (mine.has(e.module)) out.set(e.attr!.split('.')[0], e.name);
  return out;
}

/**
 * The command library a decorator makes its function a command of, or null:
 * `@click.command()`, `@click.group`, `@command()` imported from click, and in
 * a module that imports click or typer, `@cli.command()` / `@app.command()` /
 * `@app.callback()` on a group or app object of its own.
 */
function commandDecorator(decorator: Node, ctx: PythonContext, libraries: string[], depth = 0): string | null {
  let e = decorator.firstNamedChild;
  if (e?.type === 'call') e = e.childForFieldName('function');
  if (!e || (e.type !== 'attribute' && e.type !== 'identifier')) return null;
  const last = e.type === 'attribute' ? e.childForFieldName('attribute')?.text : e.text;
  if (!last || !COMMAND_DECORATORS.has(last)) return null;
  const q = importedQualifiedName(e, ctx.names);
  const lib = q ? COMMAND_LIBRARIES.find((l) => q.startsWith(`${l}.`)) : undefined;
  if (lib) return lib;
  if (e.type !== 'attribute' || libraries.length === 0) return null;
  // `@cli.command()`: what made `cli` (`app = typer.Typer()`, `@click.group() def cli()`), else the library the module imports
  const root = rootName(e);
  return (root && depth < 3 && objectLibrary(root.text, ctx, libraries, depth + 1)) || libraries[0];
}

/** The command library of a module-level `name = lib.Something(...)` or of a def `name` decorated as a group. */
function objectLibrary(name: string, ctx: PythonContext, libraries: string[], depth: number): string | null {
  for (const stmt of ctx.file.root.namedChildren) {
    if (!stmt) continue;
    if (stmt.type === 'expression_statement') {
      const a = stmt.firstNamedChild;
      if (a?.type !== 'assignment' || a.childForFieldName('left')?.text !== name) continue;
      const right = a.childForFieldName('right');
      const fn = right?.type === 'call' ? right.childForFieldName('function') : null;
      const q = fn ? importedQualifiedName(fn, ctx.names) : null;
      const lib = q ? COMMAND_LIBRARIES.find((l) => q.startsWith(`${l}.`)) : undefined;
      if (lib) return lib;
    } else if (stmt.type === 'decorated_definition' && stmt.childForFieldName('definition')?.childForFieldName('name')?.text === name) {
      for (const d of stmt.namedChildren) {
        const lib = d?.type === 'decorator' ? commandDecorator(d, ctx, libraries, depth) : null;
        if (lib) return lib;
      }
    }
  }
  return null;
}

/** The module-level functions of the file by name (a name defined twice, under an `if`, has both). */
function moduleFunctions(functions: Node[]): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const def of functions) {
    const name = def.childForFieldName('name')?.text;
    if (!name || !isModuleLevel(def)) continue;
    out.set(name, [...(out.get(name) ?? []), def]);
  }
  return out;
}

/** The module-level functions of this file that code in `scope` calls by their name (not a local that hides it). */
function callees(ctx: PythonContext, scope: Node, defs: Map<string, Node[]>): Node[] {
  const out: Node[] = [];
  for (const call of scope.descendantsOfType('call')) {
    const fn = call?.childForFieldName('function');
    if (fn?.type !== 'identifier' || !defs.has(fn.text)) continue;
    if (!sameBinding(ctx.names.lookup(fn.text, fn), ctx.names.moduleBindings().get(fn.text))) continue;
    out.push(...defs.get(fn.text)!);
  }
  return out;
}

/**
 * The functions an entry (the `__main__` block, a console script's function)
 * calls, directly or through one helper of the file, with why their prints
 * are output: `main()` in `if __name__ == "__main__": main()` writes what the
 * program prints, even when its parser is built elsewhere.
 */
function calledByEntries(ctx: PythonContext, entries: Array<{ node: Node; who: string }>, functions: Node[]): OutputRange[] {
  const out: OutputRange[] = [];
  if (entries.length === 0) return out;
  const defs = moduleFunctions(functions);
  const seen = new Set<number>(entries.map((e) => e.node.id));
  const name = (def: Node): string => def.childForFieldName('name')?.text ?? '?';
  for (const { node, who } of entries) {
    for (const direct of callees(ctx, node, defs)) {
      if (!seen.has(direct.id)) {
        seen.add(direct.id);
        out.push({ start: direct.startIndex, end: direct.endIndex, why: `in ${name(direct)}(), which ${who} calls,` });
      }
      for (const helped of callees(ctx, direct, defs)) {
        if (seen.has(helped.id)) continue;
        seen.add(helped.id);
        out.push({ start: helped.startIndex, end: helped.endIndex, why: `in ${name(helped)}(), which ${who} calls through ${name(direct)}(),` });
      }
    }
  }
  return out;
}

/**
 * The ranges of the file whose prints are output, from its function
 * definitions, its `set_defaults(...)` calls and its `if` statements.
 */
export function outputRanges(ctx: PythonContext, functions: Node[], setDefaults: Node[], ifs: Node[]): OutputRange[] {
  const out: OutputRange[] = [];
  const callers: Array<{ node: Node; who: string }> = [];
  for (const s of ifs) {
    if (s.parent?.type !== 'module' || !isMainTest(s.childForFieldName('condition'))) continue;
    const body = s.childForFieldName('consequence');
    if (body) {
      out.push({ start: body.startIndex, end: body.endIndex, why: 'in the `if __name__ == "__main__":` block' });
      callers.push({ node: body, who: 'the `if __name__ == "__main__":` block' });
    }
  }
  const entries = entryFunctions(ctx);
  const registered = new Set<string>();
  for (const call of setDefaults) {
    for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (a?.type !== 'keyword_argument' || a.childForFieldName('name')?.text !== 'func') continue;
      const v = a.childForFieldName('value');
      if (v?.type === 'identifier') registered.add(v.text);
    }
  }
  const libraries = COMMAND_LIBRARIES.filter((lib) => [...ctx.names.importedNames().values()].some((q) => q === lib || q.startsWith(`${lib}.`)));
  for (const def of functions) {
    const name = def.childForFieldName('name')?.text ?? '';
    const range = { start: def.startIndex, end: def.endIndex };
    if (isModuleLevel(def) && entries.has(name)) {
      out.push({ ...range, why: `in ${name}(), the console script \`${entries.get(name)}\` of [project.scripts],` });
      callers.push({ node: def, who: `the console script \`${entries.get(name)}\`` });
      continue;
    }
    if (libraries.length && def.parent?.type === 'decorated_definition') {
      const lib = def.parent.namedChildren.map((d) => (d?.type === 'decorator' ? commandDecorator(d, ctx, libraries) : null)).find((l) => l);
      if (lib) {
        out.push({ ...range, why: `in ${name}(), a ${lib} command,` });
        continue;
      }
    }
    if (isModuleLevel(def) && registered.has(name)) out.push({ ...range, why: `in ${name}(), an argparse command (set_defaults(func=${name})),` });
  }
  // after the ranges above, so that a function both called and, say, a click command keeps the more specific reason
  out.push(...calledByEntries(ctx, callers, functions));
  return out;
}
