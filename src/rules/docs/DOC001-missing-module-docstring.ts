import { moduleDocstringFix } from './_skeleton';
import type { PythonRuleDef } from '../../lang/python/rule';
import { docFacts, docHandlers } from './_analysis';
import { docstringCoverage } from './_coverage';

export const rule: PythonRuleDef = {
  code: 'DOC001',
  aliases: ['D100', 'D104'],
  coverage: docstringCoverage,
  followUp: 'Fill in the summary placeholders the skeletons left (`TODO`).',
  name: 'missing-module-docstring',
  upgrade: 'U09',
  severity: 'low',
  summary: 'Public module or package __init__.py without a docstring',
  fixable: 'unsafe',
  fixOptIn: true,
  docs: `## What it does
Flags a public module without a docstring, and a package whose \`__init__.py\` has
none (pydocstyle D100 and D104). The finding is on line 1.

A module is public unless its name, or the name of a package folder between it
and the project root, starts with an underscore (\`_compat.py\`, \`_impl/x.py\`);
dunder names such as \`__init__.py\` and \`__main__.py\` are public. Comments
(a shebang, a coding cookie, a licence header) may come before the docstring;
a statement may not.

The scan's JSON summary reports docstring coverage the way interrogate counts
it: every module, class, function and method, documented / total, per file and
overall.

## Why is this bad?
The module docstring is what \`help(module)\`, IDE hovers and generated API docs
show first. Without it a reader has to infer the module's job from its code.

## Example
\`\`\`python
import json

def load(path): ...
\`\`\`

## Use instead
\`\`\`python
"""Read and write the task store (a JSON file per project)."""
import json

def load(path): ...
\`\`\`

## Fix safety
Unsafe and opt-in: \`fix --unsafe-fixes --select DOC\` inserts a skeleton
(Google style) from the signature, indented like the body: a \`TODO\` summary,
at the top of the module (after a shebang or coding line), to fill in. A draft is not documentation, so the fix never runs unless
DOC is selected by name.

## References
- PEP 257 (Docstring Conventions); pydocstyle D100, D104; Ruff D100, D104
- interrogate (docstring coverage)`,
  python: {
    create: (ctx) =>
      docHandlers(ctx, (a) => {
        if (a.moduleDocumented || !a.modulePublic) return;
        ctx.report({ start: 0, end: 0, message: a.isPackage ? 'Missing docstring in public package (__init__.py)' : 'Missing docstring in public module', fix: () => moduleDocstringFix(ctx) });
      }),
    facts: docFacts,
  },
};
