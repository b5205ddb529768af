import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import { normalizeDist } from '../../lang/python/pyproject';
import type { Rule } from '../../core/rule';
import { analyseDeps, declarationsFor, manifestNames, versionRange } from './_imports';
import { dependencyProjectFix } from './_fix';
import * as path from 'path';
import { depFacts, manifestOf, manifests, type DepFacts } from '../../lang/js/packages';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

/**
 * DEP001 for JS/TS: a package imported or required (string literal) that the
 * nearest package.json does not declare in dependencies, devDependencies,
 * peerDependencies or optionalDependencies. Node builtins and `node:` are
 * fine; a type-only import is also satisfied by `@types/<name>`; the
 * package's own name (self-reference) is fine.
 */
const js: JsRule = {
  create(): JsHandlers {
    return {};
  },
  facts: depFacts,
  project(ctx) {
    const byPath = manifests(ctx);
    for (const f of ctx.files) {
      const facts = f.facts as DepFacts | undefined;
      const manifest = manifestOf(f);
      if (!facts || !manifest) continue;
      const man = byPath.get(manifest);
      if (!man) continue;
      const self = man.name;
      const seen = new Set<string>();
      for (const imp of facts.imports) {
        const pkg = imp.pkg!;
        if (pkg === self || man.declared.has(pkg)) continue;
        if (imp.typeOnly && man.declared.has(`@types/${pkg.startsWith('@') ? pkg.slice(1).replace('/', '__') : pkg}`)) continue;
        const key = `${pkg}:${imp.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({ path: f.path, line: imp.line, column: imp.column, message: `'${pkg}' is imported but not declared in ${path.relative(process.cwd(), man.path) || 'package.json'}` });
      }
    }
  },
};

export const rule: Rule = {
  code: 'DEP001',
  byHand: 'reinstall (`pip install -e .`), review the lower bounds; Poetry: `poetry lock`.',
  name: 'undeclared-import',
  upgrade: 'U08',
  severity: 'medium',
  summary: 'Third-party import not declared as a dependency',
  fixable: 'safe',
  docs: `## What it does
Flags an import of a third-party module whose distribution the project does not
declare: not in \`[project] dependencies\` or \`[project.optional-dependencies]\`,
not in Poetry's \`[tool.poetry.dependencies]\`, groups or dev-dependencies, not in
PEP 735 \`[dependency-groups]\`, and not in a \`requirements*.txt\` at the project root
or a file of its \`requirements/\` folder (pip-tools' \`tests.in\`, \`docs.txt\`).

These are not third-party: the standard library of the target version (from
\`requires-python\` or \`--target-version\`), the project's own packages and modules
(found from the file layout: flat and \`src/\` layouts), relative imports and
\`__future__\`. Import names are matched to distributions with a table of the usual
mismatches (\`yaml\` is PyYAML, \`PIL\` is Pillow, \`sklearn\` is scikit-learn, \`cv2\` is
opencv-python, \`bs4\` is beautifulsoup4, \`dateutil\` is python-dateutil, \`jwt\` is
PyJWT, \`google.generativeai\` is google-generativeai...) and PEP 503 name
normalisation. Imports in a \`try:\` whose handler catches \`ImportError\` (or
\`ModuleNotFoundError\`, \`Exception\`, \`BaseException\`, a bare \`except:\`) are
DEP003's. Imports that run only for type checkers are not reported and never
added to a manifest: the body of \`if TYPE_CHECKING:\` (\`elif\` too, and the
branches after \`if not TYPE_CHECKING:\`), however the flag is named there
(\`from typing import TYPE_CHECKING\`, \`typing.TYPE_CHECKING\`,
\`t.TYPE_CHECKING\` after \`import typing as t\`, \`from typing import
TYPE_CHECKING as TC\`, \`typing_extensions.TYPE_CHECKING\`), decided on the
syntax tree by what the name refers to; the \`else:\` of such an \`if\` runs,
and its imports count. A module of the standard library of *other* versions only (\`distutils\`
on 3.12, \`tomllib\` on 3.9) is reported when it is imported unconditionally.

The rule runs only when the project has a manifest (a pyproject.toml with a
\`[project]\` or \`[tool.poetry]\` table, or a requirements file). A pyproject.toml
that does not parse is one error and the rule is skipped.

**JavaScript and TypeScript:** flags a package (\`import\`, \`import type\`, \`export … from\`, \`require\`, \`import()\`, \`require.resolve\`, \`import("x")\` types) that the nearest \`package.json\` does not declare in \`dependencies\`, \`devDependencies\`, \`peerDependencies\` or \`optionalDependencies\`. Node builtins and \`node:\` imports are fine, a type-only import is also satisfied by \`@types/<name>\`, and the package's own name is fine. No fix in JS/TS.

## Why is this bad?
The code works on the developer's machine, where the package happens to be
installed, and fails with \`ModuleNotFoundError\` in a clean environment, a
container or a user's install.

## Example
\`\`\`toml
[project]
dependencies = ["requests>=2.28"]
\`\`\`
\`\`\`python
import yaml  # PyYAML is not declared
\`\`\`

## Use instead
\`\`\`toml
[project]
dependencies = ["requests>=2.28", "PyYAML>=6"]
\`\`\`

## Fix safety
Safe (the program does not change; its install does): the distribution is
added to \`[project] dependencies\` (\`[tool.poetry.dependencies]\` for Poetry,
a line appended to \`requirements.txt\` for a requirements project), with
\`>=\` the version installed in the project's interpreter (\`.venv\`, \`venv\`,
\`$VIRTUAL_ENV\`, else \`python3\`) when it has one. pyproject.toml is edited
by inserting text at spans a TOML parser found, so comments, key order and
quoting stay; the result must re-parse to exactly the intended change. A
module imported by \`setup.py\` only is a build requirement and is left alone.

It is a project-level fix: \`fix\` applies it after the per-file fixes, over
the files as they are then (an \`import httpx\` that NET001 or ASY001 just
added is declared in the same run), writes pyproject.toml atomically and
only when it still holds what was read; \`fix --diff\` shows the manifest's
diff. When a DEP001 finding is switched off (\`# noqa: DEP001\`,
per-file-ignores) the manifest is not edited for DEP001 (the fix cannot leave
one import out), and \`fix\` says so. By hand next: reinstall (\`pip install
-e .\`), review the lower bounds; Poetry: \`poetry lock\`.

## References
- deptry DEP001; PEP 621 dependencies; PEP 503 name normalisation`,
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
    const where = manifestNames(a);
    for (const imp of a.imports) {
      if (imp.stdlib || imp.imp.optional || imp.imp.typeChecking) continue;
      if (declarationsFor(a, imp).length) continue;
      if (imp.stdlibElsewhere) {
        if (imp.imp.guarded) continue;
        ctx.report({
          path: imp.file.path,
          line: imp.imp.line,
          column: imp.imp.column,
          message: `${imp.top} is not in the standard library of Python 3.${ctx.options.targetMinor} (only in ${versionRange(imp.stdlibElsewhere)}) and no dependency provides it`,
        });
        continue;
      }
      ctx.report({
        path: imp.file.path,
        line: imp.imp.line,
        column: imp.imp.column,
        message: normalizeDist(imp.suggestion) === normalizeDist(imp.top)
          ? `${imp.imp.module} is imported but not declared in ${where}`
          : `${imp.imp.module} is imported but its distribution ${imp.suggestion} is not declared in ${where}`,
      });
    }
  },
  js,
};
