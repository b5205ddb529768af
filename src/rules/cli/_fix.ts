import fs from 'node:fs';
import type { ProjectContext, ProjectFixResult } from '../../core/rule';
import type { Edit } from '../../core/finding';
import { applyEdits } from '../../core/edits';
import { addFromImport, joinInsertions } from '../../lang/python/import-edit';
import { NameResolver } from '../../lang/python/names';
import { initParser, type Node } from '../../lang/python/parser';
import { moduleMapFor } from '../../lang/python/project';
import { normalizeDist, projectName, readPyproject } from '../../lang/python/pyproject';
import { SourceFile } from '../../lang/python/source';
import { missingOptions } from './_options';
import { MANIFEST_LIMIT, readRegularText } from '../../core/readfile';

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
    init = new SourceFile(pkg.init, pkg.init, readRegularText(pkg.init, MANIFEST_LIMIT));
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

/**
 * `-v/--verbose` wired to logging, where the module uses logging: the option
 * is added when missing, and right after `args = parser.parse_args(...)`
 * `if args.verbose:` `logging.basicConfig()` then
 * `logging.getLogger().setLevel(logging.DEBUG)` (nothing changes without the
 * flag). The level alone shows nothing when no handler is configured (the
 * last-resort handler passes WARNING and above only), so `-v` showed no log
 * (issue 22); `basicConfig()` adds a stderr handler to the root logger only
 * when it has none, so one the program set up is neither duplicated nor
 * replaced, and the level is set either way. Null when there is nothing to
 * do (no logging, or the module already reads `.verbose`); a string when it
 * cannot be done here.
 */
function verbosePlan(file: SourceFile, names: NameResolver, parserStmt: Node, parser: string, facts: Facts): { option: string | null; wiring: Edit; description: string } | string | null {
  const logging = names.moduleBindings().get('logging');
  if (!logging || logging.kind !== 'import' || logging.qualified !== 'logging') return null;
  if (file.root.descendantsOfType('attribute').some((a) => a?.childForFieldName('attribute')?.text === 'verbose')) return null;
  const has = facts.groups.find((g) => g.includes('--verbose'));
  if (has) {
    const call = file.root.descendantsOfType('call').find((c) => {
      const fn = c?.childForFieldName('function');
      return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'add_argument' && (c!.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a?.type === 'string' && /^["']--verbose["']$/.test(a.text));
    });
    const kws = (call?.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a?.type === 'keyword_argument');
    const action = kws.find((k) => k?.childForFieldName('name')?.text === 'action')?.childForFieldName('value')?.text ?? '';
    if (!call || kws.some((k) => k?.childForFieldName('name')?.text === 'dest') || !/^["'](store_true|count)["']$/.test(action)) return 'the existing --verbose option is not a plain store_true/count flag; wire it to logging by hand';
  }
  // the parsed arguments, in the same block as the parser
  let parsed: { stmt: Node; name: string } | null = null;
  for (let s = parserStmt.nextNamedSibling; s; s = s.nextNamedSibling) {
    const a = s.type === 'expression_statement' ? s.namedChildren[0] : null;
    const right = a?.type === 'assignment' ? a.childForFieldName('right') : null;
    const fn = right?.type === 'call' ? right.childForFieldName('function') : null;
    const left = a?.childForFieldName('left');
    if (fn?.type === 'attribute' && fn.childForFieldName('object')?.text === parser && fn.childForFieldName('attribute')?.text === 'parse_args' && left?.type === 'identifier') {
      parsed = { stmt: s, name: left.text };
      break;
    }
  }
  if (!parsed) return `the arguments are not parsed where the parser is built (${parser}.parse_args in the same function), so --verbose cannot be wired to logging here`;
  const indent = /^[ \t]*/.exec(file.text.slice(file.lineStarts[file.lineOf(parsed.stmt.startIndex) - 1]))![0];
  const blockIndent = parserStmt.parent?.type === 'module' ? '' : indent;
  const unit = indent.length > 0 && blockIndent === indent ? (/^\t/.test(indent) ? '\t' : '    ') : '    ';
  let at = file.text.indexOf('\n', parsed.stmt.endIndex);
  if (at < 0) at = file.text.length;
  const option = has ? null : `${parser}.add_argument(${facts.groups.some((g) => g.includes('-v')) ? '' : '"-v", '}"--verbose", action="store_true", help="log debug output")`;
  return {
    option,
    wiring: { start: at, end: at, text: `\n${indent}if ${parsed.name}.verbose:\n${indent}${unit}logging.basicConfig()\n${indent}${unit}logging.getLogger().setLevel(logging.DEBUG)` },
    description: `${has ? '' : '-v/--verbose and '}logging.DEBUG (with a stderr handler when none is configured) when ${parsed.name}.verbose`,
  };
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
    const missing = missingOptions(facts);
    const b = facts.builders[0];
    if (!missing.includes('--version') && !(b.kind === 'argparse' && /\blogging\b/.test(fs.readFileSync(f.absPath, 'utf8')))) continue;
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
        const indent = /^[ \t]*/.exec(before.slice(file.lineStarts[file.lineOf(stmt.startIndex) - 1]))![0];
        let at = before.indexOf('\n', stmt.endIndex);
        if (at < 0) at = before.length;
        const added: string[] = [];
        const lines: string[] = [];
        if (missing.includes('--version')) {
          if (!version) plan.declined.push({ code: 'CLI001', path: f.path, reason: 'the package has no __version__ (importlib.metadata.version would raise when the package is not installed): define __version__ in the package first' });
          else {
            edits.push(...version.edits);
            lines.push(`${target.text}.add_argument("--version", action="version", version="%(prog)s " + ${version.expr})`);
            added.push(`${target.text}.add_argument("--version", action="version")`);
          }
        }
        const verbose = verbosePlan(file, names, stmt, target.text, facts);
        if (typeof verbose === 'string') plan.declined.push({ code: 'CLI001', path: f.path, reason: verbose });
        else if (verbose) {
          if (verbose.option) lines.push(verbose.option);
          edits.push(verbose.wiring);
          added.push(verbose.description);
        }
        if (!added.length) continue;
        if (lines.length) edits.push({ start: at, end: at, text: lines.map((l) => `\n${indent}${l}`).join('') });
        description = `added ${added.join('; ')}`;
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

/** CLI001's `projectFix`: its edits are unsafe, so only with --unsafe-fixes; the results are Python, compiled by `fix` before they are written. */
export async function cliProjectFix(ctx: ProjectContext, opts: { unsafe: boolean; codes: string[] }): Promise<ProjectFixResult> {
  if (!opts.unsafe || !opts.codes.includes('CLI001')) return { fixes: [], declined: [] };
  const plan = await planCliFixes(ctx);
  return { fixes: plan.fixes.map((f) => ({ ...f, language: 'python' as const, verify: () => null })), declined: plan.declined };
}
