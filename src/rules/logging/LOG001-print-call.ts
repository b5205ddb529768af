import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { Edit, Fix, FixResult } from '../../core/finding';
import { ruleOptions } from '../../core/rule';
import { addFromImport, addImport, afterImports, blankAfter, importLineEdit, joinInsertions } from '../../lang/python/import-edit';
import { sameBinding } from '../../lang/python/names';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { outputRanges, workflowCommand } from './_output';
import { safeRewritePrint } from './_print';
import type { ts } from 'ts-morph';
import { tsv } from '../../lang/js/ts';
import { globalMember } from '../../lang/js/calls';
import { addNamedImport, finishFix, moduleKind, morphOf, sameNode } from '../../lang/js/edit';
import type { JsContext, JsHandlers, JsRule } from '../../lang/js/rule';

const LOGGER_NAMES = ['logger', 'log', 'LOGGER'];

const OPTIONS = {
  /** globs (relative to the project root; without `/`, a file name anywhere) of files where print is fine */
  'allow-print-in': z.array(z.string()).optional(),
  /** `module.path:function` called with `__name__` to create the module logger */
  'logger-factory': z.string().regex(/^[A-Za-z_][\w.]*:[A-Za-z_]\w*$/, 'expected "module.path:function"').optional(),
  /** JS/TS: `module:export` of the logger console calls go to; a module starting with `.` is relative to the project root */
  'js-logger': z.string().regex(/^[^:]+:[A-Za-z_$][\w$]*$/, 'expected "module:export", e.g. "./log:logger"').optional(),
};
type Options = ReturnType<typeof ruleOptions<typeof OPTIONS>>;

/** quick: decided from the text, which also showed that no local can hide the logger */
type Setup = { ok: true; name: string; edits: Edit[]; definedAt: number; quick?: boolean } | { ok: false; reason: string };

function allowedByConfig(ctx: PythonContext, opts: Options): boolean {
  const globs = opts['allow-print-in'];
  if (!Array.isArray(globs) || globs.length === 0) return false;
  const root = ctx.options.settings.projectRoot || process.cwd();
  const rel = path.relative(root, ctx.file.absPath).split(path.sep).join('/');
  // a glob without a slash matches the file name anywhere, as in .gitignore
  return globs.some((g) => typeof g === 'string' && picomatch(g, { dot: true })(g.includes('/') ? rel : path.basename(rel)));
}

/** Parse `module.path:function` from the `logger-factory` setting. */
function factory(opts: Options): { module: string; fn: string } | null {
  const f = opts['logger-factory'];
  if (typeof f !== 'string') return null;
  const m = /^([A-Za-z_][\w.]*):([A-Za-z_]\w*)$/.exec(f);
  return m ? { module: m[1], fn: m[2] } : null;
}

/** logging.py, or a module of a `logging` package (a folder with __init__.py) at any depth. */
function insideLoggingPackage(absPath: string): boolean {
  if (path.basename(absPath) === 'logging.py') return true;
  for (let dir = path.dirname(absPath); fs.existsSync(path.join(dir, '__init__.py')); dir = path.dirname(dir)) {
    if (path.basename(dir) === 'logging') return true;
    if (path.dirname(dir) === dir) break;
  }
  return false;
}

/**
 * The common case decided from the text alone, without scope analysis: no
 * name `logger`/`log`/`LOGGER` anywhere, and `logging` either absent or
 * imported plainly at the top. Null when the text leaves any doubt.
 */
function quickSetup(ctx: PythonContext, opts: Options): Setup | null {
  const text = ctx.file.text;
  if (factory(opts) || /\b(logger|log|LOGGER)\b/.test(text)) return null;
  const plain = /^import logging[ \t]*(#.*)?$/m.exec(text);
  if (!plain && /\blogging\b/.test(text)) return null;
  const at = afterImports(ctx.file);
  // imported further down the module does not count: the logger is defined before that line runs
  const imported = !!plain && plain.index < at;
  const define: Edit = { start: at, end: at, text: '\nlogger = logging.getLogger(__name__)\n' };
  if (imported) return { ok: true, name: 'logger', edits: [define], definedAt: at, quick: true };
  const importEdit = importLineEdit(ctx.file, 'logging');
  if (importEdit.start === at) {
    define.text = `${importEdit.text.replace(/\n+$/, '')}\n\nlogger = logging.getLogger(__name__)\n${blankAfter(ctx.file, at)}`;
    return { ok: true, name: 'logger', edits: [define], definedAt: at, quick: true };
  }
  return { ok: true, name: 'logger', edits: joinInsertions([importEdit, define]), definedAt: at, quick: true };
}

/** Find or create the module logger, once per file. */
function loggerSetup(ctx: PythonContext, opts: Options): Setup {
  // inside a package or module called logging, `import logging` would import itself
  if (insideLoggingPackage(ctx.file.absPath)) return { ok: false, reason: 'the module is part of a package named logging' };
  const quick = quickSetup(ctx, opts);
  if (quick) return quick;
  const bindings = ctx.names.moduleBindings();
  const text = ctx.file.text;
  for (const name of LOGGER_NAMES) {
    if (!bindings.has(name)) continue;
    const m = new RegExp(`^${name}\\s*(?::[^=\\n]*)?=\\s*[^\\n]*\\b(getLogger|get_logger|getChild|Logger|LoggerAdapter)\\b`, 'm').exec(text);
    if (m) return { ok: true, name, edits: [], definedAt: m.index };
    if (name === 'logger') return { ok: false, reason: "the module-level name 'logger' is not a logger" };
  }
  const fac = factory(opts);
  const at = afterImports(ctx.file);
  const importEdit = fac ? addFromImport(ctx.file, ctx.names, fac.module, fac.fn) : addImport(ctx.file, ctx.names, 'logging');
  if (importEdit === undefined) return { ok: false, reason: fac ? `the name '${fac.fn}' is already bound` : "the name 'logging' is bound to something else" };
  const call = fac ? `${fac.fn}(__name__)` : 'logging.getLogger(__name__)';
  const define: Edit = { start: at, end: at, text: `\nlogger = ${call}\n` };
  if (importEdit && importEdit.start === at) {
    // no import block yet: one block with the import, a blank line, the logger
    define.text = `${importEdit.text.replace(/\n+$/, '')}\n\nlogger = ${call}\n${blankAfter(ctx.file, at)}`;
    return { ok: true, name: 'logger', edits: [define], definedAt: at };
  }
  return { ok: true, name: 'logger', edits: joinInsertions(importEdit ? [importEdit, define] : [define]), definedAt: at };
}

function fixFor(call: Node, ctx: PythonContext, setup: Setup, moduleLevel: boolean): Fix | string {
  if (!setup.ok) return setup.reason;
  if (moduleLevel && call.startIndex < setup.definedAt) return `the module logger '${setup.name}' is defined after this call`;
  if (!setup.quick) {
    const visible = ctx.names.lookup(setup.name, call);
    if (visible && !sameBinding(visible, ctx.names.moduleBindings().get(setup.name))) return `a local '${setup.name}' hides the module logger`;
  }
  const r = safeRewritePrint(call, ctx);
  if (!r.ok) return r.reason;
  return {
    safety: 'unsafe',
    description: `send the output to ${setup.name}.${r.method}() instead of stdout`,
    edits: [...setup.edits, { start: call.startIndex, end: call.endIndex, text: `${setup.name}.${r.method}(${r.args})` }],
  };
}

const METHODS: Record<string, string> = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error' };

/** `allow-print-in` for a JS/TS file, read as for Python files (a glob without `/` matches the file name anywhere). */
function allowed(ctx: JsContext): boolean {
  const globs = ruleOptions(ctx.options, OPTIONS)['allow-print-in'];
  if (!globs?.length) return false;
  const root = ctx.options.settings.projectRoot || process.cwd();
  const rel = path.relative(root, ctx.file.absPath || path.resolve(ctx.file.path)).split(path.sep).join('/');
  return globs.some((g) => typeof g === 'string' && picomatch(g, { dot: true })(g.includes('/') ? rel : path.basename(rel)));
}

/** `./log:logger` -> the specifier from this file (project-relative paths made file-relative) and the export. */
export function loggerImport(setting: string, ctx: JsContext): { spec: string; name: string } {
  const i = setting.lastIndexOf(':');
  const mod = setting.slice(0, i);
  const name = setting.slice(i + 1);
  if (!mod.startsWith('.')) return { spec: mod, name };
  const root = ctx.options.settings.projectRoot || process.cwd();
  let spec = path.relative(path.dirname(ctx.file.absPath || path.resolve(ctx.file.path)), path.resolve(root, mod)).split(path.sep).join('/');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return { spec, name };
}

function buildFix(ctx: JsContext, call: ts.CallExpression, method: string): FixResult {
  const setting = ruleOptions(ctx.options, OPTIONS)['js-logger'];
  if (!setting) return { declined: 'no logger configured: set js-logger = "./log:logger" in [tool.rfsn-upgrade]' };
  const { spec, name } = loggerImport(setting, ctx);
  const kind = moduleKind(ctx.file);
  if (kind === 'unknown') return { declined: 'cannot tell whether this file is an ES module or CommonJS to import the logger' };
  const existing = ctx.names.bindings.get(name);
  const same = existing && existing.name === name && path.posix.normalize(existing.module) === path.posix.normalize(spec);
  if (!same && ctx.names.isDeclared(name)) return { declined: `'${name}' is already bound to something else in this file` };
  const morph = morphOf(ctx.file);
  const m = sameNode(morph, call);
  if (!m) return { declined: 'internal: the call was not found in the ts-morph copy' };
  m.asKindOrThrow(tsv().SyntaxKind.CallExpression).setExpression(`${name}.${METHODS[method]}`);
  if (!same) addNamedImport(morph, kind, spec, name);
  return finishFix(ctx.file, morph.getFullText(), 'unsafe', `console.${method}() -> ${name}.${METHODS[method]}() (imported from '${spec}')`);
}

/**
 * LOG001 for JS/TS: `console.log/info/debug/warn/error` outside the files
 * `allow-print-in` allows. Unsafe fix: the call goes to the logger
 * `js-logger` names (`"./log:logger"`: module, project-relative when it starts
 * with `.`, and export), imported (ESM or CommonJS, as the file is); declined
 * when none is configured or the file's module kind is unknown.
 */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('console') || allowed(ctx)) return {};
    return {
      CallExpression(node) {
        const call = node as ts.CallExpression;
        const m = globalMember(call.expression, 'console', ctx.names);
        if (!m || !(m in METHODS)) return;
        ctx.report({ node, message: `console.${m}() in library code; log through the configured logger`, fix: () => buildFix(ctx, call, m) });
      },
    };
  },
};

export const rule: PythonRuleDef = {
  code: 'LOG001',
  aliases: ['T201'],
  followUp: 'Configure logging at the entry point, or the INFO messages that replaced print() are not shown: `logging.basicConfig(level=logging.INFO, format="%(message)s")`.',
  name: 'print-call',
  upgrade: 'U06',
  severity: 'low',
  summary: 'Call of the builtin print()',
  fixable: 'unsafe',
  options: OPTIONS,
  docs: `## What it does
Flags calls of the builtin \`print\`. Methods named \`print\` (\`self.print()\`,
\`console.print()\`), \`pprint.pprint\` and functions of your own named \`print\` are
not flagged. Modules that print on purpose (a CLI's output) are excluded with
the \`allow-print-in\` setting: globs relative to the project root, e.g.
\`allow-print-in = ["*/cli.py", "scripts/*"]\`.

A print that is the program's output is reported at \`info\` with its own
message and never rewritten: in the \`if __name__ == "__main__":\` block, in
the function a console script of \`[project.scripts]\` names
(\`tool = "pkg.cli:main"\`), in a click or typer command (\`@click.command()\`,
\`@cli.command()\`, \`@app.command()\`), in a function registered with
argparse's \`set_defaults(func=...)\`, in a function of the same file that the
\`__main__\` block or that console script calls, directly or through one
helper (\`if __name__ == "__main__": main()\` makes main()'s prints output,
wherever its parser is built), and any print that writes a GitHub
workflow command (\`print("::group::Build")\`, \`print(f"::error file={f}::...")\`).

**JavaScript and TypeScript:** flags \`console.log\`/\`info\`/\`debug\`/\`warn\`/\`error\` (also \`window.console.…\`), unless \`console\` is a local or the file matches \`allow-print-in\`. Unsafe fix: the call goes to the logger \`js-logger = "./log:logger"\` names (\`module:export\`; a module starting with \`.\` is relative to the project root and is made relative to the file), imported the way the file imports (\`import { logger } from …\` or \`const { logger } = require(…)\`), \`log\` → \`info\`; declined when \`js-logger\` is not set, when the file's module kind is unknown (a plain \`.js\` script) or the name is taken.

## Why is this bad?
\`print\` output has no level, no timestamp and no logger name, cannot be
filtered or routed, and is lost when the program runs as a service.

## Example
\`\`\`python
print(f"loaded {n} tasks in {t:.2f}s")
print("cannot connect", file=sys.stderr)
\`\`\`

## Use instead
\`\`\`python
logger = logging.getLogger(__name__)

logger.info("loaded %s tasks in %.2fs", n, t)
logger.error("cannot connect")
\`\`\`

## Fix safety
Unsafe: the output moves from stdout to logging, which shows nothing below
WARNING until logging is configured. \`print(x)\` becomes \`logger.info(x)\`;
several arguments or an f-string become a \`%\`-style message with lazy
arguments; \`file=sys.stderr\` becomes \`logger.error\`. A module-level
\`logger = logging.getLogger(__name__)\` (and \`import logging\`) is added after the
imports unless a \`logger\`, \`log\` or \`LOGGER\` already exists; the
\`logger-factory\` setting (\`"myapp.logging:get_logger"\`) changes what is imported
and called. Refused, with the reason in the message, when \`end=\`, \`sep=\`,
\`file=\` or \`*args\` cannot be kept.

## Options
- \`allow-print-in\`: globs of files where print is fine.
- \`logger-factory\`: \`"module:function"\` used to create the module logger.`,
  python: {
    create(ctx): PythonHandlers {
      // a file that never writes `print` needs no visit at all
      if (!/\bprint\b/.test(ctx.file.text)) return {};
      const opts = ruleOptions(ctx.options, OPTIONS);
      if (allowedByConfig(ctx, opts)) return {};
      /** end of the function/class bodies we are inside, innermost last */
      const scopes: number[] = [];
      const prints: Array<{ call: Node; moduleLevel: boolean }> = [];
      const setDefaults: Node[] = [];
      const scope = (node: Node): void => {
        while (scopes.length && scopes[scopes.length - 1] <= node.startIndex) scopes.pop();
        scopes.push(node.endIndex);
      };
      const handlers: PythonHandlers = {
        function_definition: scope,
        class_definition: scope,
        call(node) {
          while (scopes.length && scopes[scopes.length - 1] <= node.startIndex) scopes.pop();
          const fn = node.childForFieldName('function');
          if (!fn) return;
          if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'set_defaults') setDefaults.push(node);
          if (!fn.text.endsWith('print')) return;
          if (ctx.names.qualifiedName(fn) !== 'builtins.print') return;
          prints.push({ call: node, moduleLevel: scopes.length === 0 });
        },
        'module:exit'() {
          if (prints.length === 0) return;
          const ranges = outputRanges(ctx, ctx.nodesOfType('function_definition'), setDefaults, ctx.nodesOfType('if_statement'));
          let setup: Setup | undefined;
          for (const { call, moduleLevel } of prints) {
            const command = workflowCommand(call);
            const output = command ? `writing the GitHub workflow command ::${command}::` : ranges.find((r) => r.start <= call.startIndex && call.endIndex <= r.end)?.why;
            if (output) {
              ctx.report({ node: call, severity: 'info', message: `print() ${output} is the program's output, not a log line` });
              continue;
            }
            setup ??= loggerSetup(ctx, opts);
            const fix = fixFor(call, ctx, setup, moduleLevel);
            if (typeof fix === 'string') ctx.report({ node: call, message: `print() call; use logging (no automatic fix: ${fix})`, fix: { declined: fix } });
            else ctx.report({ node: call, message: 'print() call; use logging', fix });
          }
        },
      };
      // the `__main__` block
      if (ctx.file.text.includes('__main__')) handlers.if_statement = () => {};
      return handlers;
    },
  },
  js,
};
