import { environFix } from '../../fix/codemods/security';
import type { Node } from '../../python/parser';
import { isStringNode, stringValue } from '../../python/literals';
import type { Rule, RuleContext } from '../types';

/** Name parts that mark a secret, matched against snake_case / camelCase parts. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey']);
const SECRET_PAIRS = new Set(['api key', 'access key', 'private key']);

/** Split an identifier into lower-case word parts: "apiKey" / "API_KEY" -> ["api", "key"]. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
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

export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.length > 1 && METADATA_WORDS.has(parts[parts.length - 1])) return false;
  for (let i = 0; i < parts.length; i++) {
    if (SECRET_WORDS.has(parts[i])) return true;
    if (i + 1 < parts.length && SECRET_PAIRS.has(`${parts[i]} ${parts[i + 1]}`)) return true;
  }
  return false;
}

/** Any text in which a secret-like name could occur (a superset of isSecretName's parts). */
const SECRET_TEXT = /pass(?:wd|word)|pwd|secret|token|api[\W_]?key|access[\W_]?key|private[\W_]?key/i;

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

function secretLiteral(n: Node | null | undefined): Node | null {
  if (!isStringNode(n)) return null;
  const v = stringValue(n);
  return v && v.length > 0 ? n : null;
}

interface State {
  reported: Set<number>;
}

function report(ctx: RuleContext, lit: Node, name: string): void {
  const st = ctx.state<State>(() => ({ reported: new Set() }));
  if (st.reported.has(lit.id)) return;
  st.reported.add(lit.id);
  const fix = environFix(lit, name, ctx);
  ctx.report({ node: lit, message: `hardcoded secret for '${name}'; read it from the environment or a secret store`, fix: typeof fix === 'string' ? null : fix });
}

export const rule: Rule = {
  code: 'SEC006',
  name: 'hardcoded-secret',
  upgrade: 'U02',
  severity: 'medium',
  cwe: 798,
  nosec: ['B105', 'B106', 'B107'],
  summary: 'Hardcoded password, token or key',
  fixable: 'unsafe',
  nodeTypes: ['assignment', 'comparison_operator', 'keyword_argument', 'default_parameter', 'typed_default_parameter', 'pair', 'string', 'concatenated_string'],
  docs: `## What it does
Flags a non-empty string literal that is
- assigned to a name, attribute or subscript key whose name has a part
  \`password\`, \`passwd\`, \`pwd\`, \`secret\`, \`token\`, \`api_key\`/\`apikey\`, \`access_key\`
  or \`private_key\` (any case, snake_case or camelCase: \`DB_PASSWORD\`, \`apiKey\`,
  \`self.secret_token\`, \`cfg["api_key"]\`), or is the value of such a key in a dict literal;
- compared with such a name (\`if password == "hunter2"\`);
- passed as such a keyword argument (\`login(token="abc")\`);
- the default of such a parameter (\`def connect(password="admin")\`);

and, in any string literal, the well-known shapes of real credentials: AWS access
key IDs (\`AKIA…\`), GitHub tokens (\`ghp_…\`, \`gho_…\`, \`ghs_…\`, \`ghu_…\`), \`sk-…\` API
keys, Slack tokens (\`xoxb-…\`) and PEM private keys. Values read from the
environment are not literals and are not flagged; neither are empty strings nor
comments and docstrings that merely mention a password.

## Why is this bad?
Secrets in source end up in every clone, fork, backup and log of the repository
and cannot be rotated without a commit (CWE-798).

## Example
\`\`\`python
API_KEY = "a8f5f167f44f4964e6c998dee827110c"
\`\`\`

## Use instead
\`\`\`python
API_KEY = os.environ["API_KEY"]
\`\`\`

## Fix safety
Unsafe: \`fix --unsafe-fixes\` replaces the literal with \`os.environ["NAME"]\` (NAME
from the target in UPPER_SNAKE_CASE) and lists the variables to set in the
migration report; the program then fails where the variable is unset.

## References
- bandit B105, B106, B107; CWE-798`,
  nodeTypesFor(file) {
    // cheap whole-text tests first: most files name no secret and hold no token shape
    const named = SECRET_TEXT.test(file.text);
    const shaped = TOKEN_SHAPES.some((s) => s.re.test(file.text));
    return [
      ...(named ? ['assignment', 'comparison_operator', 'keyword_argument', 'default_parameter', 'typed_default_parameter', 'pair'] : []),
      ...(shaped ? ['string', 'concatenated_string'] : []),
    ];
  },
  visit(node, ctx) {
    switch (node.type) {
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        // `user, password = "admin", "hunter2"` pairs targets and values
        if (left && right && (left.type === 'pattern_list' || left.type === 'tuple_pattern') && (right.type === 'expression_list' || right.type === 'tuple')) {
          const targets = left.namedChildren;
          const values = right.namedChildren;
          if (targets.length === values.length) {
            targets.forEach((t, i) => {
              const lit = secretLiteral(values[i]);
              const name = targetName(t);
              if (lit && name && isSecretName(name)) report(ctx, lit, name);
            });
          }
          return;
        }
        const lit = secretLiteral(right);
        const name = targetName(left);
        if (lit && name && isSecretName(name)) report(ctx, lit, name);
        return;
      }
      case 'comparison_operator': {
        const operands = node.namedChildren.filter((c): c is Node => !!c);
        const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
        if (!ops.every((o) => o === '==' || o === '!=' || o === 'is' || o === 'is not')) return;
        for (const a of operands) {
          const name = targetName(a);
          if (!name || !isSecretName(name)) continue;
          for (const b of operands) {
            const lit = b === a ? null : secretLiteral(b);
            if (lit) report(ctx, lit, name);
          }
        }
        return;
      }
      case 'keyword_argument': {
        const name = node.childForFieldName('name')?.text;
        const lit = secretLiteral(node.childForFieldName('value'));
        if (lit && name && isSecretName(name)) report(ctx, lit, name);
        return;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = node.childForFieldName('name')?.text;
        const lit = secretLiteral(node.childForFieldName('value'));
        if (lit && name && isSecretName(name)) report(ctx, lit, name);
        return;
      }
      case 'pair': {
        const key = node.childForFieldName('key');
        const lit = secretLiteral(node.childForFieldName('value'));
        const name = isStringNode(key) ? stringValue(key) : null;
        if (lit && name && isSecretName(name)) report(ctx, lit, name);
        return;
      }
      case 'string':
      case 'concatenated_string': {
        if (node.parent?.type === 'concatenated_string') return; // the whole literal is checked once
        const value = stringValue(node) ?? node.text;
        for (const shape of TOKEN_SHAPES) {
          if (shape.re.test(value)) {
            const st = ctx.state<State>(() => ({ reported: new Set() }));
            if (st.reported.has(node.id)) return;
            st.reported.add(node.id);
            ctx.report({ node, message: `string looks like ${shape.name}; never commit credentials` });
            return;
          }
        }
        return;
      }
      default:
        return;
    }
  },
};
