import { sharedFactHandlers, sharedFacts } from '../../python/project';
import type { Rule } from '../../core/rule';
import { usedWithoutImport } from './_distributions';
import { analyseDeps } from './_imports';
import { dependencyProjectFix } from './_fix';

export const rule: Rule = {
  code: 'DEP002',
  name: 'unused-dependency',
  upgrade: 'U08',
  severity: 'low',
  summary: 'Declared dependency that is never imported',
  fixable: 'unsafe',
  docs: `## What it does
Flags a run-time dependency that no scanned file imports: an entry of
\`[project] dependencies\`, of an extra in \`[project.optional-dependencies]\` (except
development-style extras named dev, test, tests, docs, lint, typing, all...), of
\`[tool.poetry.dependencies]\`, or of \`requirements.txt\`. The finding sits on the
line that declares it.

Development groups (Poetry groups and dev-dependencies, \`[dependency-groups]\`,
\`requirements-dev.txt\` and other \`requirements-*.txt\`) are not checked, nor are
distributions that are used without an import: build tools, servers run from the
command line (gunicorn, uvicorn), linters, \`types-*\` stubs and \`pytest-*\` plugins.
Import names are matched to distributions as in DEP001 (PyYAML is used by
\`import yaml\`).

## Why is this bad?
Every declared dependency is installed for every user: download size, install
time, and one more package whose vulnerabilities and version conflicts the
project takes on, for nothing.

## Example
\`\`\`toml
[project]
dependencies = ["requests>=2.28", "click>=8.0"]  # click is never imported
\`\`\`

## Use instead
\`\`\`toml
[project]
dependencies = ["requests>=2.28"]
\`\`\`

## Fix safety
Unsafe (\`--unsafe-fixes\`): something may use the distribution without an
import (a plugin, a command). The item is removed from its PEP 621 array, or
its line from \`requirements.txt\` (a comment on the item's line goes with
it); Poetry tables are left to you. A project-level fix, applied by \`fix
--unsafe-fixes\` after the per-file fixes and verified like DEP001's edits
(the TOML must re-parse to exactly the original minus the item); without
\`--unsafe-fixes\` it is counted among the unsafe fixes not applied.

## References
- deptry DEP002`,
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
    const used = new Set(a.imports.flatMap((i) => i.candidates));
    for (const d of a.manifest.declared) {
      if (!d.runtime || used.has(d.normalized) || usedWithoutImport(d.name)) continue;
      ctx.report({ path: d.file, line: d.line, message: `${d.name} is declared (${d.where}) but never imported` });
    }
  },
};
