import * as fs from 'fs';
import * as path from 'path';
import { binNames, configStrings, depFacts, isConfigFile, manifests, namesPackage, type DepFacts } from '../packages';
import type { JsHandlers, JsRule } from '../rule';

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
export const js: JsRule = {
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
      if (!facts?.manifest) continue;
      const set = used.get(facts.manifest) ?? new Set<string>();
      for (const i of facts.imports) set.add(i.pkg!);
      used.set(facts.manifest, set);
      if (/\.[cm]?tsx?$/.test(f.path)) hasTs.set(facts.manifest, true);
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
