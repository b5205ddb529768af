import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { allRules, isKnownSelector } from '../rules/registry';
import { UsageError } from '../core/errors';
import { FileReadError, MANIFEST_LIMIT, readRegularText } from '../core/readfile';

/**
 * Configuration lives in `[tool.rfsn-upgrade]` of the nearest pyproject.toml
 * (files without that table are passed over, like ruff does). Every key is
 * validated; an unknown key or a bad value is one line and exit 2.
 */
export const TARGET_VERSIONS = ['py38', 'py39', 'py310', 'py311', 'py312', 'py313', 'py314'] as const;
export const FAIL_ON = ['high', 'medium', 'low', 'never'] as const;
export const ENGINES = ['native', 'semgrep', 'both'] as const;

const codeList = z.array(z.string().regex(/^([A-Za-z]+[0-9]*|ALL)$/, 'expected rule codes or prefixes such as "SEC" or "SEC003"'));

/** The keys of the run itself; each rule adds the keys it reads (its `options` shape). */
export const baseShape = {
  select: codeList.optional(),
  ignore: codeList.optional(),
  exclude: z.array(z.string()).optional(),
  'per-file-ignores': z.record(z.string(), codeList).optional(),
  // ruff's extend-* keys: added to the base key (merged away by validateConfig, so the run reads only the base keys)
  'extend-select': codeList.optional(),
  'extend-ignore': codeList.optional(),
  'extend-exclude': z.array(z.string()).optional(),
  'extend-per-file-ignores': z.record(z.string(), codeList).optional(),
  'target-version': z.enum(TARGET_VERSIONS).optional(),
  'fail-on': z.enum(FAIL_ON).optional(),
  'fail-under': z.number().min(0).max(100).optional(),
  'max-file-size': z.union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb|k|m|g)?$/i, 'expected a size such as 5000000 or "5MB"')]).optional(),
  /** which engines scan: ours, semgrep (the pack in rules/ and semgrep-config), or both */
  engine: z.enum(ENGINES).optional(),
  /** the user's semgrep rules: YAML files or folders, relative to the file the table is in */
  'semgrep-config': z.array(z.string().min(1)).optional(),
  /** the semgrep executable (default: semgrep on PATH), relative to the file the table is in */
  'semgrep-bin': z.string().min(1).optional(),
  /** `fix`'s test command (as --verify), run in the folder of the file the table is in */
  verify: z.string().trim().min(1, 'expected the command that runs the tests, e.g. "python -m pytest -q"').optional(),
};

let schemaCache: z.ZodObject<z.ZodRawShape> | null = null;

/** The whole `[tool.rfsn-upgrade]` schema: the run's keys and every rule's, unknown keys refused. */
export function configSchema(): z.ZodObject<z.ZodRawShape> {
  if (schemaCache) return schemaCache;
  const shape: z.ZodRawShape = { ...baseShape };
  for (const r of allRules()) {
    for (const [k, v] of Object.entries(r.options ?? {})) {
      if (k in baseShape) throw new Error(`rule ${r.code} declares the option '${k}', a key of the run`);
      if (k in shape) throw new Error(`two rules declare the option '${k}'`);
      shape[k] = (v as z.ZodTypeAny).optional();
    }
  }
  schemaCache = z.object(shape).strict();
  return schemaCache;
}

type BaseConfig = { [K in keyof typeof baseShape]?: z.infer<(typeof baseShape)[K]> };
export type Config = BaseConfig & Record<string, unknown>;


export interface LoadedConfig {
  config: Config;
  /** the file the table came from, if any */
  source: string | null;
  /** folder of the nearest pyproject.toml (the project root), else the cwd */
  projectRoot: string;
  /** nearest pyproject.toml, parsed, if it parses */
  pyproject: Record<string, unknown> | null;
  pyprojectPath: string | null;
  /** problems with inputs that are not fatal (e.g. an unparseable pyproject.toml) */
  errors: Array<{ path: string; message: string }>;
  /** settings read with a doubt (an unreadable requires-python): said on stderr */
  warnings?: string[];
  /**
   * set when requires-python admits a Python older than the lowest target
   * (py38): why the fixes that depend on the Python version are off
   */
  versionFixesOff?: string;
}

export const DEFAULT_MAX_FILE_SIZE = 5_000_000;

export function parseSize(v: number | string | undefined): number {
  if (v === undefined) return DEFAULT_MAX_FILE_SIZE;
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim())!;
  const unit = m[2].toLowerCase().replace(/b$/, '');
  const mult = unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : unit === 'g' ? 1e9 : 1;
  return Math.round(Number(m[1]) * mult);
}

function formatZodError(err: z.ZodError): string {
  const issue = err.issues[0];
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return `unknown key '${issue.keys.join("', '")}'${key ? ` in ${key}` : ''} (known: ${Object.keys(configSchema().shape).join(', ')})`;
  if (issue.code === 'invalid_enum_value') return `'${key}' must be one of ${issue.options.join(', ')}, not ${JSON.stringify(issue.received)}`;
  if (issue.code === 'invalid_type') return `'${key}' must be ${issue.expected}, not ${issue.received}`;
  return `'${key}': ${issue.message}`;
}

export function validateConfig(raw: unknown, where: string): Config {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${where}: [tool.rfsn-upgrade] must be a table, not ${Array.isArray(raw) ? 'an array' : typeof raw === 'string' ? 'a string' : typeof raw === 'number' ? 'a number' : typeof raw === 'boolean' ? 'a boolean' : typeof raw}`);
  }
  const parsed = configSchema().safeParse(raw);
  if (!parsed.success) throw new UsageError(`${where}: [tool.rfsn-upgrade] ${formatZodError(parsed.error)}`);
  const config = mergeExtends(parsed.data as Config);
  for (const [glob, codes] of Object.entries(config['per-file-ignores'] ?? {})) {
    for (const c of codes) if (!isKnownSelector(c)) throw new UsageError(`${where}: [tool.rfsn-upgrade] per-file-ignores "${glob}": no rule matches '${c}' (see 'rfsn-upgrade rules')`);
  }
  return config;
}

/**
 * Ruff's `extend-*` keys added to their base key: `extend-ignore`,
 * `extend-exclude` and `extend-per-file-ignores` (its codes joined with the
 * same glob's) always; `extend-select` only to a `select` that is given, since
 * without one every rule already runs.
 */
function mergeExtends(config: Config): Config {
  const { 'extend-select': select, 'extend-ignore': ignore, 'extend-exclude': exclude, 'extend-per-file-ignores': pfi, ...out } = config;
  if (select && out.select) out.select = [...out.select, ...select];
  if (ignore) out.ignore = [...(out.ignore ?? []), ...ignore];
  if (exclude) out.exclude = [...(out.exclude ?? []), ...exclude];
  if (pfi) {
    const merged: Record<string, string[]> = { ...(out['per-file-ignores'] ?? {}) };
    for (const [glob, codes] of Object.entries(pfi)) merged[glob] = [...(merged[glob] ?? []), ...codes];
    out['per-file-ignores'] = merged;
  }
  return out as Config;
}

/**
 * A configuration file, parsed. One that cannot be read (a FIFO, a device,
 * over MANIFEST_LIMIT, no permission) or is not TOML stops the run with one
 * line: default settings would ignore the user's excludes.
 */
function readToml(file: string, shown: string): Record<string, unknown> {
  let text: string;
  try {
    text = readRegularText(file, MANIFEST_LIMIT);
  } catch (err) {
    if (err instanceof FileReadError) throw new UsageError(`${shown}: ${err.message}; cannot use it as configuration`);
    throw err;
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${shown}: not valid TOML: ${oneLine((err as Error).message)}`);
  }
}

function toolTable(doc: Record<string, unknown>): unknown {
  const tool = doc.tool as Record<string, unknown> | undefined;
  return tool && typeof tool === 'object' ? tool['rfsn-upgrade'] : undefined;
}

/** The lowest target rfsn-upgrade supports: py38. */
export const LOWEST_TARGET_MINOR = 8;

/**
 * The lowest Python a `requires-python` specifier admits, as [major, minor]:
 * the clauses are all required (PEP 440), so the highest lower bound decides
 * (`>=2.7, !=3.0.*` admits 2.7; `>=3.8,<4` admits 3.8). `>=3` is 3.0. A
 * specifier with no lower bound (`<3.10`, `!=3.5.*`) admits any old Python:
 * [0, 0]. Null when no clause names a version (not a specifier).
 */
export function lowestRequiredPython(spec: string): [number, number] | null {
  let low: [number, number] | null = null;
  let named = false;
  for (const m of spec.matchAll(/(===|~=|==|!=|<=|>=|<|>|\^|~)\s*v?(\d+)(?:\.(\d+|\*))?/g)) {
    named = true;
    const op = m[1];
    if (op === '<' || op === '<=' || op === '!=') continue; // upper bounds and exclusions keep the lowest where it is
    const v: [number, number] = [Number(m[2]), m[3] === undefined || m[3] === '*' ? 0 : Number(m[3])];
    if (!low || v[0] > low[0] || (v[0] === low[0] && v[1] > low[1])) low = v;
  }
  if (!named) return null;
  return low ?? [0, 0];
}

/** Lower bound of requires-python as a Python 3 minor version: ">=3.9" -> 9; null when it admits Python 2 or names no version. */
export function minorFromRequiresPython(spec: string): number | null {
  const low = lowestRequiredPython(spec);
  return low && low[0] === 3 ? low[1] : null;
}

export function targetMinor(v: string): number {
  return Number(v.replace(/^py3/, ''));
}

/**
 * Find and load the configuration for a run. `start` is where the search
 * begins (the first path given); `explicit` is --config.
 */
export function loadConfig(start: string, explicit?: string): LoadedConfig {
  const errors: LoadedConfig['errors'] = [];
  const { raw, source, nearest, nearestDoc } = findConfigTable(start, explicit);
  const config = raw === undefined ? {} : validateConfig(raw, rel(source ?? 'config'));
  return {
    config,
    source,
    projectRoot: nearest ? path.dirname(nearest) : process.cwd(),
    pyproject: nearestDoc,
    pyprojectPath: nearest,
    errors,
  };
}

/**
 * Where loadConfig's table comes from, not validated yet: the engine plan
 * reads `engine` and `semgrep-config` from it first, since the user's
 * semgrep codes must be known before the table's selectors are checked.
 */
export function findConfigTable(start: string, explicit?: string): { raw: unknown; source: string | null; nearest: string | null; nearestDoc: Record<string, unknown> | null } {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = process.cwd();
  }
  let nearest: string | null = null;
  let nearestDoc: Record<string, unknown> | null = null;
  let source: string | null = null;
  let raw: unknown;
  if (explicit) {
    const abs = path.resolve(explicit);
    if (!fs.existsSync(abs)) throw new UsageError(`config file not found: ${explicit}`);
    const doc = readToml(abs, explicit);
    // a dedicated file may hold the keys at top level, or the usual [tool.rfsn-upgrade] table
    raw = toolTable(doc) ?? (path.basename(abs) === 'pyproject.toml' ? {} : doc);
    source = abs;
    if (path.basename(abs) === 'pyproject.toml') {
      nearest = abs;
      nearestDoc = doc;
    }
  }
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'pyproject.toml');
    if (fs.existsSync(candidate)) {
      // a configuration that cannot be read stops the run before any file is: default settings would ignore the user's excludes
      const doc = readToml(candidate, rel(candidate));
      if (!nearest) {
        nearest = candidate;
        nearestDoc = doc;
      }
      if (!source && toolTable(doc) !== undefined) {
        source = candidate;
        raw = toolTable(doc);
      }
      if (source) break;
    }
    if (fs.existsSync(path.join(d, '.git')) && nearest) break; // do not leave the repository once a project is found
    if (path.dirname(d) === d) break;
  }
  return { raw, source, nearest, nearestDoc };
}

/** The target version: flag, then config, then requires-python, then py312. */
export function resolveTargetVersion(flag: string | undefined, loaded: LoadedConfig): string {
  if (flag) {
    if (!(TARGET_VERSIONS as readonly string[]).includes(flag)) throw new UsageError(`--target-version must be one of ${TARGET_VERSIONS.join(', ')}, not '${flag}'`);
    return flag;
  }
  if (loaded.config['target-version']) return loaded.config['target-version'];
  const project = loaded.pyproject?.project as Record<string, unknown> | undefined;
  const req = project?.['requires-python'];
  const where = rel(loaded.pyprojectPath ?? 'pyproject.toml');
  if (typeof req === 'string') {
    const low = lowestRequiredPython(req);
    if (low && low[0] === 3 && low[1] >= LOWEST_TARGET_MINOR) return `py3${Math.min(low[1], 14)}`;
    if (low) {
      // a project that still supports an older Python must not get f-strings, `list[int]` or `X | None` from fix
      const admits = low[0] === 0 ? 'any Python version (no lower bound)' : `Python ${low[0]}.${low[1]}`;
      loaded.versionFixesOff = `${where}: requires-python ${JSON.stringify(req)} admits ${admits}, older than py3${LOWEST_TARGET_MINOR}, the lowest target rfsn-upgrade supports; fixes that depend on the Python version are off (set target-version to choose)`;
      (loaded.warnings ??= []).push(loaded.versionFixesOff);
      return `py3${LOWEST_TARGET_MINOR}`;
    }
    // a specifier we cannot read is said, not passed over: the target falls back to py312
    (loaded.warnings ??= []).push(`${where}: requires-python ${JSON.stringify(req)} is not a version specifier (PEP 440); targeting py312 (set target-version to choose)`);
  } else if (req !== undefined) {
    (loaded.warnings ??= []).push(`${where}: requires-python must be a string; targeting py312`);
  }
  return 'py312';
}

import { rel } from '../core/paths';

export { rel };

function oneLine(s: string): string {
  return s.split('\n').find((l) => l.trim()) ?? s;
}
