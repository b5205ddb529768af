import type { PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { calleeName } from './_calls';
import type { ts } from 'ts-morph';
import { tsv } from '../../lang/js/ts';
import { childProcessFunction, shellOption, stringValue } from '../../lang/js/calls';
import { addNamedImport, finishFix, morphOf, sameNode } from '../../lang/js/edit';
import { skipParens } from '../../lang/js/names';
import type { FixResult } from '../../core/finding';
import type { JsContext, JsHandlers, JsRule } from '../../lang/js/rule';

/** Functions that always hand their argument to a shell. */
export const SHELL_FUNCTIONS = new Set([
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'os.popen4',
  'popen2.popen2',
  'popen2.popen3',
  'popen2.popen4',
  'popen2.Popen3',
  'popen2.Popen4',
  'commands.getoutput',
  'commands.getstatusoutput',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'platform.popen',
]);

const LAST_NAMES = new Set([...SHELL_FUNCTIONS].map((n) => n.slice(n.lastIndexOf('.') + 1)));
const LAST_NAMES_RE = new RegExp(`\\b(${[...LAST_NAMES].join('|')})\\b`);

const SHELL_RUNNERS: Record<string, string> = { exec: 'execFile', execSync: 'execFileSync' };

/** Words a shell would read the same way as argv: no quotes, globs, expansions, redirections or separators. */
const PLAIN_WORD = /^[A-Za-z0-9_./=:@%+,-]+$/;

/**
 * The argv of a command line that needs no shell, or the reason it needs one.
 * A first word with `=` is an environment assignment, which only a shell reads.
 */
export function plainArgv(cmd: string): string[] | string {
  const words = cmd.trim().split(/[ \t]+/).filter(Boolean);
  if (words.length === 0) return 'the command is empty';
  for (const w of words) if (!PLAIN_WORD.test(w)) return `'${w}' needs a shell (quotes, globs, expansions, redirections or separators)`;
  if (words[0].includes('=')) return `'${words[0]}' is a shell variable assignment`;
  return words;
}

function buildFix(ctx: JsContext, call: ts.CallExpression, fn: string): FixResult {
  const cmd = stringValue(call.arguments[0]);
  if (cmd === null) return { declined: 'the command is not a string literal' };
  const argv = plainArgv(cmd);
  if (typeof argv === 'string') return { declined: argv };
  const opt = shellOption(call);
  if (opt) return { declined: 'the call sets its own shell option' };
  const target = SHELL_RUNNERS[fn];
  const callee = skipParens(call.expression);
  const morph = morphOf(ctx.file);
  const mcall = sameNode(morph, call);
  if (!mcall) return { declined: 'internal: the call was not found in the ts-morph copy' };
  const m = mcall.asKindOrThrow(tsv().SyntaxKind.CallExpression);
  const [file, ...args] = argv;
  const argText = [JSON.stringify(file), `[${args.map((a) => JSON.stringify(a)).join(', ')}]`];
  // the callee: `cp.exec` -> `cp.execFile`; a bare `exec` imported by name -> `execFile`, imported beside it
  let needImport: string | null = null;
  if (tsv().isPropertyAccessExpression(callee) || tsv().isElementAccessExpression(callee)) {
    const base = ctx.file.nodeText(callee.expression);
    m.setExpression(`${base}.${target}`);
  } else if (tsv().isIdentifier(callee)) {
    const b = ctx.names.resolve(callee);
    if (!b || !tsv().isImportDeclaration(b.declaration)) return { declined: `'${callee.text}' is not bound by an import declaration; add ${target} to its require by hand` };
    if (ctx.names.isDeclared(target) && ctx.names.bindings.get(target)?.name !== target) return { declined: `'${target}' is already bound to something else in this file` };
    if (!ctx.names.bindings.has(target)) needImport = (b.declaration as ts.ImportDeclaration).moduleSpecifier.getText(ctx.file.sourceFile).slice(1, -1);
    m.setExpression(target);
  } else return { declined: 'the callee is not a plain name or member' };
  m.removeArgument(0);
  m.insertArguments(0, argText);
  if (needImport) {
    const why = addNamedImport(morph, 'esm', needImport, target);
    if (why) return { declined: why };
  }
  return finishFix(ctx.file, morph.getFullText(), 'unsafe', `${fn}("${cmd}") -> ${target}(${argText.join(', ')}): the same program without a shell`);
}

/**
 * SEC004 for JS/TS: `child_process.exec` / `execSync`, which always run the
 * command through a shell. Unsafe fix: a string-literal command that needs no
 * shell becomes `execFile`/`execFileSync` with an argv array (same callback and
 * result; no shell expansion); anything else is declined with the reason.
 */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('child_process')) return {};
    return {
      CallExpression(node) {
        const call = node as ts.CallExpression;
        const fn = childProcessFunction(call, ctx.names);
        if (!fn || !(fn in SHELL_RUNNERS)) return;
        ctx.report({ node, message: `${fn}() always runs the command through a shell; use ${SHELL_RUNNERS[fn]} with an argv array`, fix: () => buildFix(ctx, call, fn) });
      },
    };
  },
};

export const rule: PythonRuleDef = {
  code: 'SEC004',
  security: true,
  aliases: ['S605'],
  name: 'shell-function-call',
  upgrade: 'U02',
  severity: 'high',
  cwe: 78,
  nosec: ['B605'],
  summary: 'Call of a function that always runs a shell (os.system, os.popen, ...)',
  fixable: 'unsafe', // the JS side's execFile rewrite; the Python side reports only
  docs: `## What it does
Flags calls of functions that always run their command through a shell:
\`os.system\`, \`os.popen\` (and \`popen2/3/4\`), \`popen2.*\`, \`commands.getoutput\`,
\`commands.getstatusoutput\`, \`subprocess.getoutput\`, \`subprocess.getstatusoutput\`,
\`platform.popen\` — however they were imported (\`import os as o\`,
\`from os import popen as p\`).

**JavaScript and TypeScript:** flags \`child_process.exec\`/\`execSync\`, which always run a shell, through any binding (\`require\`, \`import\`, destructuring, aliases). Unsafe fix: a literal command of plain words becomes \`execFile\`/\`execFileSync\` with an argv array (\`exec("git status", cb)\` → \`execFile("git", ["status"], cb)\`), the import extended; declined, with the reason, for quotes, globs, \`$\`, pipes, redirections, \`VAR=x\`, templates, a \`shell\` option or a destructured \`require\`.

## Why is this bad?
The command string is parsed by \`/bin/sh\`; any untrusted part of it can run
other commands (CWE-78).

## Example
\`\`\`python
os.system("rm -rf " + path)
\`\`\`

## Use instead
\`\`\`python
subprocess.run(["rm", "-rf", path], check=True)
\`\`\`

## Fix safety
No automatic fix: return values and error handling differ from \`subprocess.run\`.

## References
- bandit B605; CWE-78`,
  python: {
    create(ctx): PythonHandlers {
      // the name must appear in the text, even when imported under an alias
      if (!LAST_NAMES_RE.test(ctx.file.text)) return {};
      return {
        call(node) {
          const name = calleeName(node, ctx, LAST_NAMES);
          if (name && SHELL_FUNCTIONS.has(name)) {
            ctx.report({ node, message: `${name}() runs its command through a shell; use subprocess.run([...]) with an argv list` });
          }
        },
      };
    },
  },
  js,
};
