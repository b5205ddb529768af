import fs from 'node:fs';
import path from 'node:path';
import { brokenPyproject, normalizeDist, readPyproject, table, type Pyproject } from '../../lang/python/pyproject';
import type { ProjectContext } from '../../core/rule';
import { FileReadError, MANIFEST_LIMIT, readRegularText } from '../../core/readfile';

/**
 * What the project declares it depends on: PEP 621 `[project]` dependencies
 * and optional-dependencies, Poetry's dependencies, groups and extras, and
 * requirements*.txt files at the project root, and the files of a
 * `requirements/` folder there (pip-tools' layout: tests.in, docs.txt; never
 * runtime, so DEP002 removes nothing from them). Each declaration keeps the
 * file and line it is written on, for DEP002's finding.
 */
export interface Declared {
  /** the name as written */
  name: string;
  /** PEP 503 normalised */
  normalized: string;
  /** where: "[project] dependencies", "extra 'test'", "requirements.txt"... */
  where: string;
  file: string;
  line: number;
  /** part of what the package needs at run time (not a dev/test/docs group) */
  runtime: boolean;
  /** the extra it belongs to, if any */
  extra: string | null;
}

export interface Manifest {
  declared: Declared[];
  /** the files that were read */
  files: string[];
}

const DEV_GROUP = /^(dev|devel|develop|development|test|tests|testing|doc|docs|documentation|lint|linting|typing|types|mypy|style|check|checks|ci|qa|bench|benchmark|benchmarks|all|full|complete)$/i;

const REQ_NAME = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/;

function requirementName(spec: string): string | null {
  const m = REQ_NAME.exec(spec);
  if (!m) return null;
  if (/^[a-z+]+:\/\//i.test(spec.trim())) return null; // a URL, no name
  return m[1];
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;

/**
 * The 1-based line of a declaration in TOML text: the first line after the
 * table header `header` (or anywhere, when the header is not found) that
 * `match` accepts, stopping at the next table header.
 */
function findLine(lines: string[], header: string | null, match: (line: string) => boolean): number {
  let start = 0;
  if (header) {
    const h = lines.findIndex((l) => HEADER.exec(l)?.[1].replace(/\s+/g, '').replace(/"/g, '') === header);
    if (h >= 0) start = h + 1;
  }
  for (let i = start; i < lines.length; i++) {
    if (i > start && header && HEADER.test(lines[i]) && !/=/.test(lines[i])) break;
    if (match(lines[i])) return i + 1;
  }
  return 1;
}

function quoted(spec: string): (line: string) => boolean {
  return (line) => line.includes(`"${spec}"`) || line.includes(`'${spec}'`);
}

function keyLine(name: string): (line: string) => boolean {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^\\s*["']?${esc}["']?\\s*=`, 'i');
  return (line) => re.test(line);
}

function fromPyproject(py: Pyproject, out: Declared[]): boolean {
  const doc = py.doc!;
  const lines = py.text.split(/\r\n|\r|\n/);
  const add = (name: string, where: string, line: number, runtime: boolean, extra: string | null): void => {
    out.push({ name, normalized: normalizeDist(name), where, file: py.path, line, runtime, extra });
  };
  let any = false;
  const project = table(doc, 'project');
  if (project) {
    any = true;
    const deps = project.dependencies;
    if (Array.isArray(deps)) {
      for (const spec of deps) {
        const name = typeof spec === 'string' ? requirementName(spec) : null;
        if (name) add(name, '[project] dependencies', findLine(lines, 'project', quoted(spec)), true, null);
      }
    }
    for (const [extra, specs] of Object.entries(table(project, 'optional-dependencies') ?? {})) {
      if (!Array.isArray(specs)) continue;
      for (const spec of specs) {
        const name = typeof spec === 'string' ? requirementName(spec) : null;
        if (name) add(name, `extra '${extra}'`, findLine(lines, 'project.optional-dependencies', quoted(spec)), !DEV_GROUP.test(extra), extra);
      }
    }
  }
  // PEP 735 dependency groups: development only
  for (const [group, specs] of Object.entries(table(doc, 'dependency-groups') ?? {})) {
    any = true;
    if (!Array.isArray(specs)) continue;
    for (const spec of specs) {
      const name = typeof spec === 'string' ? requirementName(spec) : null;
      if (name) add(name, `dependency group '${group}'`, findLine(lines, 'dependency-groups', quoted(spec)), false, null);
    }
  }
  const poetry = table(doc, 'tool', 'poetry');
  if (poetry) {
    any = true;
    const extrasOf = new Map<string, string>();
    for (const [extra, names] of Object.entries(table(poetry, 'extras') ?? {})) {
      if (Array.isArray(names)) for (const n of names) if (typeof n === 'string') extrasOf.set(normalizeDist(n), extra);
    }
    for (const [name, spec] of Object.entries(table(poetry, 'dependencies') ?? {})) {
      if (name.toLowerCase() === 'python') continue;
      const optional = !!(spec && typeof spec === 'object' && (spec as Record<string, unknown>).optional === true);
      const extra = extrasOf.get(normalizeDist(name)) ?? (optional ? 'optional' : null);
      add(name, '[tool.poetry.dependencies]', findLine(lines, 'tool.poetry.dependencies', keyLine(name)), true, extra);
    }
    for (const [name] of Object.entries(table(poetry, 'dev-dependencies') ?? {})) {
      add(name, '[tool.poetry.dev-dependencies]', findLine(lines, 'tool.poetry.dev-dependencies', keyLine(name)), false, null);
    }
    for (const [group, t] of Object.entries(table(poetry, 'group') ?? {})) {
      for (const [name] of Object.entries(table(t, 'dependencies') ?? {})) {
        add(name, `Poetry group '${group}'`, findLine(lines, `tool.poetry.group.${group}.dependencies`, keyLine(name)), false, null);
      }
    }
  }
  return any;
}

function fromRequirements(file: string, out: Declared[], atRoot: boolean): void {
  const base = path.basename(file);
  const runtime = atRoot && /^requirements\.(txt|in)$/i.test(base);
  const lines = readRegularText(file, MANIFEST_LIMIT).split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-')) return;
    const name = requirementName(line);
    if (name) out.push({ name, normalized: normalizeDist(name), where: base, file, line: i + 1, runtime, extra: null });
  });
}

/**
 * The project's declarations, or null when it has no manifest (then the DEP
 * rules stay silent). A pyproject.toml that does not parse is reported once
 * per run and also yields null.
 */
export function readManifest(ctx: ProjectContext): Manifest | null {
  const declared: Declared[] = [];
  const files: string[] = [];
  if (brokenPyproject(ctx)) return null;
  const py = readPyproject(ctx.options.settings);
  if (py && fromPyproject(py, declared)) files.push(py.path);
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(ctx.root);
  } catch {
    entries = [];
  }
  let grouped: string[] = [];
  try {
    grouped = fs.readdirSync(path.join(ctx.root, 'requirements')).filter((f) => /\.(txt|in)$/i.test(f)).map((f) => `requirements/${f}`);
  } catch {
    grouped = [];
  }
  for (const f of [...entries.sort(), ...grouped.sort()]) {
    if (!/^requirements.*\.(txt|in)$/i.test(f)) continue;
    const abs = path.join(ctx.root, f);
    try {
      if (fs.statSync(abs).isDirectory()) continue;
      fromRequirements(abs, declared, !f.includes('/'));
      files.push(abs);
    } catch (err) {
      // a FIFO or device named requirements.txt, or one too big: one line, and it declares nothing
      ctx.error(abs, err instanceof FileReadError ? `${err.message}; skipped` : `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (files.length === 0) return null;
  return { declared, files };
}

const manifests = new WeakMap<object, Manifest | null>();

/** readManifest, once per run. */
export function manifestFor(ctx: ProjectContext): Manifest | null {
  if (!manifests.has(ctx.options.settings)) manifests.set(ctx.options.settings, readManifest(ctx));
  return manifests.get(ctx.options.settings)!;
}
