import type { Edit, FixResult } from '../../core/finding';
import { keywordArg } from '../../lang/python/calls';
import { literalTruthiness } from '../../lang/python/literals';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { literalValue, quotePy, splitPrefix } from '../../lang/python/strings';
import { calleeName } from './_calls';
import { callArguments, needModule } from './_fix';
import type { ts } from 'ts-morph';
import { tsv } from '../../lang/js/ts';
import { childProcessFunction, isFalsyLiteral, shellOption } from '../../lang/js/calls';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

/** Modules whose functions with `shell=` run a shell: a call of theirs is high, any other callee medium. */
const SHELL_MODULES = new Set(['subprocess', 'asyncio', 'os', 'popen2', 'commands']);

/** The calls whose command the fix rewrites to an argv list. */
const SUBPROCESS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);

/**
 * Split a command line as `shlex.split` (POSIX mode) does, or null when the
 * shell would do more than split it: pipes, redirects, globs, `$`, `;`, `&&`,
 * backticks, `~`, comments, environment assignments, line breaks.
 */
export function shellWords(s: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    if ('|&;<>()$`*?[]~{}#!\n\r'.includes(c)) return null;
    inWord = true;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return null;
      word += s.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= s.length) return null;
        const d = s[j];
        if (d === '"') break;
        if (d === '$' || d === '`' || d === '\\' || d === '!') return null;
        word += d;
        j++;
      }
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 >= s.length || s[i + 1] === '\n') return null;
      word += s[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) return null;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) return null; // VAR=value cmd
  return words;
}

/** The value of a plain (not bytes, not f-) string literal or concatenation, else null. */
function plainStringValue(n: Node): string | null {
  const parts = n.type === 'string' ? [n] : n.type === 'concatenated_string' ? n.namedChildren.filter((c): c is Node => !!c) : [];
  if (parts.length === 0) return null;
  let v = '';
  for (const p of parts) {
    if (/[bBfF]/.test(splitPrefix(p.text)[0])) return null;
    const pv = literalValue(p.text);
    if (pv === null) return null;
    v += pv;
  }
  return v;
}

/** Delete one argument with the comma that joins it to its neighbour. */
function deleteArgument(call: Node, arg: Node): Edit {
  const list = call.childForFieldName('arguments')!;
  const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const k = items.findIndex((c) => c.startIndex === arg.startIndex);
  if (k > 0) return { start: items[k - 1].endIndex, end: arg.endIndex, text: '' };
  const next = items[k + 1];
  if (next) return { start: arg.startIndex, end: next.startIndex, text: '' };
  const close = list.lastChild!;
  return { start: arg.startIndex, end: close.type === ')' ? close.startIndex : arg.endIndex, text: '' };
}

/** `subprocess.run("git log", shell=True)` -> `subprocess.run(["git", "log"])`; any other command -> `shlex.split(cmd)`. */
function shellFalseFix(call: Node, shellKw: Node, ctx: PythonContext, qualified: string | null): FixResult {
  if (!qualified || !SUBPROCESS.has(qualified)) return { declined: 'only subprocess calls are rewritten' };
  const value = shellKw.childForFieldName('value');
  if (!value || value.type !== 'true') return { declined: `${shellKw.text} is not a literal True` };
  const { args, keywords, splat } = callArguments(call);
  if (splat) return { declined: 'the call has *args/**kwargs' };
  const cmd = args[0] ?? keywords.find((k) => k.childForFieldName('name')?.text === 'args')?.childForFieldName('value');
  if (!cmd) return { declined: 'no command argument' };
  if (cmd.type === 'list' || cmd.type === 'tuple' || cmd.type === 'list_comprehension') return { declined: 'the command is already a sequence' };
  const edits: Edit[] = [];
  let description: string;
  const literal = plainStringValue(cmd);
  if (literal !== null) {
    const words = shellWords(literal);
    if (!words) return { declined: 'the command needs a shell (pipes, redirects, globs, $, ;, &&, backticks or ~)' };
    edits.push({ start: cmd.startIndex, end: cmd.endIndex, text: `[${words.map((w) => quotePy(w)).join(', ')}]` });
    description = 'pass an argument list instead of a shell command line';
  } else {
    const imp = needModule(ctx, 'shlex', call);
    if (!Array.isArray(imp)) return imp;
    edits.push(...imp, { start: cmd.startIndex, end: cmd.endIndex, text: `shlex.split(${cmd.text})` });
    description = 'split the command with shlex.split() instead of running a shell';
  }
  const removal = deleteArgument(call, shellKw);
  const list = call.childForFieldName('arguments')!;
  if (list.namedChildren.some((c) => c?.type === 'comment' && c.startIndex < removal.end && c.endIndex > removal.start)) return { declined: 'a comment sits next to shell=True' };
  edits.push(removal);
  return { safety: 'unsafe', description, edits };
}

const SPAWNERS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);

/**
 * SEC003 for JS/TS: `child_process.spawn/spawnSync/execFile/execFileSync/fork`
 * with an object-literal option `shell:` that is `true`, a non-empty string
 * (a shell's path) or anything that is not a falsy literal. Options passed in
 * a variable are not followed. No fix.
 */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('child_process') || !ctx.file.text.includes('shell')) return {};
    return {
      CallExpression(node) {
        const call = node as ts.CallExpression;
        const fn = childProcessFunction(call, ctx.names);
        if (!fn || !SPAWNERS.has(fn)) return;
        const p = shellOption(call);
        if (!p) return;
        const value = tsv().isPropertyAssignment(p) ? p.initializer : p.name;
        if (isFalsyLiteral(value)) return;
        const lit = value.kind === tsv().SyntaxKind.TrueKeyword || tsv().isStringLiteralLike(value);
        ctx.report({
          node,
          message: lit ? `${fn}() with shell: ${ctx.file.nodeText(value)} runs the command through a shell; pass an argv array without shell` : `${fn}() with a shell option that may be true; pass an argv array without shell`,
          severity: lit ? undefined : 'medium',
        });
      },
    };
  },
};

export const rule: PythonRuleDef = {
  code: 'SEC003',
  security: true,
  aliases: ['S602', 'S604'],
  followUp: 'Run the changed commands once: arguments are no longer split or expanded by a shell.',
  name: 'subprocess-shell-true',
  upgrade: 'U02',
  severity: 'high',
  cwe: 78,
  nosec: ['B602', 'B604'],
  summary: 'Call with shell=True (or a shell= value that may be true)',
  fixable: 'unsafe',
  docs: `## What it does
Flags any call with a \`shell=\` keyword whose value is truthy or not a literal:
\`shell=True\`, \`shell=1\`, \`shell="False"\` (a non-empty string is true),
\`shell=[True]\`, \`shell=flag\`. \`shell=False\`, \`0\`, \`None\`, \`[]\`, \`{}\` and \`""\` are
fine. The callee does not matter, so aliases (\`from subprocess import Popen as
pop\`) and wrappers that pass \`shell\` through are covered. Text in comments and
strings is never counted.

Severity: **high** when the callee is a function of a module that runs shells
(\`subprocess\`, \`asyncio\`, \`os\`, \`popen2\`, \`commands\`), also through
\`import … as\` and \`from … import … as\`; **medium** for any other callee (a
wrapper of your own, a method), which may or may not hand the command to a
shell (bandit rates these B604, medium).

**JavaScript and TypeScript:** flags \`child_process.spawn\`/\`spawnSync\`/\`execFile\`/\`execFileSync\`/\`fork\` whose options object literal has a \`shell:\` that is not a falsy literal (\`true\` or a shell path: high; an expression: medium), reached through \`require\`, \`import … from 'node:child_process'\`, destructuring or aliases. Options held in a variable are not followed. No fix in JS/TS.

## Why is this bad?
With a shell, the command string is parsed by \`/bin/sh\`: any untrusted part can
add commands with \`;\`, \`|\`, \`$(...)\` or backticks (CWE-78, OS command injection).

## Example
\`\`\`python
subprocess.run(f"git log {branch}", shell=True)
\`\`\`

## Use instead
\`\`\`python
subprocess.run(["git", "log", branch])
\`\`\`

## Fix safety
Unsafe: \`fix --unsafe-fixes\` drops \`shell=True\` and passes an argv list (a literal
is split as \`shlex.split\` would; any other expression becomes \`shlex.split(expr)\`).
It refuses literals that need a shell: pipes, redirects, globs, \`$\`, \`;\`, \`&&\`,
backticks, \`~\`.

## References
- bandit B602, B604; CWE-78`,
  python: {
    create(ctx): PythonHandlers {
      // the keyword must appear in the text
      if (!/\bshell\b/.test(ctx.file.text)) return {};
      return {
        call(node) {
          const kw = keywordArg(node, 'shell');
          const value = kw?.childForFieldName('value');
          if (!kw || !value) return;
          const truth = literalTruthiness(value);
          if (truth === false) return;
          const message =
            truth === true
              ? `call with ${kw.text} runs the command through a shell (command injection risk)`
              : `call with ${kw.text}: shell may be enabled at run time (command injection risk)`;
          const qualified = calleeName(node, ctx);
          const shellModule = !!qualified && SHELL_MODULES.has(qualified.split('.')[0]);
          ctx.report({
            node,
            message,
            severity: shellModule ? 'high' : 'medium',
            fix: truth === true ? () => shellFalseFix(node, kw, ctx, qualified) : null,
          });
        },
      };
    },
  },
  js,
};
