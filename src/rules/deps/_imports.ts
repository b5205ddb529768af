import * as path from 'path';
import { isTestPath, type ImportFact } from '../../lang/python/modules';
import { modulesWithFacts, moduleMapFor } from '../../lang/python/project';
import { normalizeDist, projectName, readPyproject } from '../../lang/python/pyproject';
import type { ProjectContext, ProjectFile } from '../../core/rule';
import { candidateDists, suggestedDist } from './_distributions';
import { manifestFor, type Declared, type Manifest } from './_manifest';
import { isStdlib, isStdlibInSomeVersion, stdlibVersions } from './_stdlib';

/** One absolute import of something that is neither the project's own nor `__future__`. */
export interface ExternalImport {
  file: ProjectFile;
  imp: ImportFact;
  /** the dotted name used to look up the distribution (`from google import genai` -> google.genai) */
  dotted: string;
  top: string;
  /** normalised names of the distributions that may provide it */
  candidates: string[];
  /** what to tell the user to declare */
  suggestion: string;
  /** in the standard library of the target version */
  stdlib: boolean;
  /** in the standard library of some other Python 3.8-3.14 only */
  stdlibElsewhere: number[] | null;
}

export interface DepAnalysis {
  manifest: Manifest;
  imports: ExternalImport[];
  /** the declarations each normalised name has */
  declaredBy: Map<string, Declared[]>;
}

const cache = new WeakMap<object, DepAnalysis | null>();

/** The manifest and every external import of the project, once per run; null without a manifest. */
export function analyseDeps(ctx: ProjectContext): DepAnalysis | null {
  if (cache.has(ctx.options.settings)) return cache.get(ctx.options.settings)!;
  const manifest = manifestFor(ctx);
  let result: DepAnalysis | null = null;
  if (manifest) {
    const map = moduleMapFor(ctx);
    const own = projectName(readPyproject(ctx.options.settings)?.doc ?? null);
    const ownTop = own ? normalizeDist(own).replace(/-/g, '_') : null;
    const minor = ctx.options.targetMinor;
    const imports: ExternalImport[] = [];
    for (const { file, facts } of modulesWithFacts(ctx)) {
      for (const imp of facts?.imports ?? []) {
        if (imp.level > 0 || !imp.module) continue;
        const top = imp.module.split('.')[0];
        if (top === '__future__' || map.isFirstParty(top) || top === ownTop) continue;
        const first = imp.names?.find((n) => n !== '*');
        const dotted = first ? `${imp.module}.${first}` : imp.module;
        const candidates = [...new Set([...(imp.names ?? []).filter((n) => n !== '*').flatMap((n) => candidateDists(`${imp.module}.${n}`)), ...candidateDists(imp.module)])];
        const stdlib = isStdlib(top, minor);
        imports.push({
          file,
          imp,
          dotted,
          top,
          candidates,
          suggestion: suggestedDist(dotted),
          stdlib,
          stdlibElsewhere: !stdlib && isStdlibInSomeVersion(top) ? stdlibVersions(top) : null,
        });
      }
    }
    const declaredBy = new Map<string, Declared[]>();
    for (const d of manifest.declared) {
      const list = declaredBy.get(d.normalized) ?? [];
      list.push(d);
      declaredBy.set(d.normalized, list);
    }
    result = { manifest, imports, declaredBy };
  }
  cache.set(ctx.options.settings, result);
  return result;
}

/** The declarations that cover an import (any of its candidate distributions). */
export function declarationsFor(a: DepAnalysis, imp: ExternalImport): Declared[] {
  return imp.candidates.flatMap((c) => a.declaredBy.get(c) ?? []);
}

/** "3.8-3.11" for a list of consecutive minors. */
export function versionRange(minors: number[]): string {
  if (minors.length === 0) return '';
  const lo = minors[0];
  const hi = minors[minors.length - 1];
  return lo === hi ? `3.${lo}` : `3.${lo}-3.${hi}`;
}

/** The manifest files by name, for messages: "pyproject.toml", "pyproject.toml or requirements.txt". */
export function manifestNames(a: DepAnalysis): string {
  const names = [...new Set(a.manifest.files.map((f) => f.split(/[\\/]/).pop()!))];
  return names.length <= 1 ? (names[0] ?? 'the manifest') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * An optional import in a test file (tests/, test_*.py, conftest.py): the suite's
 * own `try: import numpy except ImportError: skip`, a test dependency, not a
 * feature of the package an extra should offer (DEP003 leaves it alone).
 */
export function optionalInTests(root: string, imp: ExternalImport): boolean {
  const rel = path.relative(root, imp.file.absPath).split(path.sep).join('/');
  return imp.imp.optional && !rel.startsWith('../') && isTestPath(rel);
}
