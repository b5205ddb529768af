import type { Node } from '../../lang/python/parser';
import { guessImportedName, importedQualifiedName } from '../../lang/python/imports';
import { isStringNode, stringValue } from '../../lang/python/literals';
import type { Rule } from '../../core/rule';
import type { PythonContext as RuleContext, PythonHandlers } from '../../lang/python/rule';
import { docsWords, envInventory, isPlatformVariable, type EnvRead } from './_env';

const GETTERS = new Set(['os.getenv', 'os.getenvb', 'os.environ.get', 'os.environ.setdefault', 'os.environb.get', 'os.environb.setdefault']);
const ENVIRON = new Set(['os.environ', 'os.environb']);

interface Read {
  /** null when the name is computed at run time (`os.getenv(NAME)`) */
  name: string | null;
  default: string | null;
  line: number;
  how: EnvRead['how'];
  node: Node;
  dflt: Node | null;
  subscript: boolean;
}

interface State {
  reads: Read[];
  done: boolean;
}

function state(ctx: RuleContext): State {
  return ctx.state<State>(() => ({ reads: [], done: false }));
}

function defaultText(n: Node | null, ctx: RuleContext): string | null {
  if (!n || n.type === 'none') return null;
  if (isStringNode(n)) {
    const v = stringValue(n);
    if (v !== null) return v;
  }
  return ctx.file.text.slice(n.startIndex, n.endIndex);
}

/** `os.getenv("X", d)` / `environ.get("X")` / `os.environ.setdefault("X", d)`: the name and default arguments. */
function callRead(call: Node, ctx: RuleContext): Read | null {
  // most calls are rejected from the text alone, before any node is looked at
  const guess = guessImportedName(ctx.file.text, call.startIndex, '(', ctx.names);
  if (!guess || !GETTERS.has(guess)) return null;
  const fn = call.childForFieldName('function');
  const q = fn ? importedQualifiedName(fn, ctx.names) : null;
  if (!q || !GETTERS.has(q)) return null;
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return null;
  const positional: Node[] = [];
  let key: Node | null = null;
  let dflt: Node | null = null;
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name')?.text;
      if (k === 'key') key = a.childForFieldName('value');
      else if (k === 'default') dflt = a.childForFieldName('value');
    } else positional.push(a);
  }
  key = key ?? positional[0] ?? null;
  dflt = dflt ?? positional[1] ?? null;
  if (!key) return null;
  const how = q.endsWith('.get') ? 'environ.get' : q.endsWith('.setdefault') ? 'environ.setdefault' : 'getenv';
  const name = isStringNode(key) ? stringValue(key) : null;
  if (isStringNode(key) && !name) return null;
  return { name, default: defaultText(dflt, ctx), line: ctx.file.lineOf(call.startIndex), how, node: call, dflt, subscript: false };
}

/** `os.environ["X"]` / `environ["X"]`. */
function subscriptRead(sub: Node, ctx: RuleContext): Read | null {
  const guess = guessImportedName(ctx.file.text, sub.startIndex, '[', ctx.names);
  if (!guess || !ENVIRON.has(guess)) return null;
  const value = sub.childForFieldName('value');
  const q = value ? importedQualifiedName(value, ctx.names) : null;
  if (!q || !ENVIRON.has(q)) return null;
  const keys = sub.childrenForFieldName('subscript');
  if (keys.length !== 1 || !keys[0]) return null;
  const name = isStringNode(keys[0]) ? stringValue(keys[0]) : null;
  if (isStringNode(keys[0]) && !name) return null;
  return { name, default: null, line: ctx.file.lineOf(sub.startIndex), how: 'environ[]', node: sub, dflt: null, subscript: true };
}

/** `"X" in os.environ` / `"X" not in environ`: a presence check, which makes `environ["X"]` optional. */
function presenceRead(cmp: Node, ctx: RuleContext): Read | null {
  const operands = cmp.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const ops = cmp.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
  if (operands.length !== 2 || !(ops.join(' ') === 'in' || ops.join(' ') === 'not in')) return null;
  const q = importedQualifiedName(operands[1], ctx.names);
  if (!q || !ENVIRON.has(q)) return null;
  const name = isStringNode(operands[0]) ? stringValue(operands[0]) : null;
  if (isStringNode(operands[0]) && !name) return null;
  return { name, default: null, line: ctx.file.lineOf(cmp.startIndex), how: 'in environ', node: cmp, dflt: null, subscript: false };
}

const CONVERTERS: Record<string, string> = { int: 'int', float: 'float', bool: 'bool', Path: 'path', Decimal: 'decimal' };
const TRUTHY = new Set(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off', 'y', 'n', 't', 'f']);

/** The type a default literal suggests: `"8080"` int, `2.5` float, `"false"` bool, other strings str. */
function literalType(n: Node | null): string | null {
  if (!n) return null;
  if (n.type === 'true' || n.type === 'false') return 'bool';
  if (n.type === 'integer') return 'int';
  if (n.type === 'float') return 'float';
  if (!isStringNode(n)) return null;
  const v = stringValue(n);
  if (v === null) return null;
  const text = v.trim().toLowerCase();
  if (/^-?\d+$/.test(text)) return 'int';
  if (text !== '' && !Number.isNaN(Number(text)) && /\d/.test(text)) return 'float';
  return TRUTHY.has(text) && !['y', 'n', 't', 'f'].includes(text) ? 'bool' : 'str';
}

function calleeName(call: Node): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? '';
  return '';
}

/** The type what the code does with the value suggests: `int(...)`, `.split(...)`, `in ("1", "true")`. */
function usageType(read: Node): string | null {
  let node = read;
  let parent = node.parent;
  // look through parentheses, .strip()/.lower() and `x or default`
  while (parent) {
    if (parent.type === 'parenthesized_expression' || parent.type === 'boolean_operator') node = parent;
    else if (parent.type === 'attribute' && ['strip', 'lower', 'upper', 'casefold'].includes(parent.childForFieldName('attribute')?.text ?? '') && parent.parent?.type === 'call') node = parent.parent;
    else break;
    parent = node.parent;
  }
  if (!parent) return null;
  if (parent.type === 'argument_list' && parent.namedChildren[0]?.id === node.id && parent.parent?.type === 'call') return CONVERTERS[calleeName(parent.parent)] ?? null;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === node.id && ['split', 'splitlines'].includes(parent.childForFieldName('attribute')?.text ?? '')) return 'list';
  if (parent.type === 'comparison_operator') {
    const others = parent.namedChildren.filter((c): c is Node => !!c && c.id !== node.id && c.type !== 'comment');
    const constants = others.flatMap((o) => (['tuple', 'list', 'set'].includes(o.type) ? o.namedChildren.filter((c): c is Node => !!c) : [o]));
    if (constants.length && constants.every((c) => isStringNode(c) && TRUTHY.has((stringValue(c) ?? '').toLowerCase()))) return 'bool';
  }
  return null;
}

/**
 * `os.environ["X"] = v` (also chained, `a = os.environ["X"] = v`) and
 * `del os.environ["X"]` write, they do not read; `+=` and comparisons read.
 * Told from the text around the subscript, which saves a query over the tree.
 */
function isWrite(sub: Node, text: string): boolean {
  let i = sub.endIndex;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '=' && text[i + 1] !== '=') return true;
  let j = sub.startIndex;
  while (j > 0 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  return j >= 3 && text.slice(j - 3, j) === 'del' && !/[\w.]/.test(text[j - 4] ?? '');
}

/** The file's environment reads (call after the visits). */
function reads(ctx: RuleContext): Read[] {
  const st = state(ctx);
  if (!st.done) {
    st.done = true;
    st.reads = st.reads.filter((r) => !r.subscript || !isWrite(r.node, ctx.file.text));
    st.reads.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }
  return st.reads;
}

function reportUndocumented(ctx: RuleContext): void {
  const found = reads(ctx);
  if (found.length === 0) return;
  const root = typeof ctx.options.settings.projectRoot === 'string' ? ctx.options.settings.projectRoot : process.cwd();
  const words = docsWords(root);
  for (const r of found) {
    // computed names and presence checks are in the inventory (config-docs), not findings
    if (r.name === null || r.how === 'in environ' || words.has(r.name) || isPlatformVariable(r.name)) continue;
    ctx.report({ node: r.node, message: `environment variable ${r.name} is read here but documented in no docs file (README, docs/)` });
  }
}

export const rule: Rule = {
  code: 'CFG001',
  // whether a variable is documented depends on the project's docs, not only on the file
  cacheInputs: (root) => [...docsWords(root)].sort().join(' '),
  // the project's one inventory of environment variables: `scaffold config-docs` writes its table from it
  inventory: { of: 'environment variables', from: (facts) => envInventory(new Map([...facts].filter((e): e is [string, EnvRead[]] => Array.isArray(e[1])))) },
  name: 'undocumented-env-var',
  upgrade: 'U15',
  severity: 'low',
  summary: 'Environment variable read but documented in no docs file',
  fixable: 'never',
  docs: `## What it does
Flags a read of an environment variable whose name appears in none of the
project's documentation files. Reads are \`os.getenv("X")\`, \`os.environ["X"]\`,
\`os.environ.get("X")\` and \`os.environ.setdefault("X", ...)\`, also through
\`from os import environ, getenv\` and aliases, with the name as a string
literal. Writes (\`os.environ["X"] = ...\`, \`del os.environ["X"]\`) are not reads;
presence checks (\`"X" in os.environ\`) and names computed at run time are
listed by \`scaffold config-docs\` but not reported.

Variables that the operating system, the shell, Python or a CI system sets
need no docs of the project's own and are not reported: \`HOME\`, \`PATH\`,
\`USER\`, \`TMPDIR\`, \`TEMP\`, \`LANG\`, \`TZ\`, \`TERM\`, \`NO_COLOR\`, the proxy
variables, \`VIRTUAL_ENV\`, \`CI\` and the like, and every name starting with
\`GITHUB_\`, \`RUNNER_\`, \`ACTIONS_\` (GitHub Actions: \`GITHUB_OUTPUT\`,
\`GITHUB_STEP_SUMMARY\`), \`CI_\`, \`GITLAB_\`, \`BUILDKITE_\`, \`CIRCLE_\`,
\`TRAVIS_\`, \`BITBUCKET_\`, \`TEAMCITY_\`, \`APPVEYOR_\`, \`DRONE_\`, \`JENKINS_\`,
\`XDG_\` or \`PYTHON\` (the full list is \`PLATFORM_VARIABLES\` in
\`src/rules/config/_env.ts\`).

The docs are the Markdown, reStructuredText and text files at the project root
(\`README*\`, \`CHANGELOG*\`, \`CONTRIBUTING*\`, any \`*.md\`/\`*.rst\`/\`*.txt\`, and
\`.env.example\`) and everything of those kinds under \`docs/\`, \`doc/\` and
\`documentation/\`. The name must appear as a whole word, case-sensitively.

## Why is this bad?
An undocumented variable is configuration only the code's readers can
discover: operators find out about it when something breaks.

## Example
\`\`\`python
timeout = float(os.getenv("RFSN_TIMEOUT", "30"))
\`\`\`
with \`RFSN_TIMEOUT\` mentioned nowhere in README.md or docs/.

## Use instead
Document it, e.g. in \`docs/CONFIGURATION.md\`:

| variable | default | meaning |
|---|---|---|
| \`RFSN_TIMEOUT\` | \`30\` | seconds before a repair step is abandoned |

\`rfsn-upgrade scaffold config-docs\` writes that table from the code: every
variable, its default and where it is read.

## Fix safety
No automatic fix.

## References
- The Twelve-Factor App, III. Config`,
  python: {
    create(ctx) {
      if (!/\b(?:environb?|getenvb?)\b/.test(ctx.file.text)) return {};
      const visit = (node: Node): void => {
        const r = node.type === 'call' ? callRead(node, ctx) : node.type === 'subscript' ? subscriptRead(node, ctx) : presenceRead(node, ctx);
        if (r) state(ctx).reads.push(r);
      };
      const handlers: PythonHandlers = { call: visit, subscript: visit, comparison_operator: visit, 'module:exit': () => reportUndocumented(ctx) };
      return handlers;
    },
    /** the file's environment reads, the one inventory `scaffold config-docs` writes its table from */
    facts(ctx): EnvRead[] {
      return reads(ctx).map((r) => ({
        name: r.name,
        default: r.default,
        line: r.line,
        how: r.how,
        source: r.dflt ? ctx.file.text.slice(r.dflt.startIndex, r.dflt.endIndex) : null,
        type: r.how === 'in environ' ? null : (usageType(r.node) ?? literalType(r.dflt)),
        ...(r.name === null ? { code: ctx.file.text.slice(r.node.startIndex, r.node.endIndex) } : {}),
      }));
    },
  },
};
