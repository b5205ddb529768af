import type { Node } from '../../python/parser';
import { sameBinding } from '../../python/names';
import type { Edit, Fix, RuleContext } from '../../rules/types';
import { addImport } from '../../python/import-edit';
import { literalValue, quotePy, splitPrefix } from '../../python/strings';

/**
 * The unsafe fixes of the security rules. Each returns a Fix, or a string
 * saying why the call is left alone.
 */

function positional(call: Node): { args: Node[]; keywords: Node[]; splat: boolean; comments: boolean } {
  const list = call.childForFieldName('arguments');
  const args: Node[] = [];
  const keywords: Node[] = [];
  let splat = false;
  let comments = false;
  for (const a of list?.namedChildren ?? []) {
    if (!a) continue;
    if (a.type === 'comment') comments = true;
    else if (a.type === 'list_splat' || a.type === 'dictionary_splat') splat = true;
    else if (a.type === 'keyword_argument') keywords.push(a);
    else args.push(a);
  }
  return { args, keywords, splat, comments };
}

/** `import module` for a fix, or the reason it cannot be added or used at `at`. */
function needModule(ctx: RuleContext, module: string, at: Node): Edit[] | string {
  const edit = addImport(ctx.file, ctx.names, module);
  if (edit === undefined) return `the name '${module}' is bound to something else in this module`;
  const visible = ctx.names.lookup(module, at);
  if (visible && !sameBinding(visible, ctx.names.moduleBindings().get(module))) return `a local '${module}' hides the module`;
  return edit ? [edit] : [];
}

// ---- SEC001 ----

export function literalEvalFix(call: Node, ctx: RuleContext): Fix | string {
  const { args, keywords, splat } = positional(call);
  if (args.length !== 1 || keywords.length || splat) return 'eval() with globals/locals has no literal_eval equivalent';
  const imp = needModule(ctx, 'ast', call);
  if (typeof imp === 'string') return imp;
  const fn = call.childForFieldName('function')!;
  return {
    safety: 'unsafe',
    description: 'use ast.literal_eval(), which accepts only literals',
    edits: [...imp, { start: fn.startIndex, end: fn.endIndex, text: 'ast.literal_eval' }],
  };
}

// ---- SEC003 ----

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

export function shellFalseFix(call: Node, shellKw: Node, ctx: RuleContext, qualified: string | null): Fix | string {
  if (!qualified || !SUBPROCESS.has(qualified)) return 'only subprocess calls are rewritten';
  const value = shellKw.childForFieldName('value');
  if (!value || value.type !== 'true') return `${shellKw.text} is not a literal True`;
  const { args, keywords, splat } = positional(call);
  if (splat) return 'the call has *args/**kwargs';
  const cmd = args[0] ?? keywords.find((k) => k.childForFieldName('name')?.text === 'args')?.childForFieldName('value');
  if (!cmd) return 'no command argument';
  const edits: Edit[] = [];
  let description: string;
  const literal = plainStringValue(cmd);
  if (cmd.type === 'list' || cmd.type === 'tuple' || cmd.type === 'list_comprehension') return 'the command is already a sequence';
  if (literal !== null) {
    const words = shellWords(literal);
    if (!words) return 'the command needs a shell (pipes, redirects, globs, $, ;, &&, backticks or ~)';
    edits.push({ start: cmd.startIndex, end: cmd.endIndex, text: `[${words.map((w) => quotePy(w)).join(', ')}]` });
    description = 'pass an argument list instead of a shell command line';
  } else {
    const imp = needModule(ctx, 'shlex', call);
    if (typeof imp === 'string') return imp;
    edits.push(...imp, { start: cmd.startIndex, end: cmd.endIndex, text: `shlex.split(${cmd.text})` });
    description = 'split the command with shlex.split() instead of running a shell';
  }
  const removal = deleteArgument(call, shellKw);
  const list = call.childForFieldName('arguments')!;
  if (list.namedChildren.some((c) => c?.type === 'comment' && c.startIndex < removal.end && c.endIndex > removal.start)) return 'a comment sits next to shell=True';
  edits.push(removal);
  return { safety: 'unsafe', description, edits };
}

// ---- SEC005 ----

export function secretsFix(call: Node, fn: string, ctx: RuleContext): Fix | string {
  const callee = call.childForFieldName('function')!;
  const { args, keywords } = positional(call);
  let text: string;
  if (fn === 'choice') text = 'secrets.choice';
  else if (fn === 'Random') {
    if (args.length || keywords.length) return 'a seeded Random() is reproducible on purpose';
    text = 'secrets.SystemRandom';
  } else text = `secrets.SystemRandom().${fn}`;
  const imp = needModule(ctx, 'secrets', call);
  if (typeof imp === 'string') return imp;
  return {
    safety: 'unsafe',
    description: `draw from the operating system's generator: ${text}(...)`,
    edits: [...imp, { start: callee.startIndex, end: callee.endIndex, text }],
  };
}

// ---- SEC006 ----

export function envVarName(target: string): string {
  const parts = target
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return parts.join('_').toUpperCase();
}

export function environFix(literal: Node, target: string, ctx: RuleContext): Fix | string {
  const name = envVarName(target);
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) return `cannot make an environment variable name from '${target}'`;
  const imp = needModule(ctx, 'os', literal);
  if (typeof imp === 'string') return imp;
  return {
    safety: 'unsafe',
    description: `read ${name} from the environment`,
    edits: [...imp, { start: literal.startIndex, end: literal.endIndex, text: `os.environ[${quotePy(name)}]` }],
  };
}
