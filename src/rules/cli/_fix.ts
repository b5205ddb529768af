import fs from 'node:fs';
import type { ProjectContext } from '../../core/rule';
import type { Edit } from '../../core/finding';
import { addFromImport, joinInsertions } from '../../python/import-edit';
import { NameResolver } from '../../python/names';
import { initParser, type Node } from '../../python/parser';
import { moduleMapFor } from '../../python/project';
import { normalizeDist, projectName, readPyproject } from '../../python/pyproject';
import { SourceFile } from '../../python/source';
import { missingOptions } from './CLI001-cli-missing-options';

/**
 * U14's codemod (CLI001, unsafe: the CLI gains an option): a CLI without
 * `--version` gets one, reading the package's `__version__` (imported from
 * the top package when the module does not have it yet):
 * - argparse: `parser.add_argument("--version", action="version", version=...)`
 *   right after `parser = argparse.ArgumentParser(...)`; declined when the
 *   package has no `__version__` (importlib.metadata.version would raise
 *   PackageNotFoundError in a source checkout, when the parser is built);
 * - click: `@click.version_option(...)` under the `@click.group()` /
 *   `@click.command()` decorator, with `version=__version__`, else
 *   `package_name=` the distribution (read only when --version is asked).
 * A project-level fix: applied through the same hook as DEP's manifest edits;
 * the result is Python and is verified like any fixed file (compile).
 */
export interface CliFileFix {
  path: string;
  before: string;
  after: string;
  changes: Array<{ code: 'CLI001'; safety: 'unsafe'; description: string; line: number }>;
}

export interface CliFixPlan {
  fixes: CliFileFix[];
  declined: Array<{ code: string; path: string; reason: string }>;
}

interface Facts {
  builders: Array<{ kind: 'argparse' | 'click' | 'typer'; line: number; column: number }>;
  groups: string[][];
  versionAction: boolean;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function callAt(file: SourceFile, line: number, column: number): Node | null {
  const at = file.lineStarts[line - 1] + column - 1;
  let n: Node | null = file.root.descendantForIndex(at);
  while (n && n.type !== 'call') n = n.parent;
  return n;
}

/** `__version__` as the module can name it: already bound, or importable from its top package. */
function versionSource(file: SourceFile, names: NameResolver, pkg: { name: string; init: string } | null): { expr: string; edits: Edit[] } | null {
  const b = names.moduleBindings().get('__version__');
  if (b) return { expr: '__version__', edits: [] };
  if (!pkg) return null;
  let init: SourceFile | null = null;
  try {
    init = new SourceFile(pkg.init, pkg.init, fs.readFileSync(pkg.init, 'utf8'));
    const defines = new NameResolver(init.root, init.text).moduleBindings().get('__version__');
    if (!defines) return null;
  } catch {
    return null;
  } finally {
    init?.dispose();
  }
  const e = addFromImport(file, names, pkg.name, '__version__');
  if (e === undefined) return null;
  return { expr: '__version__', edits: e ? [e] : [] };
}

export async function planCliFixes(ctx: ProjectContext): Promise<CliFixPlan> {
  await initParser();
  const map = moduleMapFor(ctx);
  const dist = projectName(readPyproject(ctx.options.settings)?.doc ?? null);
  const plan: CliFixPlan = { fixes: [], declined: [] };
  for (const f of ctx.files) {
    const facts = f.facts as Facts | undefined;
    if (!facts?.builders?.length) continue;
    const m = map.moduleAt(f.absPath);
    if (m?.isTest) continue;
    if (!missingOptions(facts).includes('--version')) continue;
    const b = facts.builders[0];
    if (b.kind === 'typer') {
      plan.declined.push({ code: 'CLI001', path: f.path, reason: 'typer has no built-in version option: add a --version callback by hand' });
      continue;
    }
    const before = fs.readFileSync(f.absPath, 'utf8');
    const file = new SourceFile(f.path, f.absPath, before);
    try {
      const names = new NameResolver(file.root, file.text);
      const top = m ? m.name.split('.')[0] : null;
      const topInfo = top ? map.lookup(top) : undefined;
      const pkg = topInfo?.isPackage ? { name: top!, init: topInfo.absPath } : null;
      const call = callAt(file, b.line, b.column);
      if (!call) continue;
      const version = versionSource(file, names, pkg);
      const edits: Edit[] = [];
      let description: string;
      if (b.kind === 'argparse') {
        const assign = call.parent;
        const stmt = assign?.parent;
        const target = assign?.type === 'assignment' ? assign.childForFieldName('left') : null;
        if (!stmt || stmt.type !== 'expression_statement' || target?.type !== 'identifier' || stmt.parent?.type !== 'block' && stmt.parent?.type !== 'module') {
          plan.declined.push({ code: 'CLI001', path: f.path, reason: `the ArgumentParser at line ${b.line} is not assigned to a name in a statement of its own` });
          continue;
        }
        if (!version) {
          plan.declined.push({ code: 'CLI001', path: f.path, reason: 'the package has no __version__ (importlib.metadata.version would raise when the package is not installed): define __version__ in the package first' });
          continue;
        }
        const indent = /^[ \t]*/.exec(before.slice(file.lineStarts[file.lineOf(stmt.startIndex) - 1]))![0];
        let at = before.indexOf('\n', stmt.endIndex);
        if (at < 0) at = before.length;
        edits.push(...version.edits, { start: at, end: at, text: `\n${indent}${target.text}.add_argument("--version", action="version", version="%(prog)s " + ${version.expr})` });
        description = `added ${target.text}.add_argument("--version", action="version")`;
      } else {
        const decorator = call.parent;
        if (decorator?.type !== 'decorator') {
          plan.declined.push({ code: 'CLI001', path: f.path, reason: `the click command at line ${b.line} is not a decorator` });
          continue;
        }
        const click = (call.childForFieldName('function')?.childForFieldName('object')?.text) ?? 'click';
        const arg = version ? `version=${version.expr}` : dist ? `package_name=${JSON.stringify(normalizeDist(dist))}` : '';
        const indent = /^[ \t]*/.exec(before.slice(file.lineStarts[file.lineOf(decorator.startIndex) - 1]))![0];
        let at = before.indexOf('\n', decorator.endIndex);
        if (at < 0) at = before.length;
        edits.push(...(version?.edits ?? []), { start: at, end: at, text: `\n${indent}@${click}.version_option(${arg})` });
        description = `added @${click}.version_option(${arg})`;
      }
      const after = applyEdits(before, joinInsertions(edits));
      plan.fixes.push({ path: f.absPath, before, after, changes: [{ code: 'CLI001', safety: 'unsafe', description, line: b.line }] });
    } finally {
      file.dispose();
    }
  }
  return plan;
}
