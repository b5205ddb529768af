import type { ModuleInfo } from '../../lang/python/modules';
import { modulesWithFacts, moduleMapFor } from '../../lang/python/project';
import { entryPoints, normalizeDist, projectName, readPyproject } from '../../lang/python/pyproject';
import type { ProjectContext } from '../../core/rule';

/**
 * Who imports whom among the project's own modules, once per run. An edge
 * goes from the importing module to every module the import executes (the
 * target and its parent packages).
 */
export interface ImportGraph {
  modules: ModuleInfo[];
  /** module -> the modules that import it (directly or as a parent package) */
  importers: Map<ModuleInfo, Set<ModuleInfo>>;
  /** module -> the test modules whose imports name it directly */
  testedBy: Map<ModuleInfo, Set<ModuleInfo>>;
  /** modules started from outside: entry points, __main__, `if __name__ == "__main__"` */
  entries: Set<ModuleInfo>;
  /** modules some entry point names (touching their packages too) */
  entryTouched: Set<ModuleInfo>;
  /** the distribution's own name as an import name, e.g. "taskrunner" */
  ownTop: string | null;
}


const cache = new WeakMap<object, ImportGraph>();

export function importGraph(ctx: ProjectContext): ImportGraph {
  const hit = cache.get(ctx.options.settings);
  if (hit) return hit;
  const map = moduleMapFor(ctx);
  const doc = readPyproject(ctx.options.settings)?.doc ?? null;
  const importers = new Map<ModuleInfo, Set<ModuleInfo>>();
  const testedBy = new Map<ModuleInfo, Set<ModuleInfo>>();
  const entries = new Set<ModuleInfo>();
  const entryTouched = new Set<ModuleInfo>();
  const add = (m: Map<ModuleInfo, Set<ModuleInfo>>, k: ModuleInfo, v: ModuleInfo): void => {
    const s = m.get(k) ?? new Set();
    s.add(v);
    m.set(k, s);
  };
  for (const { module, facts } of modulesWithFacts(ctx)) {
    if (!module) continue;
    if (module.name.split('.').pop() === '__main__' || facts?.mainGuard) entries.add(module);
    if (module.name.endsWith('.__main__')) {
      // `python -m pkg` runs pkg/__init__.py first
      const pkg = map.lookup(module.name.slice(0, -'.__main__'.length), module);
      if (pkg) entryTouched.add(pkg);
    }
    for (const imp of facts?.imports ?? []) {
      const r = map.resolve(module, imp);
      for (const t of r.touched) if (t !== module) add(importers, t, module);
      if (module.isTest) for (const t of r.targets) if (t !== module) add(testedBy, t, module);
    }
  }
  for (const ep of entryPoints(doc)) {
    const parts = ep.module.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const m = map.lookup(parts.slice(0, i).join('.'));
      if (!m) continue;
      entryTouched.add(m);
      if (i === parts.length) entries.add(m);
    }
  }
  const own = projectName(doc);
  const graph: ImportGraph = {
    modules: map.modules,
    importers,
    testedBy,
    entries,
    entryTouched,
    ownTop: own ? normalizeDist(own).replace(/-/g, '_') : null,
  };
  cache.set(ctx.options.settings, graph);
  return graph;
}

