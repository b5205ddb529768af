import * as path from 'path';
import { depFacts, manifests, type DepFacts } from '../packages';
import type { JsHandlers, JsRule } from '../rule';

/**
 * DEP001 for JS/TS: a package imported or required (string literal) that the
 * nearest package.json does not declare in dependencies, devDependencies,
 * peerDependencies or optionalDependencies. Node builtins and `node:` are
 * fine; a type-only import is also satisfied by `@types/<name>`; the
 * package's own name (self-reference) is fine.
 */
export const js: JsRule = {
  create(): JsHandlers {
    return {};
  },
  facts: depFacts,
  project(ctx) {
    const byPath = manifests(ctx);
    for (const f of ctx.files) {
      const facts = f.facts as DepFacts | undefined;
      if (!facts?.manifest) continue;
      const man = byPath.get(facts.manifest);
      if (!man) continue;
      let self: string | undefined;
      try {
        self = (JSON.parse(require('fs').readFileSync(man.path, 'utf8')) as { name?: string }).name;
      } catch {
        self = undefined;
      }
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
