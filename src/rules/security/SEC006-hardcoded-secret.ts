import type { FixResult } from '../../core/finding';
import { isStringNode, stringValue } from '../../lang/python/literals';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { literalValue, quotePy } from '../../lang/python/strings';
import { needModule } from './_fix';
import type { ts } from 'ts-morph';
import { tsv } from '../../lang/js/ts';
import { stringValue as jsStringValue } from '../../lang/js/calls';
import { skipParens } from '../../lang/js/names';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

/** Name parts that mark a secret, matched against snake_case / camelCase parts (bandit's B105 words included). */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrete', 'token', 'apikey']);
const SECRET_PAIRS = new Set(['api key', 'access key', 'private key']);
/** bandit's `pas+wo?r?d`: password, passwd, pasword, passwrd, ... (tried on words of at most 16 characters) */
const PASSWORD_SPELLING = /^pas+wo?r?d$/;

type CharClass = 'upper' | 'lower' | 'digit' | 'other';

function charClass(c: number): CharClass {
  if (c >= 65 && c <= 90) return 'upper';
  if (c >= 97 && c <= 122) return 'lower';
  if (c >= 48 && c <= 57) return 'digit';
  return 'other';
}

/**
 * Split an identifier into its words, as written: "apiKey" -> ["api", "Key"],
 * "API_KEY" -> ["API", "KEY"], "HTTPServer" -> ["HTTP", "Server"]. Anything
 * but ASCII letters and digits separates words; a word also ends before an
 * upper-case letter that follows a lower-case letter or digit, and before the
 * last of a run of capitals that a lower-case letter follows. One pass over
 * the name, each character looked at once with one character of look-ahead:
 * linear in the length of the name (no regular expression, so no backtracking).
 */
function nameWords(name: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < name.length; i++) {
    const cls = charClass(name.charCodeAt(i));
    if (cls === 'other') {
      if (start >= 0) words.push(name.slice(start, i));
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    const prev = charClass(name.charCodeAt(i - 1));
    const next = i + 1 < name.length ? charClass(name.charCodeAt(i + 1)) : 'other';
    // "apiKey", "v2Token" | "HTTPServer": the S starts a word
    if (cls === 'upper' && (prev === 'lower' || prev === 'digit' || (prev === 'upper' && next === 'lower'))) {
      words.push(name.slice(start, i));
      start = i;
    }
  }
  if (start >= 0) words.push(name.slice(start));
  return words;
}

/** Split an identifier into lower-case word parts: "apiKey" / "API_KEY" -> ["api", "key"]. */
export function nameParts(name: string): string[] {
  return nameWords(name).map((w) => w.toLowerCase());
}

/** The environment variable a target's value moves to: `apiKey` -> API_KEY, `self.secret_token` -> SECRET_TOKEN. */
export function envVarName(target: string): string {
  return nameWords(target).join('_').toUpperCase();
}

/**
 * A last word that makes the name describe a secret rather than hold one:
 * `token_type = "bearer"`, `PASSWORD_FIELD = "pwd"`, `TOKEN_URL = "https://…"`.
 */
const METADATA_WORDS = new Set([
  'type', 'types', 'kind', 'name', 'names', 'field', 'fields', 'label', 'header', 'param', 'prefix', 'suffix',
  'url', 'uri', 'endpoint', 'path', 'file', 'dir', 'env', 'var', 'count', 'len', 'length', 'size', 'limit',
  'pattern', 'regex', 're', 'format', 'fmt', 'prompt', 'message', 'msg', 'help', 'placeholder', 'mode', 'policy',
  'ttl', 'timeout', 'expiry', 'expires', 'lifetime', 'index', 'idx',
]);

function isSecretWord(part: string): boolean {
  return SECRET_WORDS.has(part) || (part.length <= 16 && PASSWORD_SPELLING.test(part));
}

export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.length > 1 && METADATA_WORDS.has(parts[parts.length - 1])) return false;
  for (let i = 0; i < parts.length; i++) {
    if (isSecretWord(parts[i])) return true;
    if (i + 1 < parts.length && SECRET_PAIRS.has(`${parts[i]} ${parts[i + 1]}`)) return true;
  }
  return false;
}

/** Words that, around `token`, name a lexer's current token: `tok`, `next_token`, `self.current_token`. */
const LEXER_WORDS = new Set(['token', 'tok', 'next', 'current', 'cur', 'curr', 'prev', 'previous', 'last', 'first', 'peek', 'lookahead', 'this']);

/** `token == "with"`: a parser comparing its current token with a keyword, not a secret check. */
function isParserTokenComparison(name: string, value: string): boolean {
  const parts = nameParts(name);
  if (!parts.includes('token') || !parts.every((p) => LEXER_WORDS.has(p))) return false;
  // a keyword or an operator (punctuation is never a secret anyway): short, letters and underscores only
  return value.length <= 12 && /^[A-Za-z_]+$/.test(value);
}

/**
 * Values that are no secret whatever the name: one character, whitespace or
 * punctuation only (`' '`, `"***"`), one character repeated (`"xxxxxxxx"`, a
 * mask), a placeholder wrapped the way templates and redactions are
 * (`"<your-token>"`, `"{token}"`, `"${TOKEN}"`, `"[REDACTED:…]"`, the
 * detect-secrets "templated secret" shapes plus brackets), and a value that
 * spells the name itself (`TRACK_TOKEN_USAGE = "track_token_usage"`, an enum
 * member), and text with a line break (`{"pass": 'The "pass" statement\n…'}`,
 * pydoc's topics; a PEM key is multi-line too, and its shape is looked for apart). `"changeme"` and other default passwords stay: they are the
 * credentials a deployment forgets to change (CWE-1392), and bandit reports them.
 */
function isPlaceholderValue(value: string, name: string): boolean {
  if ([...value].length <= 1) return true;
  if (/^[\s\p{P}\p{S}]*$/u.test(value)) return true;
  if (/^(.)\1*$/su.test(value)) return true;
  if (value.includes('\n')) return true;
  const t = value.trim();
  const wrapped = (open: string, close: string): boolean => t.length >= 2 && t.startsWith(open) && t.endsWith(close);
  if (wrapped('<', '>') || wrapped('{', '}') || wrapped('[', ']') || wrapped('${', '}')) return true;
  const bare = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return bare(value) !== '' && bare(value) === bare(name);
}

/** Any text in which a secret-like name could occur (a superset of isSecretName's parts). */
const SECRET_TEXT = /pas|pwd|secret|token|api[\W_]?key|access[\W_]?key|private[\W_]?key/i;

/** Well-known credential shapes, looked for in every string literal. */
export const TOKEN_SHAPES: Array<{ name: string; re: RegExp }> = [
  { name: 'an AWS access key ID', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'an API secret key (sk-...)', re: /\bsk-(?:proj-|ant-|live_|test_)?[A-Za-z0-9_-]{20,}/ },
  { name: 'a Slack token', re: /\bxox[abpr]-[0-9A-Za-z-]{10,}/ },
  { name: 'a PEM private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
];

/** The name a target expression stands for: `x`, `obj.x` -> x, `d["x"]` -> x. */
function targetName(n: Node | null): string | null {
  if (!n) return null;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') return n.childForFieldName('attribute')?.text ?? null;
  if (n.type === 'subscript') {
    const key = n.childForFieldName('subscript');
    if (isStringNode(key)) return stringValue(key);
  }
  return null;
}

/** A literal's value with its escapes decoded (`"\\n"` is one newline), else as written. */
function decodedValue(lit: Node): string | null {
  const parts = lit.type === 'concatenated_string' ? lit.namedChildren.filter((c): c is Node => !!c) : [lit];
  let out = '';
  for (const p of parts) {
    const v = literalValue(p.text) ?? stringValue(p);
    if (v === null) return null;
    out += v;
  }
  return out;
}

/** Where a secret literal sits: the fix depends on it. */
type Place = 'assignment' | 'comparison' | 'keyword' | 'default' | 'pair';

interface Candidate {
  lit: Node;
  value: string;
  name: string;
  place: Place;
}

/**
 * Whether the literal is evaluated when a function runs, not when the module
 * is imported: inside a function's (or lambda's) body. A default argument and
 * a decorator are evaluated when the `def` runs, a class body when the class
 * statement runs: at import for module-level code.
 */
function readAtCallTime(lit: Node): boolean {
  let child: Node = lit;
  for (let n = lit.parent; n; child = n, n = n.parent) {
    if ((n.type === 'function_definition' || n.type === 'lambda') && n.childForFieldName('body')?.id === child.id) return true;
  }
  return false;
}

/** `os.environ["NAME"]`, `os.environ.get("NAME")`, `os.getenv("NAME")` (any spelling of the module) already in the file. */
function environReads(root: Node): Set<string> {
  const out = new Set<string>();
  for (const s of root.descendantsOfType('string')) {
    if (!s || !s.parent) continue;
    const v = stringValue(s);
    if (!v) continue;
    const p = s.parent;
    if (p.type === 'subscript' && p.childForFieldName('subscript')?.id === s.id && /\benviron$/.test(p.childForFieldName('value')?.text ?? '')) out.add(v);
    if (p.type === 'argument_list' && p.namedChildren[0]?.id === s.id) {
      const fn = p.parent?.childForFieldName('function')?.text ?? '';
      if (/(?:\bgetenv|\benviron\.(?:get|setdefault|pop))$/.test(fn)) out.add(v);
    }
  }
  return out;
}

/**
 * `"literal"` -> `os.environ["NAME"]`, only where the change cannot break the
 * program: where the value is read at call time (the module still imports
 * with the variable unset, and the code that needs the secret fails with a
 * KeyError naming the variable), never for a comparison operand (that would
 * change what the code compares with), and never when NAME would stand for
 * two different values of this module.
 */
function environFix(c: Candidate, ctx: PythonContext, conflicts: Map<string, string>): FixResult {
  if (c.place === 'comparison') return { declined: 'a comparison operand is not a value to configure: replacing it changes what the code compares with' };
  const name = envVarName(c.name);
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) return { declined: `cannot make an environment variable name from '${c.name}'` };
  if (!readAtCallTime(c.lit)) {
    return { declined: `the value is read when the module is imported (module or class level, a default argument or a decorator): os.environ["${name}"] there fails the import when ${name} is unset; move the read into a function` };
  }
  const conflict = conflicts.get(name);
  if (conflict) return { declined: conflict };
  const imp = needModule(ctx, 'os', c.lit);
  if (!Array.isArray(imp)) return imp;
  return {
    safety: 'unsafe',
    description: `read ${name} from the environment`,
    edits: [...imp, { start: c.lit.startIndex, end: c.lit.endIndex, text: `os.environ[${quotePy(name)}]` }],
  };
}

/** The name a target stands for: `x`, `obj.x`, `obj['x']`, a property key `x:` / `'x':`. */
function jsTargetName(n: ts.Node | undefined): string | null {
  if (!n) return null;
  if (tsv().isIdentifier(n) || tsv().isPrivateIdentifier(n) || tsv().isStringLiteral(n)) return n.text;
  if (tsv().isPropertyAccessExpression(n)) return n.name.text;
  if (tsv().isElementAccessExpression(n)) return jsStringValue(n.argumentExpression);
  return null;
}

/**
 * SEC006 for JS/TS, the Python rule's name rules and token shapes: a non-empty
 * string literal (or template without substitutions) assigned to, initialising,
 * defaulting or compared with a name whose parts mark a secret (`const apiKey =
 * "…"`, `this.password = "…"`, `{ token: "…" }`, `function f(pwd = "…")`,
 * `if (secret === "…")`), and any string literal with a known credential shape.
 * No fix yet (the Python fix reads the environment; the JS one would read
 * `process.env`, left for the second stage).
 */
const js: JsRule = {
  create(ctx): JsHandlers {
    const reported = new Set<ts.Node>();
    const report = (lit: ts.Node, why: string): void => {
      if (reported.has(lit)) return;
      reported.add(lit);
      ctx.report({ node: lit, message: why });
    };
    const byName = (name: string | null, value: ts.Expression | undefined): void => {
      if (!name || !value || !isSecretName(name)) return;
      const v = skipParens(value);
      const s = jsStringValue(v);
      if (s) report(v, `hardcoded secret for '${name}'; read it from the environment (process.env) or a secret store`);
    };
    const shapes = (node: ts.Node): void => {
      const s = (node as ts.StringLiteral).text;
      for (const shape of TOKEN_SHAPES) if (shape.re.test(s)) return report(node, `string literal looks like ${shape.name}; read it from the environment or a secret store`);
    };
    return {
      VariableDeclaration(n) {
        const d = n as ts.VariableDeclaration;
        if (tsv().isIdentifier(d.name)) byName(d.name.text, d.initializer);
      },
      PropertyAssignment(n) {
        const p = n as ts.PropertyAssignment;
        byName(jsTargetName(p.name), p.initializer);
      },
      PropertyDeclaration(n) {
        const p = n as ts.PropertyDeclaration;
        byName(jsTargetName(p.name), p.initializer);
      },
      Parameter(n) {
        const p = n as ts.ParameterDeclaration;
        if (tsv().isIdentifier(p.name)) byName(p.name.text, p.initializer);
      },
      BindingElement(n) {
        const b = n as ts.BindingElement;
        if (tsv().isIdentifier(b.name)) byName(b.name.text, b.initializer);
      },
      BinaryExpression(n) {
        const b = n as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === tsv().SyntaxKind.EqualsToken) byName(jsTargetName(skipParens(b.left)), b.right);
        else if (op === tsv().SyntaxKind.EqualsEqualsEqualsToken || op === tsv().SyntaxKind.EqualsEqualsToken || op === tsv().SyntaxKind.ExclamationEqualsEqualsToken || op === tsv().SyntaxKind.ExclamationEqualsToken) {
          byName(jsTargetName(skipParens(b.left)), b.right);
          byName(jsTargetName(skipParens(b.right)), b.left);
        }
      },
      StringLiteral: shapes,
      NoSubstitutionTemplateLiteral: shapes,
    };
  },
};

export const rule: PythonRuleDef = {
  code: 'SEC006',
  security: true,
  aliases: ['S105', 'S106', 'S107'],
  migrationNotes(fixes) {
    // the variables the fixes now read, and where: they must be set wherever the program runs
    const vars = new Map<string, Set<string>>();
    for (const f of fixes) for (const m of f.after.matchAll(/os\.environ\["([A-Z0-9_]+)"\]/g)) vars.set(m[1], (vars.get(m[1]) ?? new Set()).add(f.path));
    const rows = [...vars].sort(([a], [b]) => a.localeCompare(b)).map(([v, files]) => `| \`${v}\` | ${[...files].sort().map((p) => `\`${p}\``).join(', ')} |`);
    return ['| Environment variable | Read in |', '|---|---|', ...rows, ''];
  },
  followUp: 'Set the environment variables listed below wherever the program runs (and remove the old values from the repository history).',
  name: 'hardcoded-secret',
  upgrade: 'U02',
  severity: 'medium',
  cwe: 798,
  nosec: ['B105', 'B106', 'B107'],
  summary: 'Hardcoded password, token or key',
  fixable: 'unsafe',
  docs: `## What it does
Flags a string literal that is
- assigned to a name, attribute or subscript key whose name has a part
  \`password\` (also bandit's spellings \`passwd\`, \`pasword\`, …), \`pass\`,
  \`passphrase\`, \`pwd\`, \`secret\`/\`secrete\`, \`token\`, \`api_key\`/\`apikey\`,
  \`access_key\` or \`private_key\` (any case, snake_case or camelCase: \`DB_PASSWORD\`,
  \`apiKey\`, \`self.secret_token\`, \`cfg["api_key"]\`), or is the value of such a key
  in a dict literal;
- compared with such a name (\`if password == "hunter2"\`);
- passed as such a keyword argument (\`login(token="abc")\`);
- the default of such a parameter (\`def connect(password="admin")\`);

and, in any string literal, the well-known shapes of real credentials: AWS access
key IDs (\`AKIA…\`), GitHub tokens (\`ghp_…\`, \`gho_…\`, \`ghs_…\`, \`ghu_…\`), \`sk-…\` API
keys, Slack tokens (\`xoxb-…\`) and PEM private keys.

Not flagged: values read from the environment (not literals); names that
describe a secret rather than hold one (\`token_type\`, \`PASSWORD_FIELD\`,
\`TOKEN_URL\`); values that are no secret whatever the name — empty, one
character, only whitespace or punctuation (\`token = ' '\`), one character
repeated (\`"********"\`), placeholders (\`"<your-token>"\`, \`"{token}"\`,
\`"\${TOKEN}"\`, \`"[REDACTED:…]"\`), a value that spells the name itself
(\`TRACK_TOKEN_USAGE = "track_token_usage"\`), text with a line break (help
text keyed \`"pass"\`; PEM keys are found by their shape); a parser comparing its current token
with a keyword (\`token == "with"\`); comments and docstrings. Default passwords
such as \`"changeme"\` are flagged: they are the credentials a deployment forgets
to change.

**JavaScript and TypeScript:** the same name rules and token shapes on variable initialisers, assignments (\`obj.x =\`, \`obj['x'] =\`), object and class properties, parameter and destructuring defaults and \`===\`/\`==\` comparisons, and every string literal for the token shapes. No fix in JS/TS.

## Why is this bad?
Secrets in source end up in every clone, fork, backup and log of the repository
and cannot be rotated without a commit (CWE-798).

## Example
\`\`\`python
def connect():
    return Client(api_key="a8f5f167f44f4964e6c998dee827110c")
\`\`\`

## Use instead
\`\`\`python
def connect():
    return Client(api_key=os.environ["API_KEY"])
\`\`\`

## Fix safety
Unsafe: \`fix --unsafe-fixes\` replaces the literal with \`os.environ["NAME"]\` (NAME
from the target in UPPER_SNAKE_CASE) and lists the variables to set in the
migration report; the code that needs the secret then fails with a \`KeyError\`
naming the variable while it is unset. The fix is offered only where that
cannot break the program: where the value is read when a function runs (inside
a function body), so the module still imports with the variable unset. It
declines module-level and class-level values, default arguments and
decorators (evaluated at import), comparison operands (replacing one changes
what the code compares with), a NAME that would stand for two different
values of the module, and a NAME the module already reads from the
environment. Different modules that pick the same NAME for different values
are not detected: read the migration report.

## References
- bandit B105, B106, B107; CWE-798`,
  python: {
    create(ctx): PythonHandlers {
      // cheap whole-text tests first: most files name no secret and hold no token shape
      const named = SECRET_TEXT.test(ctx.file.text);
      const shaped = TOKEN_SHAPES.some((s) => s.re.test(ctx.file.text));
      if (!named && !shaped) return {};
      const candidates = new Map<number, Candidate>();
      const shapes: Array<{ node: Node; shape: string }> = [];
      const consider = (lit: Node | null | undefined, name: string | null | undefined, place: Place): void => {
        if (!lit || !name || !isStringNode(lit) || candidates.has(lit.id)) return;
        const value = stringValue(lit) ? decodedValue(lit) : null;
        if (!value || !isSecretName(name) || isPlaceholderValue(value, name)) return;
        if (place === 'comparison' && isParserTokenComparison(name, value)) return;
        candidates.set(lit.id, { lit, value, name, place });
      };
      const handlers: PythonHandlers = {};
      if (named) {
        // the value side first: most assignments, arguments and comparisons hold no string literal,
        // and those end before the name side is looked at (SEC006 was the slowest rule of a cold scan)
        handlers.assignment = (node) => {
          const right = node.childForFieldName('right');
          if (!right) return;
          // `user, password = "admin", "hunter2"` pairs targets and values
          if (right.type === 'expression_list' || right.type === 'tuple') {
            const values = right.namedChildren;
            if (!values.some(isStringNode)) return;
            const left = node.childForFieldName('left');
            if (left && (left.type === 'pattern_list' || left.type === 'tuple_pattern')) {
              const targets = left.namedChildren;
              if (targets.length === values.length) targets.forEach((t, i) => consider(values[i], targetName(t), 'assignment'));
            }
            return;
          }
          if (!isStringNode(right)) return;
          consider(right, targetName(node.childForFieldName('left')), 'assignment');
        };
        handlers.comparison_operator = (node) => {
          const operands = node.namedChildren.filter((c): c is Node => !!c);
          if (!operands.some(isStringNode)) return;
          const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
          if (!ops.every((o) => o === '==' || o === '!=' || o === 'is' || o === 'is not')) return;
          for (const a of operands) {
            const name = targetName(a);
            if (name) for (const b of operands) if (b !== a) consider(b, name, 'comparison');
          }
        };
        const valued = (place: Place, nameOf: (node: Node) => string | null | undefined) => (node: Node) => {
          const value = node.childForFieldName('value');
          if (isStringNode(value)) consider(value, nameOf(node), place);
        };
        handlers.keyword_argument = valued('keyword', (node) => node.childForFieldName('name')?.text);
        handlers.default_parameter = handlers.typed_default_parameter = valued('default', (node) => node.childForFieldName('name')?.text);
        handlers.pair = valued('pair', (node) => {
          const key = node.childForFieldName('key');
          return isStringNode(key) ? stringValue(key) : null;
        });
      }
      if (shaped) {
        handlers.string = handlers.concatenated_string = (node) => {
          if (node.parent?.type === 'concatenated_string') return; // the whole literal is checked once
          const value = stringValue(node) ?? node.text;
          const shape = TOKEN_SHAPES.find((s) => s.re.test(value));
          if (shape) shapes.push({ node, shape: shape.name });
        };
      }
      // reported once every literal is known: a fix must know every value its variable would stand for
      handlers['module:exit'] = (root) => {
        const values = new Map<string, Map<string, number[]>>();
        for (const c of candidates.values()) {
          if (c.place === 'comparison') continue;
          const name = envVarName(c.name);
          const byValue = values.get(name) ?? new Map<string, number[]>();
          byValue.set(c.value, [...(byValue.get(c.value) ?? []), ctx.file.lineOf(c.lit.startIndex)]);
          values.set(name, byValue);
        }
        const conflicts = new Map<string, string>();
        for (const [name, byValue] of values) {
          if (byValue.size > 1) {
            const lines = [...byValue.values()].map((ls) => ls[0]).join(', ');
            conflicts.set(name, `${name} would stand for ${byValue.size} different values of this module (lines ${lines}): name their variables by hand`);
          }
        }
        let reads: Set<string> | undefined;
        const alreadyRead = (name: string): boolean => (reads ??= environReads(root)).has(name);
        for (const c of candidates.values()) {
          ctx.report({
            node: c.lit,
            message: `hardcoded secret for '${c.name}'; read it from the environment or a secret store`,
            fix: () => {
              const name = envVarName(c.name);
              if (c.place !== 'comparison' && readAtCallTime(c.lit) && !conflicts.has(name) && alreadyRead(name)) {
                return { declined: `the module already reads ${name} from the environment: this value needs a variable of its own, named by hand` };
              }
              return environFix(c, ctx, conflicts);
            },
          });
        }
        for (const { node, shape } of shapes) {
          if (!candidates.has(node.id)) ctx.report({ node, message: `string looks like ${shape}; never commit credentials` });
        }
      };
      return handlers;
    },
  },
  js,
};
