import type { NameResolver } from './names';
import type { Node } from './parser';

/** True when a dotted module name is `module` or one of its submodules. */
export function isModuleOrSub(name: string, module: string): boolean {
  return name === module || name.startsWith(`${module}.`);
}

/**
 * The absolute module names an import statement brings in:
 * `import a.b, c as d` -> a.b, c; `from a.b import c` -> a.b. Relative imports
 * (`from . import x`) name the project's own modules and give nothing.
 */
export function importedModules(stmt: Node): string[] {
  if (stmt.type === 'import_from_statement') {
    const mod = stmt.childForFieldName('module_name');
    return mod && mod.type === 'dotted_name' ? [mod.text.replace(/\s+/g, '')] : [];
  }
  if (stmt.type !== 'import_statement') return [];
  const out: string[] = [];
  for (const c of stmt.namedChildren) {
    if (!c) continue;
    if (c.type === 'dotted_name') out.push(c.text.replace(/\s+/g, ''));
    else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name');
      if (name) out.push(name.text.replace(/\s+/g, ''));
    }
  }
  return out;
}

/** True when an import statement imports `module` or a submodule of it. */
export function importsModule(stmt: Node, module: string): boolean {
  return importedModules(stmt).some((m) => isModuleOrSub(m, module));
}

/**
 * The identifier a dotted expression starts from (`os` for `os.path.join`),
 * or null when it starts from something else (a call, a subscript...).
 */
export function rootName(expr: Node): Node | null {
  let n: Node | null = expr;
  while (n && n.type === 'attribute') n = n.childForFieldName('object');
  return n && n.type === 'identifier' ? n : null;
}

/**
 * The dotted name an expression refers to, following imports, but only when
 * it starts from an imported name: the cheap path for rules that look for a
 * module's functions (`requests.get`, `from time import sleep`), which never
 * need scope analysis for the many expressions rooted at locals.
 */
export function importedQualifiedName(expr: Node, names: NameResolver): string | null {
  const root = rootName(expr);
  if (!root || !names.importedNames().has(root.text)) return null;
  return names.qualifiedName(expr);
}

const DOTTED_BEFORE = {
  '(': /([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]*\(/y,
  '[': /([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]*\[/y,
};

/**
 * A cheap first guess, from the source text alone, of what a call
 * (`open` = '(') or subscript (`open` = '[') starting at `at` refers to: the
 * dotted name before the bracket with its first part replaced by what an
 * import binds it to (`sp.run(` after `import subprocess as sp` ->
 * "subprocess.run"). Null when the expression does not start with an imported
 * name. It ignores shadowing: confirm a hit with `names.qualifiedName`.
 */
export function guessImportedName(text: string, at: number, open: '(' | '[', names: NameResolver): string | null {
  const re = DOTTED_BEFORE[open];
  re.lastIndex = at;
  const m = re.exec(text);
  if (!m) return null;
  const dotted = m[1].includes(' ') || m[1].includes('\t') ? m[1].replace(/[ \t]+/g, '') : m[1];
  const dot = dotted.indexOf('.');
  const q = names.importedNames().get(dot < 0 ? dotted : dotted.slice(0, dot));
  if (!q) return null;
  return dot < 0 ? q : q + dotted.slice(dot);
}
