import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import type { Rule } from '../../core/rule';
import { usedWithoutImport } from './_distributions';
import { analyseDeps } from './_imports';
import { dependencyProjectFix } from './_fix';
import * as fs from 'fs';
import * as path from 'path';
import { binNames, configStrings, depFacts, isConfigFile, manifestOf, manifests, namesPackage, type DepFacts } from '../../lang/js/packages';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

/**
 * DEP002 for JS/TS: a package in dependencies or devDependencies of a
 * package.json that no scanned file under it imports, and that nothing else
 * names: a script in package.json (by package name or one of the commands its
 * `bin` installs, e.g. `tsc` for typescript), another field of package.json
 * (`"prettier": "@acme/prettier-config"`), or a configuration file beside it
 * (`eslint.config.js`, `.babelrc`, `jest.config.ts`, `tsconfig.json`: the
 * package's name in its text). `@types/*` packages are used when their
 * package is, or when the project has TypeScript files. peer and optional
 * dependencies are not reported.
 */
const js: JsRule = {
  create(): JsHandlers {
    return {};
  },
  facts: depFacts,
  project(ctx) {
    const byPath = manifests(ctx);
    const used = new Map<string, Set<string>>();
    const hasTs = new Map<string, boolean>();
    for (const f of ctx.files) {
      const facts = f.facts as DepFacts | undefined;
      const manifest = manifestOf(f);
      if (!facts || !manifest) continue;
      const set = used.get(manifest) ?? new Set<string>();
      for (const i of facts.imports) set.add(i.pkg!);
      used.set(manifest, set);
      if (/\.[cm]?tsx?$/.test(f.path)) hasTs.set(manifest, true);
    }
    for (const [mpath, man] of byPath) {
      const dir = path.dirname(mpath);
      const imported = used.get(mpath) ?? new Set<string>();
      const words = new Set(man.otherStrings.flatMap((s) => s.split(/[\s"'`=;&|()]+/)).filter(Boolean));
      for (const base of fs.readdirSync(dir)) {
        if (base === 'package.json' || !isConfigFile(base)) continue;
        try {
          const full = path.join(dir, base);
          if (fs.statSync(full).isFile()) for (const str of configStrings(full)) words.add(str);
        } catch {
          /* unreadable config: no use found in it */
        }
      }
      for (const [pkg, where] of man.declared) {
        if (where.section !== 'dependencies' && where.section !== 'devDependencies') continue;
        if (imported.has(pkg)) continue;
        if (pkg.startsWith('@types/')) {
          const base = pkg.slice(7);
          const real = base.includes('__') ? `@${base.replace('__', '/')}` : base;
          if (imported.has(real) || hasTs.get(mpath) || base === 'node') continue;
        }
        const bins = binNames(dir, pkg);
        if ([...words].some((w) => namesPackage(w, pkg)) || bins.some((b) => words.has(b))) continue;
        ctx.report({ path: mpath, line: where.line, column: where.column, message: `'${pkg}' is declared in ${where.section} but nothing imports it` });
      }
    }
  },
};

export const rule: Rule = {
  code: 'DEP002',
  byHand: 'reinstall (`pip install -e .`), review the lower bounds; Poetry: `poetry lock`.',
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

**JavaScript and TypeScript:** flags a \`dependencies\`/\`devDependencies\` entry of a \`package.json\` that no scanned file under it imports and nothing names: a script (by name or its installed \`bin\`, e.g. \`tsc\` → typescript), another \`package.json\` field, or a config file beside it (\`*rc\`, \`*.config.*\`, \`tsconfig*.json\`, with ESLint/Babel/Prettier short names). \`@types/*\` counts as used when the project has TypeScript files. No fix in JS/TS.

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
  js,
};
