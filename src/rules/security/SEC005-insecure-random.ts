import type { FixResult } from '../../core/finding';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { calleeName } from './_calls';
import { callArguments, needModule } from './_fix';
import type { ts } from 'ts-morph';
import { tsv } from '../../lang/js/ts';
import { globalMember } from '../../lang/js/calls';
import { addNamedImport, finishFix, moduleKind, morphOf, sameNode } from '../../lang/js/edit';
import { skipParens } from '../../lang/js/names';
import type { JsContext, JsHandlers, JsRule } from '../../lang/js/rule';

/** The module-level functions of `random` that draw from the Mersenne Twister. */
export const RANDOM_FUNCTIONS = new Set([
  'random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'shuffle', 'uniform', 'triangular',
  'getrandbits', 'randbytes', 'betavariate', 'binomialvariate', 'expovariate', 'gammavariate', 'gauss',
  'lognormvariate', 'normalvariate', 'vonmisesvariate', 'paretovariate', 'weibullvariate', 'Random',
]);

/** `random.choice` -> `secrets.choice`, `Random()` -> `secrets.SystemRandom()`, the rest -> `secrets.SystemRandom().fn`. */
function secretsFix(call: Node, fn: string, ctx: PythonContext): FixResult {
  const callee = call.childForFieldName('function')!;
  const { args, keywords } = callArguments(call);
  let text: string;
  if (fn === 'choice') text = 'secrets.choice';
  else if (fn === 'Random') {
    if (args.length || keywords.length) return { declined: 'a seeded Random() is reproducible on purpose' };
    text = 'secrets.SystemRandom';
  } else text = `secrets.SystemRandom().${fn}`;
  const imp = needModule(ctx, 'secrets', call);
  if (!Array.isArray(imp)) return imp;
  return {
    safety: 'unsafe',
    description: `draw from the operating system's generator: ${text}(...)`,
    edits: [...imp, { start: callee.startIndex, end: callee.endIndex, text }],
  };
}

const NODE_BUILTINS = new Set(require('module').builtinModules as string[]);

/** Whether the file uses a Node builtin (so `node:crypto` is there to import). */
function runsInNode(ctx: JsContext): boolean {
  for (const b of ctx.names.bindings.values()) if (NODE_BUILTINS.has(b.module)) return true;
  return false;
}

const UNIFORM = 'crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32';

function buildFix(ctx: JsContext, call: ts.CallExpression): FixResult {
  const parent = call.parent;
  // Math.floor(Math.random() * N), N a positive integer literal -> randomInt(N)
  if (tsv().isBinaryExpression(parent) && parent.operatorToken.kind === tsv().SyntaxKind.AsteriskToken) {
    const other = parent.left === call ? parent.right : parent.left;
    const outer = parent.parent;
    if (tsv().isCallExpression(outer) && outer.arguments.length === 1 && outer.arguments[0] === parent && globalMember(outer.expression, 'Math', ctx.names) === 'floor') {
      const n = skipParens(other);
      if (!tsv().isNumericLiteral(n) || !/^[1-9][0-9]*$/.test(n.text) || Number(n.text) > 2 ** 48 - 1) return { declined: 'the range is not a positive integer literal (randomInt needs one; an empty range would throw)' };
      if (!runsInNode(ctx)) return { declined: 'cannot tell that this file runs in Node (randomInt comes from node:crypto)' };
      const kind = moduleKind(ctx.file);
      if (kind === 'unknown') return { declined: 'cannot tell whether this file is an ES module or CommonJS to import randomInt' };
      if (ctx.names.isDeclared('randomInt') && ctx.names.bindings.get('randomInt')?.module !== 'crypto') return { declined: "'randomInt' is already bound in this file" };
      const morph = morphOf(ctx.file);
      const m = sameNode(morph, outer);
      if (!m) return { declined: 'internal: the call was not found in the ts-morph copy' };
      m.replaceWithText(`randomInt(${n.text})`);
      if (!ctx.names.bindings.has('randomInt')) addNamedImport(morph, kind, 'node:crypto', 'randomInt');
      return finishFix(ctx.file, morph.getFullText(), 'unsafe', `Math.floor(Math.random() * ${n.text}) -> randomInt(${n.text}) from node:crypto`);
    }
  }
  // Math.random() < p (a coin flip) -> a uniform value from crypto.getRandomValues (Node >= 19 and browsers)
  if (tsv().isBinaryExpression(parent) && [tsv().SyntaxKind.LessThanToken, tsv().SyntaxKind.GreaterThanToken, tsv().SyntaxKind.LessThanEqualsToken, tsv().SyntaxKind.GreaterThanEqualsToken].includes(parent.operatorToken.kind)) {
    if (ctx.names.isDeclared('crypto')) return { declined: "'crypto' is bound in this file; cannot tell it is the Web Crypto global" };
    const morph = morphOf(ctx.file);
    const m = sameNode(morph, call);
    if (!m) return { declined: 'internal: the call was not found in the ts-morph copy' };
    m.replaceWithText(`(${UNIFORM})`);
    return finishFix(ctx.file, morph.getFullText(), 'unsafe', `Math.random() -> ${UNIFORM}`);
  }
  return { declined: 'the use of the value is not one the fix knows (Math.floor(Math.random() * N) or a comparison)' };
}

/**
 * SEC005 for JS/TS: `Math.random()` (low): not a cryptographic generator.
 * Unsafe fix where the use is clear: `Math.floor(Math.random() * N)` with an
 * integer literal N in a Node file -> `randomInt(N)` (imported from
 * `node:crypto`); `Math.random() < p` -> `crypto.getRandomValues(…)[0] / 2 ** 32 < p`
 * (the Web Crypto global, in Node 19+ and browsers). Else declined.
 */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('random')) return {};
    return {
      CallExpression(node) {
        const call = node as ts.CallExpression;
        if (call.arguments.length || globalMember(call.expression, 'Math', ctx.names) !== 'random') return;
        ctx.report({ node, message: 'Math.random() is not a cryptographic generator; use crypto.randomInt / crypto.getRandomValues for tokens, ids and keys', fix: () => buildFix(ctx, call) });
      },
    };
  },
};

export const rule: PythonRuleDef = {
  code: 'SEC005',
  security: true,
  aliases: ['S311'],
  followUp: 'Seeding `random` no longer makes these values reproducible; keep `random` (with `# nosec B311`) where reproducibility was the point.',
  name: 'insecure-random',
  upgrade: 'U02',
  severity: 'low',
  cwe: 330,
  nosec: ['B311'],
  summary: 'Pseudo-random generator of the random module used',
  fixable: 'unsafe',
  versionDependentFix: true,
  docs: `## What it does
Flags calls of the \`random\` module's generator functions (\`random.random\`,
\`randint\`, \`randrange\`, \`choice\`, \`choices\`, \`sample\`, \`shuffle\`, \`uniform\`,
\`triangular\`, \`getrandbits\`, \`randbytes\`, the \`*variate\` functions, \`gauss\`, and
\`random.Random()\`), also through \`from random import choice\` and
\`import random as r\`. \`secrets\`, \`numpy.random\` and \`random.SystemRandom()\` are not flagged,
nor is \`random.seed\`.

**JavaScript and TypeScript:** flags \`Math.random()\` (low), unless \`Math\` is a local. Unsafe fix: \`Math.floor(Math.random() * N)\` (N an integer literal) → \`randomInt(N)\` imported from \`node:crypto\` in a file that already uses a Node builtin; \`Math.random() < p\` → \`crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32 < p\` (Web Crypto: Node ≥ 19 and browsers); any other use is declined.

## Why is this bad?
The Mersenne Twister is predictable: after 624 outputs an observer can compute
every later one. Tokens, passwords, nonces and anything an attacker should not
guess need the operating system's generator (CWE-330). For simulations and
bandit-style exploration the module is fine: suppress with \`# nosec B311\` and say why.

## Example
\`\`\`python
token = "".join(random.choice(alphabet) for _ in range(32))
\`\`\`

## Use instead
\`\`\`python
token = "".join(secrets.choice(alphabet) for _ in range(32))
\`\`\`

## Fix safety
Unsafe: \`random.choice(x)\` becomes \`secrets.choice(x)\`, other calls
\`secrets.SystemRandom().fn(...)\`. Seeding no longer reproduces a sequence.

## References
- bandit B311; CWE-330`,
  python: {
    create(ctx): PythonHandlers {
      // the name must appear in the text, even when imported under an alias
      if (!/\b(random|Random)\b/.test(ctx.file.text)) return {};
      return {
        call(node) {
          const name = calleeName(node, ctx, RANDOM_FUNCTIONS);
          if (!name || !name.startsWith('random.')) return;
          const fn = name.slice('random.'.length);
          if (!RANDOM_FUNCTIONS.has(fn)) return;
          ctx.report({
            node,
            message: `random.${fn}() is not cryptographically secure; use the secrets module where the value must not be guessed`,
            fix: () => secretsFix(node, fn, ctx),
          });
        },
      };
    },
  },
  js,
};
