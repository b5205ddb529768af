import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import type { Rule } from '../../core/rule';
import { analyseDeps, declarationsFor, optionalInTests } from './_imports';
import { dependencyProjectFix } from './_fix';

export const rule: Rule = {
  code: 'DEP003',
  byHand: 'reinstall (`pip install -e .`), review the lower bounds; Poetry: `poetry lock`.',
  name: 'optional-import-not-in-extra',
  upgrade: 'U08',
  severity: 'low',
  summary: 'Optional import (try/except ImportError) that no extra declares',
  fixable: 'safe',
  docs: `## What it does
Flags an import inside a \`try:\` whose \`except\` catches \`ImportError\` (or
\`ModuleNotFoundError\`, \`Exception\`, or everything) when its distribution is in
no extra: not in \`[project.optional-dependencies]\`, not an optional Poetry
dependency or \`[tool.poetry.extras]\` entry. An optional import of something the
project already requires, of the standard library of any Python 3.8-3.14
(\`tomllib\` with a \`tomli\` fallback), or of the project's own modules is fine,
and so is one in a test file (\`tests/\`, \`test_*.py\`, \`conftest.py\`): the suite's
own optional dependency, not a feature of the package.

## Why is this bad?
The code has a faster or richer path when the package is there, but users cannot
ask for it: \`pip install project[fast]\` only works when an extra names the
package, with a version range the project was tested with.

## Example
\`\`\`python
try:
    import ujson as json
except ImportError:
    import json
\`\`\`

## Use instead
\`\`\`toml
[project.optional-dependencies]
fast = ["ujson>=5"]
\`\`\`

## Fix safety
Safe: the distribution goes to an extra named after it in
\`[project.optional-dependencies]\` (the table, or the inline table, is
extended or created), with \`>=\` the installed version as for DEP001. A
project-level fix, applied by \`fix\` after the per-file fixes and verified
like DEP001's edits (the TOML must re-parse to exactly the intended change).
Poetry extras and requirements files (which have no extras) are declined
with the reason, as a warning of \`fix\`.

## References
- PEP 621 optional-dependencies`,
  python: {
    // subscribes to the nodes sharedFacts reads, captured in the engine's one pass
    create: (ctx) => sharedFactHandlers(ctx),
    facts: (ctx) => sharedFacts(ctx),
  },
  /** the edits `fix` applies after the per-file fixes (src/fix/project.ts; built in _fix.ts) */
  projectFix: dependencyProjectFix,
  project(ctx) {
    const a = analyseDeps(ctx);
    if (!a) return;
    for (const imp of a.imports) {
      if (!imp.imp.optional || imp.imp.typeChecking || imp.stdlib || imp.stdlibElsewhere || optionalInTests(ctx.root, imp)) continue;
      const decls = declarationsFor(a, imp);
      if (decls.some((d) => d.extra !== null || d.runtime)) continue;
      ctx.report({
        path: imp.file.path,
        line: imp.imp.line,
        column: imp.imp.column,
        message: `${imp.imp.module} is imported optionally (try/except ImportError) but no extra declares ${imp.suggestion}`,
      });
    }
  },
};
