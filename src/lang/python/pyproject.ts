import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { FileReadError, MANIFEST_LIMIT, readRegularText } from '../../core/readfile';
import type { ProjectContext } from '../../core/rule';

/**
 * The project's pyproject.toml as the project-level rules need it: parsed
 * once per run (the engine passes its path in `settings.pyprojectPath`), its
 * text for finding the line a key is on, entry points and source folders.
 */
export interface Pyproject {
  path: string;
  text: string;
  /** null when the file is not valid TOML */
  doc: Record<string, unknown> | null;
  /** why it could not be parsed */
  error: string | null;
}

const cache = new WeakMap<object, Pyproject | null>();

export function pyprojectPathOf(settings: Record<string, unknown>): string | null {
  const p = settings.pyprojectPath;
  return typeof p === 'string' && p ? p : null;
}

/** The run's pyproject.toml (null when there is none), read and parsed once per run. */
export function readPyproject(settings: Record<string, unknown>): Pyproject | null {
  if (cache.has(settings)) return cache.get(settings)!;
  const file = pyprojectPathOf(settings);
  let result: Pyproject | null = null;
  if (file) {
    let text = '';
    try {
      text = readRegularText(file, MANIFEST_LIMIT);
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err;
      result = { path: file, text: '', doc: null, error: err.message };
    }
    if (!result) {
      try {
        result = { path: file, text, doc: parseToml(text) as Record<string, unknown>, error: null };
      } catch (err) {
        const first = ((err as Error).message.split('\n').find((l) => l.trim()) ?? '').trim();
        result = { path: file, text, doc: null, error: `not valid TOML: ${first}` };
      }
    }
  }
  cache.set(settings, result);
  return result;
}

const reported = new WeakMap<object, Set<string>>();

/**
 * Report a broken manifest once per run, however many rules needed it: the
 * DEP and CLI rules share one message.
 */
export function reportOnce(settings: Record<string, unknown>, key: string, emit: () => void): void {
  let seen = reported.get(settings);
  if (!seen) {
    seen = new Set();
    reported.set(settings, seen);
  }
  if (seen.has(key)) return;
  seen.add(key);
  emit();
}

/**
 * The run's pyproject.toml when it exists but does not parse, reported once
 * per run for the rules that need it (DEP001-DEP003, CLI001); null otherwise.
 */
export function brokenPyproject(ctx: ProjectContext): Pyproject | null {
  const py = readPyproject(ctx.options.settings);
  if (!py || py.doc) return null;
  reportOnce(ctx.options.settings, `broken:${py.path}`, () =>
    ctx.error(py.path, 'cannot be read as TOML, so the declared dependencies and console scripts are unknown: DEP001-DEP003 are skipped and CLI001 checks only the code'),
  );
  return py;
}

export function table(doc: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  let cur: unknown = doc;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>) : undefined;
}

export interface EntryPoint {
  /** `[project.scripts]`, `[project.gui-scripts]`, `[project.entry-points.<group>]`, `[tool.poetry.scripts]`, `[tool.poetry.plugins.<group>]` */
  group: string;
  name: string;
  module: string;
  /** the object after the colon, if any */
  attr: string | null;
}

function parseObjectRef(value: unknown): { module: string; attr: string | null } | null {
  let ref = value;
  if (ref && typeof ref === 'object' && typeof (ref as Record<string, unknown>).callable === 'string') ref = (ref as Record<string, unknown>).callable;
  if (typeof ref !== 'string') return null;
  const clean = ref.replace(/\[.*\]\s*$/, '').trim();
  const [module, attr] = clean.split(':').map((s) => s.trim());
  if (!/^[A-Za-z_][\w.]*$/.test(module ?? '')) return null;
  return { module, attr: attr || null };
}

export function entryPoints(doc: Record<string, unknown> | null): EntryPoint[] {
  if (!doc) return [];
  const out: EntryPoint[] = [];
  const add = (group: string, t: Record<string, unknown> | undefined): void => {
    for (const [name, value] of Object.entries(t ?? {})) {
      const ref = parseObjectRef(value);
      if (ref) out.push({ group, name, ...ref });
    }
  };
  add('console_scripts', table(doc, 'project', 'scripts'));
  add('gui_scripts', table(doc, 'project', 'gui-scripts'));
  for (const [group, t] of Object.entries(table(doc, 'project', 'entry-points') ?? {})) add(group, table(t));
  add('console_scripts', table(doc, 'tool', 'poetry', 'scripts'));
  for (const [group, t] of Object.entries(table(doc, 'tool', 'poetry', 'plugins') ?? {})) add(group, table(t));
  return out;
}

/**
 * Folders that hold the project's importable top level: the root, `src/`
 * (src layout) and folders named by setuptools (`package-dir`,
 * `packages.find.where`) or Poetry (`packages = [{from = ...}]`).
 */
export function sourceRoots(root: string, doc: Record<string, unknown> | null): string[] {
  const out = new Set<string>([path.resolve(root)]);
  const src = path.join(root, 'src');
  if (fs.existsSync(src) && fs.statSync(src).isDirectory()) out.add(path.resolve(src));
  const add = (d: unknown): void => {
    if (typeof d === 'string' && d.trim() && !path.isAbsolute(d)) out.add(path.resolve(root, d));
  };
  const st = table(doc, 'tool', 'setuptools');
  if (st) {
    const pd = table(st, 'package-dir');
    if (pd && typeof pd[''] === 'string') add(pd['']);
    const where = table(st, 'packages', 'find')?.where;
    if (Array.isArray(where)) where.forEach(add);
  }
  const poetryPkgs = table(doc, 'tool', 'poetry')?.packages;
  if (Array.isArray(poetryPkgs)) for (const p of poetryPkgs) if (p && typeof p === 'object') add((p as Record<string, unknown>).from);
  return [...out];
}

/** The distribution's name from [project] or [tool.poetry], if any. */
export function projectName(doc: Record<string, unknown> | null): string | null {
  const n = table(doc, 'project')?.name ?? table(doc, 'tool', 'poetry')?.name;
  return typeof n === 'string' ? n : null;
}

/** PEP 503 name normalisation: `Foo_Bar.baz` -> `foo-bar-baz`. */
export function normalizeDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
