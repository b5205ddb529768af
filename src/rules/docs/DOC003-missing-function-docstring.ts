import { definitionDocstringFix } from './_skeleton';
import type { PythonRuleDef } from '../../lang/python/rule';
import { docFacts, docHandlers, isOverload } from './_analysis';
import { docstringCoverage } from './_coverage';
import { exportedDeclarations, isDocumented } from '../../lang/js/exports';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

/** DOC003 for JS/TS: an exported function (declaration, `export const f = () => …`, `export default function`) without a JSDoc comment. No fix yet. */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('export')) return {};
    for (const e of exportedDeclarations(ctx.file.sourceFile)) {
      if (e.kind === 'function' && !isDocumented(e)) ctx.report({ node: e.node, message: `exported function '${e.name}' has no JSDoc comment` });
    }
    return {};
  },
};

export const rule: PythonRuleDef = {
  code: 'DOC003',
  aliases: ['D103'],
  coverage: docstringCoverage,
  followUp: 'Fill in the summary placeholders and the Args/Returns descriptions.',
  name: 'missing-function-docstring',
  upgrade: 'U09',
  severity: 'low',
  summary: 'Public function without a docstring',
  fixable: 'unsafe',
  fixOptIn: true,
  docs: `## What it does
Flags a public module-level function without a docstring (pydocstyle D103).
The finding is on the \`def\` line.

A function is public when its name has no leading underscore, or, when the
module defines \`__all__\` as a plain list of strings, when \`__all__\` names it.
Functions nested in other functions are never public. A function under
\`if\`/\`try\` at module level is still a module-level function.
\`@overload\` stubs (\`overload\`, \`typing.overload\`) are skipped: the
implementation carries the docstring.

**JavaScript and TypeScript:** flags an exported function without a JSDoc comment (\`export function f\`, \`export default function\`, \`export const f = () => …\`/\`function …\`, \`export default () => …\`); an overloaded function is documented when any signature is. \`module.exports\` and \`export { f }\` lists are not followed. No fix in JS/TS.

## Why is this bad?
The docstring is the function's contract: what it returns, what it raises, what
its arguments mean. Without it every caller reads the body.

## Example
\`\`\`python
def parse_duration(text):
    ...
\`\`\`

## Use instead
\`\`\`python
def parse_duration(text):
    """Parse "1h30m" / "90s" into seconds; raise ValueError on anything else."""
    ...
\`\`\`

## Fix safety
Unsafe and opt-in: \`fix --unsafe-fixes --select DOC\` inserts a skeleton
(Google style) from the signature, indented like the body: a \`TODO\` summary,
\`Args\`, \`Returns\`/\`Yields\` and \`Raises\` (the exceptions the body raises) to fill in. A draft is not documentation, so the fix never runs unless
DOC is selected by name.

## References
- PEP 257; pydocstyle D103; Ruff D103`,
  python: {
    create: (ctx) =>
      docHandlers(ctx, (a) => {
        for (const d of a.defs) {
          if (d.kind === 'Function' && d.public && !d.documented && !isOverload(d)) {
            ctx.report({ start: d.start, end: d.end, message: `Missing docstring in public function \`${d.name}\``, fix: () => definitionDocstringFix(ctx, d.start, d.end, false) });
          }
        }
      }),
    facts: docFacts,
  },
  js,
};
