import { definitionDocstringFix } from './_skeleton';
import type { PythonRuleDef } from '../../lang/python/rule';
import { docFacts, docHandlers } from './_analysis';
import { docstringCoverage } from './_coverage';
import { exportedDeclarations, isDocumented } from '../../lang/js/exports';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

/** DOC002 for JS/TS: an exported class (`export class`, `export default class`, `export const C = class`) without a JSDoc comment. No fix yet. */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('export')) return {};
    for (const e of exportedDeclarations(ctx.file.sourceFile)) {
      if (e.kind === 'class' && !isDocumented(e)) ctx.report({ node: e.node, message: `exported class '${e.name}' has no JSDoc comment` });
    }
    return {};
  },
};

export const rule: PythonRuleDef = {
  code: 'DOC002',
  aliases: ['D101'],
  coverage: docstringCoverage,
  followUp: 'Fill in the summary placeholders the skeletons left (`TODO`).',
  name: 'missing-class-docstring',
  upgrade: 'U09',
  severity: 'low',
  summary: 'Public class without a docstring',
  fixable: 'unsafe',
  fixOptIn: true,
  docs: `## What it does
Flags a public module-level class without a docstring (pydocstyle D101). The
finding is on the \`class\` line.

A class is public when its name has no leading underscore, or, when the module
defines \`__all__\` as a plain list of strings, when \`__all__\` names it. Classes
inside functions are never public. Classes nested in a class are pydocstyle's
D106 and are not reported here (their methods are, by DOC004).

**JavaScript and TypeScript:** flags an exported class without a JSDoc comment (\`export class C\`, \`export default class\`, \`export const C = class …\`). \`module.exports\` and \`export { C }\` lists are not followed. No fix in JS/TS.

## Why is this bad?
A class docstring says what an instance represents and how it is meant to be
used; \`help()\`, IDEs and API docs show it.

## Example
\`\`\`python
class RetryPolicy:
    def __init__(self, attempts: int) -> None: ...
\`\`\`

## Use instead
\`\`\`python
class RetryPolicy:
    """How often and how long to retry a failed repair step."""

    def __init__(self, attempts: int) -> None: ...
\`\`\`

## Fix safety
Unsafe and opt-in: \`fix --unsafe-fixes --select DOC\` inserts a skeleton
(Google style) from the signature, indented like the body: a \`TODO\` summary,
to fill in. A draft is not documentation, so the fix never runs unless
DOC is selected by name.

## References
- PEP 257; pydocstyle D101; Ruff D101`,
  python: {
    create: (ctx) =>
      docHandlers(ctx, (a) => {
        for (const d of a.defs) {
          if (d.kind === 'Class' && d.public && !d.documented) {
            ctx.report({ start: d.start, end: d.end, message: `Missing docstring in public class \`${d.name}\``, fix: () => definitionDocstringFix(ctx, d.start, d.end, false) });
          }
        }
      }),
    facts: docFacts,
  },
  js,
};
