import { secretsFix } from '../../fix/codemods/security';
import type { Rule } from '../types';
import { calleeName } from './_calls';

/** The module-level functions of `random` that draw from the Mersenne Twister. */
export const RANDOM_FUNCTIONS = new Set([
  'random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'shuffle', 'uniform', 'triangular',
  'getrandbits', 'randbytes', 'betavariate', 'binomialvariate', 'expovariate', 'gammavariate', 'gauss',
  'lognormvariate', 'normalvariate', 'vonmisesvariate', 'paretovariate', 'weibullvariate', 'Random',
]);

export const rule: Rule = {
  code: 'SEC005',
  name: 'insecure-random',
  upgrade: 'U02',
  severity: 'low',
  cwe: 330,
  nosec: ['B311'],
  summary: 'Pseudo-random generator of the random module used',
  fixable: 'unsafe',
  nodeTypes: ['call'],
  // the name must appear in the text, even when imported under an alias
  nodeTypesFor: (file) => (/\b(random|Random)\b/.test(file.text) ? ['call'] : []),
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
  visit(node, ctx) {
    const name = calleeName(node, ctx, RANDOM_FUNCTIONS);
    if (!name || !name.startsWith('random.')) return;
    const fn = name.slice('random.'.length);
    if (!RANDOM_FUNCTIONS.has(fn)) return;
    const fix = secretsFix(node, fn, ctx);
    ctx.report({ node, message: `random.${fn}() is not cryptographically secure; use the secrets module where the value must not be guessed`, fix: typeof fix === 'string' ? null : fix });
  },
};
