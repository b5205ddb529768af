import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { safeRewritePrint } from '../../fix/codemods/print';
import { addFromImport, addImport, afterImports, blankAfter, importLineEdit, joinInsertions } from '../../python/import-edit';
import type { Node } from '../../python/parser';
import { sameBinding } from '../../python/names';
import type { Edit, Fix, Rule, RuleContext } from '../types';

const LOGGER_NAMES = ['logger', 'log', 'LOGGER'];

interface State {
  /** end of the function/class bodies we are inside, innermost last */
  scopes: number[];
  setup?: Setup;
  allowed?: boolean;
}

/** quick: decided from the text, which also showed that no local can hide the logger */
type Setup = { ok: true; name: string; edits: Edit[]; definedAt: number; quick?: boolean } | { ok: false; reason: string };

function allowedByConfig(ctx: RuleContext): boolean {
  const globs = ctx.options.settings['allow-print-in'];
  if (!Array.isArray(globs) || globs.length === 0) return false;
  const root = typeof ctx.options.settings.projectRoot === 'string' ? ctx.options.settings.projectRoot : process.cwd();
  const rel = path.relative(root, ctx.file.absPath).split(path.sep).join('/');
  // a glob without a slash matches the file name anywhere, as in .gitignore
  return globs.some((g) => typeof g === 'string' && picomatch(g, { dot: true })(g.includes('/') ? rel : path.basename(rel)));
}

/** Parse `module.path:function` from the `logger-factory` setting. */
function factory(ctx: RuleContext): { module: string; fn: string } | null {
  const f = ctx.options.settings['logger-factory'];
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
function quickSetup(ctx: RuleContext): Setup | null {
  const text = ctx.file.text;
  if (factory(ctx) || /\b(logger|log|LOGGER)\b/.test(text)) return null;
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
function loggerSetup(ctx: RuleContext): Setup {
  // inside a package or module called logging, `import logging` would import itself
  if (insideLoggingPackage(ctx.file.absPath)) return { ok: false, reason: 'the module is part of a package named logging' };
  const quick = quickSetup(ctx);
  if (quick) return quick;
  const bindings = ctx.names.moduleBindings();
  const text = ctx.file.text;
  for (const name of LOGGER_NAMES) {
    if (!bindings.has(name)) continue;
    const m = new RegExp(`^${name}\\s*(?::[^=\\n]*)?=\\s*[^\\n]*\\b(getLogger|get_logger|getChild|Logger|LoggerAdapter)\\b`, 'm').exec(text);
    if (m) return { ok: true, name, edits: [], definedAt: m.index };
    if (name === 'logger') return { ok: false, reason: "the module-level name 'logger' is not a logger" };
  }
  const fac = factory(ctx);
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

function fixFor(call: Node, ctx: RuleContext, st: State): Fix | string {
  st.setup ??= loggerSetup(ctx);
  const setup = st.setup;
  if (!setup.ok) return setup.reason;
  const moduleLevel = st.scopes.length === 0;
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

export const rule: Rule = {
  code: 'LOG001',
  name: 'print-call',
  upgrade: 'U06',
  severity: 'low',
  summary: 'Call of the builtin print()',
  fixable: 'unsafe',
  nodeTypes: ['call', 'function_definition', 'class_definition'],
  // a file that never writes `print` needs no visit at all
  nodeTypesFor: (file) => (/\bprint\b/.test(file.text) ? ['call', 'function_definition', 'class_definition'] : []),
  docs: `## What it does
Flags calls of the builtin \`print\`. Methods named \`print\` (\`self.print()\`,
\`console.print()\`), \`pprint.pprint\` and functions of your own named \`print\` are
not flagged. Modules that print on purpose (a CLI's output) are excluded with
the \`allow-print-in\` setting: globs relative to the project root, e.g.
\`allow-print-in = ["*/cli.py", "scripts/*"]\`.

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
  visit(node, ctx) {
    const st = ctx.state<State>(() => ({ scopes: [] }));
    while (st.scopes.length && st.scopes[st.scopes.length - 1] <= node.startIndex) st.scopes.pop();
    if (node.type !== 'call') {
      st.scopes.push(node.endIndex);
      return;
    }
    const fn = node.childForFieldName('function');
    if (!fn || !fn.text.endsWith('print')) return;
    if (ctx.names.qualifiedName(fn) !== 'builtins.print') return;
    st.allowed ??= allowedByConfig(ctx);
    if (st.allowed) return;
    const fix = fixFor(node, ctx, st);
    if (typeof fix === 'string') ctx.report({ node, message: `print() call; use logging (no automatic fix: ${fix})` });
    else ctx.report({ node, message: 'print() call; use logging', fix });
  },
};
