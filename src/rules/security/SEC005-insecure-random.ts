import type { FixResult } from '../../core/finding';
import type { Node } from '../../python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../python/rule';
import { calleeName } from './_calls';
import { callArguments, needModule } from './_fix';

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

export const rule: PythonRuleDef = {
  code: 'SEC005',
  name: 'insecure-random',
  upgrade: 'U02',
  severity: 'low',
  cwe: 330,
  nosec: ['B311'],
  summary: 'Pseudo-random generator of the random module used',
  fixable: 'unsafe',
  docs: `## What it does
Flags calls of the \`random\` module's generator functions (\`random.random\`,
\`randint\`, \`randrange\`, \`choice\`, \`choices\`, \`sample\`, \`shuffle\`, \`uniform\`,
\`triangular\`, \`getrandbits\`, \`randbytes\`, the \`*variate\` functions, \`gauss\`, and
\`random.Random()\`), also through \`from random import choice\` and
\`import random as r\`. \`secrets\`, \`numpy.random\` and \`random.SystemRandom()\` are not flagged,
nor is \`random.seed\`.

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
};
