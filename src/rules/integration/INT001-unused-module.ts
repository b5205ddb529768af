import { insidePackage, isProjectModule, type ModuleInfo } from '../../lang/python/modules';
import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import type { Rule } from '../../core/rule';
import { importGraph } from './_graph';

export const rule: Rule = {
  code: 'INT001',
  name: 'unused-module',
  upgrade: 'U01',
  severity: 'medium',
  summary: 'First-party package or module that nothing imports',
  fixable: 'never',
  docs: `## What it does
Flags a package or module of the project that no other module of the application
imports: a subsystem that was written, maybe tested, and never wired in. The
finding sits on line 1 of the module (of \`__init__.py\` for a package).

The project's modules are found from the file layout: folders with an
\`__init__.py\` are packages, counted from the project root or from \`src/\`
(src layout) or from the folders pyproject.toml names (setuptools \`package-dir\`,
\`packages.find.where\`, Poetry \`packages\`). Imports are resolved as Python does:
\`import a.b\`, \`from a.b import c\`, \`from a import b\` where \`b\` is a module,
relative imports (\`from . import x\`, \`from ..pkg import y\`), and
\`importlib.import_module("a.b")\` with a literal name. Importing \`a.b.c\` also uses
the packages \`a\` and \`a.b\`. A package counts as used when a module outside it
imports it or anything in it.

Imports from tests do not count: a subsystem that only its tests import is still
not integrated. Not reported: entry points (pyproject \`[project.scripts]\`,
\`[project.gui-scripts]\`, \`[project.entry-points]\`, Poetry scripts and plugins),
\`__main__.py\` and the package it belongs to, modules with an
\`if __name__ == "__main__":\` block, tests (\`test_*.py\`, \`*_test.py\`, \`tests/\`
folders), \`conftest.py\`, \`setup.py\` and other tool files, top-level packages (the
distribution's public surface) and a top-level module named like the
distribution. Modules outside the source roots (\`scripts/\`, \`docs/\`) are not
checked. Imports by name in strings other than \`import_module\` (plugin
registries, Django's \`INSTALLED_APPS\`) are not seen: suppress with \`# noqa: INT001\`
on line 1.

## Why is this bad?
Unused code still costs: it is read, reviewed, upgraded and scanned, and it
misleads. The plan this tool grew from found "Planner v5", a whole package never
imported by the controller it was written for.

## Example
\`\`\`text
app/controller.py   imports app.planner_v4
app/planner_v5/     nothing imports it
\`\`\`

## Use instead
Wire the subsystem in where it belongs (\`from app.planner_v5 import Planner\` in
the controller, behind a flag if need be), or delete it.

## Fix safety
No automatic fix: this rule judges the project, not a line of code. Wiring a module in, or deleting it, is a decision for a person.

## References
- vulture, deadcode (unused code); pydeps (import graphs)`,
  python: {
    // subscribes to the nodes sharedFacts reads, captured in the engine's one pass
    create: (ctx) => sharedFactHandlers(ctx),
    facts: (ctx) => sharedFacts(ctx),
  },
  project(ctx) {
    const g = importGraph(ctx);
    const byApp = (m: ModuleInfo, outside: (i: ModuleInfo) => boolean): { app: boolean; tests: boolean } => {
      let app = false;
      let tests = false;
      for (const candidate of g.modules) {
        if (!insidePackage(candidate, m)) continue;
        for (const i of g.importers.get(candidate) ?? []) {
          if (!outside(i)) continue;
          if (i.isTest) tests = true;
          else app = true;
        }
      }
      return { app, tests };
    };
    const exempt = (m: ModuleInfo): boolean =>
      !isProjectModule(m) || g.entries.has(m) || g.entryTouched.has(m) || !m.name.includes('.') && (m.isPackage || m.name === g.ownTop);
    for (const m of g.modules) {
      if (exempt(m)) continue;
      if (m.isPackage) {
        if ([...g.entryTouched].some((e) => insidePackage(e, m))) continue;
        const use = byApp(m, (i) => !insidePackage(i, m));
        if (use.app) continue;
        ctx.report({
          path: m.path,
          line: 1,
          message: use.tests ? `package ${m.name} is imported only by tests; no module outside it uses it` : `package ${m.name} is never imported: no module outside it uses it`,
        });
      } else {
        let app = false;
        let tests = false;
        for (const i of g.importers.get(m) ?? []) {
          if (i.isTest) tests = true;
          else app = true;
        }
        if (app) continue;
        ctx.report({ path: m.path, line: 1, message: tests ? `module ${m.name} is imported only by tests` : `module ${m.name} is never imported` });
      }
    }
  },
};
