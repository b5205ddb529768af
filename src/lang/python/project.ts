import type { ProjectContext, ProjectFile } from '../../core/rule';
import type { PythonContext, PythonHandlers } from './rule';
import { factNodeTypesOf, ModuleMap, moduleFacts, type ModuleFacts, type ModuleInfo } from './modules';
import { readPyproject, sourceRoots } from './pyproject';

/**
 * Shared pieces of the project-level rules: the per-file facts they all
 * gather (one query per file, whatever number of rules asks) and the module
 * map, built once per run.
 */
export function sharedFacts(ctx: PythonContext): ModuleFacts {
  return moduleFacts(ctx.file, ctx.names.importNodes(), (t) => ctx.nodesOfType(t), ctx.names);
}


const noop = (): void => undefined;

/**
 * For `create` of every rule whose `facts` is sharedFacts: subscribes to the
 * node types moduleFacts reads in this file (nothing else to do per node), so
 * the engine captures them in its one pass; `extra` adds the rule's own handlers.
 */
export function sharedFactHandlers(ctx: PythonContext, extra: PythonHandlers = {}): PythonHandlers {
  const h: PythonHandlers = {};
  for (const t of factNodeTypesOf(ctx.file)) h[t] = noop;
  return { ...h, ...extra };
}

export function factsOf(f: ProjectFile): ModuleFacts | undefined {
  const facts = f.facts as ModuleFacts | undefined;
  return facts && Array.isArray(facts.imports) ? facts : undefined;
}

const maps = new WeakMap<object, ModuleMap>();

export function moduleMapFor(ctx: ProjectContext): ModuleMap {
  let map = maps.get(ctx.options.settings);
  if (!map) {
    const doc = readPyproject(ctx.options.settings)?.doc ?? null;
    map = new ModuleMap(ctx.files, ctx.root, sourceRoots(ctx.root, doc));
    maps.set(ctx.options.settings, map);
  }
  return map;
}

/** Where a project-wide finding goes: line 1 of pyproject.toml, else the first file scanned. */
export function projectAnchor(ctx: ProjectContext): string | null {
  const py = readPyproject(ctx.options.settings);
  if (py) return py.path;
  const first = [...ctx.files].map((f) => f.path).sort()[0];
  return first ?? null;
}

/** Files of the scan with the module each one is, in path order. */
export function modulesWithFacts(ctx: ProjectContext): Array<{ file: ProjectFile; module: ModuleInfo | undefined; facts: ModuleFacts | undefined }> {
  const map = moduleMapFor(ctx);
  return [...ctx.files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => ({ file, module: map.moduleAt(file.absPath), facts: factsOf(file) }));
}

