import type { Node } from '../../python/parser';
import { guessImportedName, importedQualifiedName } from '../../python/imports';
import { isStringNode, stringValue } from '../../python/literals';
import type { Rule } from '../../core/rule';
import type { PythonContext as RuleContext, PythonHandlers } from '../../python/rule';
import { docsWords, type EnvRead } from './_env';

const GETTERS = new Set(['os.getenv', 'os.getenvb', 'os.environ.get', 'os.environ.setdefault', 'os.environb.get', 'os.environb.setdefault']);
const ENVIRON = new Set(['os.environ', 'os.environb']);

interface Read extends EnvRead {
  node: Node;
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
  if (!key || !isStringNode(key)) return null;
  const name = stringValue(key);
  if (!name) return null;
  return { name, default: defaultText(dflt, ctx), line: ctx.file.lineOf(call.startIndex), node: call, subscript: false };
}

/** `os.environ["X"]` / `environ["X"]`. */
function subscriptRead(sub: Node, ctx: RuleContext): Read | null {
  const guess = guessImportedName(ctx.file.text, sub.startIndex, '[', ctx.names);
  if (!guess || !ENVIRON.has(guess)) return null;
  const value = sub.childForFieldName('value');
  const q = value ? importedQualifiedName(value, ctx.names) : null;
  if (!q || !ENVIRON.has(q)) return null;
  const keys = sub.childrenForFieldName('subscript');
  if (keys.length !== 1 || !keys[0] || !isStringNode(keys[0])) return null;
  const name = stringValue(keys[0]);
  if (!name) return null;
  return { name, default: null, line: ctx.file.lineOf(sub.startIndex), node: sub, subscript: true };
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
  }
  return st.reads;
}

function reportUndocumented(ctx: RuleContext): void {
  const found = reads(ctx);
  if (found.length === 0) return;
  const root = typeof ctx.options.settings.projectRoot === 'string' ? ctx.options.settings.projectRoot : process.cwd();
  const words = docsWords(root);
  for (const r of found) {
    if (words.has(r.name)) continue;
    ctx.report({ node: r.node, message: `environment variable ${r.name} is read here but documented in no docs file (README, docs/)` });
  }
}

export const rule: Rule = {
  code: 'CFG001',
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
literal. Writes (\`os.environ["X"] = ...\`, \`del os.environ["X"]\`) are not reads.

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
        const r = node.type === 'call' ? callRead(node, ctx) : subscriptRead(node, ctx);
        if (r) state(ctx).reads.push(r);
      };
      const handlers: PythonHandlers = { call: visit, subscript: visit, 'module:exit': () => reportUndocumented(ctx) };
      return handlers;
    },
    facts(ctx): EnvRead[] {
      return reads(ctx).map(({ name, default: d, line }) => ({ name, default: d, line }));
    },
  },
};
