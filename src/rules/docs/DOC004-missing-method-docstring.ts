import { definitionDocstringFix } from './_skeleton';
import type { PythonRuleDef } from '../../lang/python/rule';
import { docFacts, docHandlers, isDunder, isOverload, qualifiedDefName } from './_analysis';
import { docstringCoverage } from './_coverage';

export const rule: PythonRuleDef = {
  code: 'DOC004',
  aliases: ['D102'],
  coverage: docstringCoverage,
  followUp: 'Fill in the summary placeholders and the Args/Returns descriptions.',
  name: 'missing-method-docstring',
  upgrade: 'U09',
  severity: 'low',
  summary: 'Public method without a docstring',
  fixable: 'unsafe',
  fixOptIn: true,
  docs: `## What it does
Flags a public method without a docstring (pydocstyle D102). The finding is on
the \`def\` line.

A method is public when its name has no leading underscore and its class is
public (a class in a function, or in a private class, is not). Dunder methods,
\`__init__\` included, are out of this rule (pydocstyle reports them as D105 and
D107); so are property setters and deleters (\`@name.setter\`), documented by
their getter, and \`@overload\` stubs.

## Why is this bad?
Public methods are the class's API; their docstrings are what \`help()\` and IDEs
show at the call site.

## Example
\`\`\`python
class TaskStore:
    """Tasks persisted in SQLite."""

    def claim(self, worker_id):
        ...
\`\`\`

## Use instead
\`\`\`python
class TaskStore:
    """Tasks persisted in SQLite."""

    def claim(self, worker_id):
        """Mark the oldest pending task as taken by \`worker_id\` and return it, or None."""
        ...
\`\`\`

## Fix safety
Unsafe and opt-in: \`fix --unsafe-fixes --select DOC\` inserts a skeleton
(Google style) from the signature, indented like the body: a \`TODO\` summary,
\`Args\` (without \`self\`/\`cls\`), \`Returns\`/\`Yields\` and \`Raises\` to fill in. A draft is not documentation, so the fix never runs unless
DOC is selected by name.

## References
- PEP 257; pydocstyle D102; Ruff D102
- Differs from pydocstyle on purpose for \`__call__\` and \`__new__\`, which
  pydocstyle reports as D102: here every dunder method is left out.`,
  python: {
    create: (ctx) =>
      docHandlers(ctx, (a) => {
        for (const d of a.defs) {
          if (d.kind === 'Method' && d.public && !d.documented && !isDunder(d.name) && !isOverload(d)) {
            ctx.report({ start: d.start, end: d.end, message: `Missing docstring in public method \`${qualifiedDefName(d)}\``, fix: () => definitionDocstringFix(ctx, d.start, d.end, true) });
          }
        }
      }),
    facts: docFacts,
  },
};
