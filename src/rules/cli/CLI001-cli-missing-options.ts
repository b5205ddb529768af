import { keywordArg } from '../../lang/python/calls';
import type { Node } from '../../lang/python/parser';
import { isStringNode, stringValue } from '../../lang/python/literals';
import type { ModuleFacts } from '../../lang/python/modules';
import { factsOf, moduleMapFor, sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import { brokenPyproject, entryPoints, readPyproject } from '../../lang/python/pyproject';
import type { Rule } from '../../core/rule';
import type { PythonContext } from '../../lang/python/rule';
import { cliProjectFix } from './_fix';
import { missingOptions } from './_options';

interface Builder {
  kind: 'argparse' | 'click' | 'typer';
  line: number;
  column: number;
}

interface CliFacts {
  builders: Builder[];
  /** the option strings of each add_argument / click.option / typer.Option call */
  groups: string[][];
  /** add_argument(action="version") or click.version_option() */
  versionAction: boolean;
  /** parameters of functions under @x.command() / @x.callback(): typer makes them options */
  commandParams: string[];
  module: ModuleFacts;
}

const WATCHED = new Set(['ArgumentParser', 'add_argument', 'command', 'group', 'option', 'version_option', 'Typer', 'run', 'Option']);

function lastName(fn: Node): string {
  return fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.text;
}

function optionStrings(call: Node): string[] {
  const args = call.childForFieldName('arguments');
  const out: string[] = [];
  for (const a of args?.namedChildren ?? []) {
    if (!a) continue;
    if (a.type === 'string' || a.type === 'concatenated_string') {
      const v = stringValue(a);
      if (v && v.startsWith('-')) out.push(...v.split('/').map((s) => s.trim()).filter((s) => s.startsWith('-')));
    } else if (a.type === 'list') {
      for (const e of a.namedChildren) if (e && isStringNode(e)) {
        const v = stringValue(e);
        if (v && v.startsWith('-')) out.push(v);
      }
    }
  }
  return out;
}

function keywordValue(call: Node, name: string): string | null {
  const v = keywordArg(call, name)?.childForFieldName('value');
  if (!v) return null;
  return v.type === 'string' || v.type === 'concatenated_string' ? stringValue(v) : v.text;
}

function state(ctx: PythonContext): Omit<CliFacts, 'module'> {
  return ctx.state(() => ({ builders: [], groups: [], versionAction: false, commandParams: [] }));
}

function parameterNames(def: Node): string[] {
  const params = def.childForFieldName('parameters');
  const out: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
    if (id?.type === 'identifier') out.push(id.text);
  }
  return out;
}

function visitCli(node: Node, ctx: PythonContext): void {
  const s = state(ctx);
  if (node.type === 'decorated_definition') {
    const def = node.childForFieldName('definition');
    if (!def || def.type !== 'function_definition') return;
    for (const d of node.namedChildren) {
      if (d?.type !== 'decorator') continue;
      const call = d.namedChildren[0];
      const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
      if (fn?.type === 'attribute' && ['command', 'callback'].includes(lastName(fn))) {
        for (const p of parameterNames(def)) s.commandParams.push(`--${p.replace(/_/g, '-')}`);
      }
    }
    return;
  }
  const fn = node.childForFieldName('function');
  if (!fn) return;
  const last = lastName(fn);
  if (!WATCHED.has(last)) return;
  if (last === 'add_argument') {
    s.groups.push(optionStrings(node));
    if (keywordValue(node, 'action') === 'version') s.versionAction = true;
    return;
  }
  const q = ctx.names.qualifiedName(fn);
  if (!q) return;
  const at = ctx.file.position(node.startIndex);
  const mod = q.split('.')[0];
  if (q === 'argparse.ArgumentParser') s.builders.push({ kind: 'argparse', ...at });
  else if ((mod === 'click' || mod === 'rich_click' || mod === 'asyncclick') && (last === 'command' || last === 'group') && q.split('.').length === 2) s.builders.push({ kind: 'click', ...at });
  else if ((mod === 'click' || mod === 'rich_click' || mod === 'asyncclick') && last === 'option') s.groups.push(optionStrings(node));
  else if ((mod === 'click' || mod === 'rich_click' || mod === 'asyncclick') && last === 'version_option') s.versionAction = true;
  else if (q === 'typer.Typer' || q === 'typer.run') s.builders.push({ kind: 'typer', ...at });
  else if (q === 'typer.Option') s.groups.push(optionStrings(node));
}

export const rule: Rule = {
  code: 'CLI001',
  byHand: 'add `--dry-run` and `--output/--format` yourself.',
  name: 'cli-missing-options',
  upgrade: 'U14',
  severity: 'low',
  summary: 'Command-line entry point without --version, --verbose, --dry-run or --output/--format',
  fixable: 'unsafe',
  docs: `## What it does
Checks each command-line interface of the project for the four options users and
scripts expect, and reports once per CLI what is missing:

- \`--version\` (also \`action="version"\`, \`@click.version_option()\`);
- \`-v\` / \`--verbose\`;
- \`--dry-run\`;
- a machine-readable output: \`--output\`, \`-o\`, \`--format\`, \`--output-format\` or \`--json\`.

A CLI is a module that builds an \`argparse.ArgumentParser\`, a click command or
group (\`@click.command()\`, \`@click.group()\`), or a typer app (\`typer.Typer()\`,
\`typer.run()\`); options are collected from every \`add_argument\`, \`click.option\` and
\`typer.Option\` of the module, subcommands included, and for typer from the
parameters of \`@app.command()\` functions. The finding sits on the parser's
construction. A console script of pyproject.toml (\`[project.scripts]\`,
\`[tool.poetry.scripts]\`) whose module neither builds a CLI nor imports one of
the project's modules that does is reported on its function: it parses no
options at all. Test files are not checked.

## Why is this bad?
Without \`--version\` a bug report cannot say what ran; without \`--verbose\` nobody
can see why it failed; without \`--dry-run\` every trial run changes something;
without a JSON (or other machine-readable) output, scripts and CI parse text
meant for people, and break when it changes.

## Example
\`\`\`python
parser = argparse.ArgumentParser(prog="tool")
parser.add_argument("path")
\`\`\`

## Use instead
\`\`\`python
parser = argparse.ArgumentParser(prog="tool")
parser.add_argument("path")
parser.add_argument("--version", action="version", version=__version__)
parser.add_argument("-v", "--verbose", action="store_true")
parser.add_argument("--dry-run", action="store_true", help="show what would change")
parser.add_argument("--format", choices=["text", "json"], default="text")
\`\`\`

## Fix safety
Unsafe (\`--unsafe-fixes\`: the CLI gains options). An argparse parser gets
\`parser.add_argument("--version", action="version", version="%(prog)s " + __version__)\`
right after its construction, with the package's \`__version__\` (imported from
the top package when needed; declined when there is none, since
\`importlib.metadata.version\` raises in a source checkout); a click group or
command gets \`@click.version_option(...)\`. Where the module uses logging,
\`-v/--verbose\` is added when missing and wired after \`args = parser.parse_args()\`:
\`if args.verbose:\` \`logging.basicConfig()\` and
\`logging.getLogger().setLevel(logging.DEBUG)\`: the level alone shows nothing
until a handler exists, and \`basicConfig()\` adds a stderr handler only when
the root logger has none (a handler the program set up is kept, not
doubled). A program that calls \`basicConfig(format=...)\` only after parsing
its arguments gets the default format under \`-v\`. \`--dry-run\`
and \`--output/--format\` need code of yours and are left to you (so the
finding stays until you add them). A project-level fix: \`fix --unsafe-fixes\`
applies it after the per-file fixes, to the module as they left it; the
result is compiled with python3 like any fixed file (not written when it
does not compile, or when python3 is missing) and written atomically. A
typer app, or a package without \`__version__\`, is declined with the reason.

## References
- clig.dev, Command Line Interface Guidelines; GNU coding standards, --version`,
  python: {
    create(ctx) {
      // a module that names none of these builds no CLI and adds no option
      if (!/argparse|add_argument|click|typer/.test(ctx.file.text)) return sharedFactHandlers(ctx);
      const visit = (node: Node): void => visitCli(node, ctx);
      return sharedFactHandlers(ctx, { call: visit, decorated_definition: visit });
    },
    facts(ctx): CliFacts {
      return { ...state(ctx), module: sharedFacts(ctx) };
    },
  },
  /** the edits `fix` applies after the per-file fixes (src/fix/project.ts; built in _fix.ts) */
  projectFix: cliProjectFix,
  project(ctx) {
    brokenPyproject(ctx);
    const map = moduleMapFor(ctx);
    const cliOf = new Map<string, CliFacts>();
    const byAbs = new Map<string, CliFacts>();
    for (const f of ctx.files) {
      const facts = f.facts as CliFacts | undefined;
      if (!facts?.builders) continue;
      byAbs.set(f.absPath, facts);
      const m = map.moduleAt(f.absPath);
      if (m?.isTest) continue;
      if (facts.builders.length) cliOf.set(f.path, facts);
    }
    for (const [p, facts] of [...cliOf.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const typer = facts.builders.some((b) => b.kind === 'typer');
      const groups = typer ? [...facts.groups, ...facts.commandParams.map((o) => [o])] : facts.groups;
      const missing = missingOptions({ groups, versionAction: facts.versionAction });
      if (!missing.length) continue;
      const b = facts.builders[0];
      ctx.report({ path: p, line: b.line, column: b.column, message: `command-line interface lacks ${missing.join(', ')}` });
    }
    // console scripts whose module builds no CLI of its own
    const doc = readPyproject(ctx.options.settings)?.doc ?? null;
    const seen = new Set<string>();
    for (const ep of entryPoints(doc)) {
      if (ep.group !== 'console_scripts') continue;
      const m = map.lookup(ep.module);
      if (!m || m.isTest) continue;
      const facts = byAbs.get(m.absPath);
      if (!facts || facts.builders.length || seen.has(m.absPath)) continue;
      const mf = factsOf({ path: m.path, absPath: m.absPath, facts: facts.module });
      const delegates = (mf?.imports ?? []).some((imp) => map.resolve(m, imp).targets.some((t) => byAbs.get(t.absPath)?.builders.length));
      if (delegates) continue;
      seen.add(m.absPath);
      const fn = ep.attr?.split('.')[0];
      const def = mf?.defs.find((d) => d.name === fn);
      ctx.report({
        path: m.path,
        line: def?.line ?? 1,
        message: `console script '${ep.name}' (${ep.module}${ep.attr ? `:${ep.attr}` : ''}) parses no options: it lacks --version, -v/--verbose, --dry-run, --output/--format`,
      });
    }
  },
};
