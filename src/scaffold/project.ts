import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UsageError, errorMessage } from '../core/errors';
import { MANIFEST_LIMIT, readRegularText } from '../core/readfile';

/** Where generated modules go: a package inside the project (flat or src/ layout). */
export interface PackageTarget {
  /** dotted import name, e.g. `taskrunner` or `acme.service` */
  name: string;
  /** absolute folder of the package */
  dir: string;
  /** whether that folder exists already */
  exists: boolean;
  /** how the name was chosen */
  source: 'option' | 'pyproject' | 'single-package';
}

const PY_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from global if import ' +
    'in is lambda nonlocal not or pass raise return try while with yield').split(' '),
);

/** Folders that hold a package's companions, never the package itself. */
const NOT_PACKAGES = new Set(['tests', 'test', 'testing', 'docs', 'doc', 'benchmarks', 'examples', 'scripts', 'build', 'dist', 'site-packages', 'node_modules']);

export function isDottedIdentifier(name: string): boolean {
  return name.split('.').every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) && !PY_KEYWORDS.has(part));
}

/** PEP 503 normalisation, then what an import name can hold: `My-Project.x` → `my_project_x`. */
export function normalizePackageName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '_');
}

/** The distribution name declared in pyproject.toml ([project] or [tool.poetry]), if any. */
export function pyprojectName(root: string): string | undefined {
  const file = path.join(root, 'pyproject.toml');
  if (!fs.existsSync(file)) return undefined;
  let data: Record<string, unknown>;
  try {
    data = parseToml(readRegularText(file, MANIFEST_LIMIT)) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${file}: ${errorMessage(err).split('\n')[0]}`);
  }
  const project = data.project as { name?: unknown } | undefined;
  const poetry = (data.tool as { poetry?: { name?: unknown } } | undefined)?.poetry;
  const name = project?.name ?? poetry?.name;
  return typeof name === 'string' && name.trim() ? name : undefined;
}

/** Top-level folders with an `__init__.py`, at the root and under src/. */
export function topLevelPackages(root: string): string[] {
  const found: string[] = [];
  for (const base of [root, path.join(root, 'src')]) {
    if (!fs.existsSync(base)) continue;
    for (const entry of fs.readdirSync(base, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || NOT_PACKAGES.has(entry.name)) continue;
      if (!isDottedIdentifier(entry.name)) continue;
      if (fs.existsSync(path.join(base, entry.name, '__init__.py'))) found.push(path.join(base, entry.name));
    }
  }
  return found.sort();
}

/** The package folder for a dotted name, if it exists at the root or under src/. */
function existingDir(root: string, name: string): string | undefined {
  const rel = name.split('.');
  return [path.join(root, ...rel), path.join(root, 'src', ...rel)].find((d) => fs.existsSync(d) && fs.statSync(d).isDirectory());
}

/**
 * Choose the package to generate into: `--package`, else the pyproject name
 * normalised when that folder exists, else the single top-level package, else
 * the pyproject name as a new folder.
 */
export function resolvePackage(root: string, explicit?: string): PackageTarget {
  if (explicit !== undefined) {
    if (!isDottedIdentifier(explicit)) throw new UsageError(`--package must be a Python import name (like 'mypkg' or 'mypkg.sub'), not '${explicit}'`);
    const dir = existingDir(root, explicit);
    return { name: explicit, dir: dir ?? path.join(root, ...explicit.split('.')), exists: !!dir, source: 'option' };
  }
  const declared = pyprojectName(root);
  const normalised = declared !== undefined ? normalizePackageName(declared) : undefined;
  if (normalised && isDottedIdentifier(normalised)) {
    const dir = existingDir(root, normalised);
    if (dir) return { name: normalised, dir, exists: true, source: 'pyproject' };
  }
  const packages = topLevelPackages(root);
  if (packages.length === 1) return { name: path.basename(packages[0]), dir: packages[0], exists: true, source: 'single-package' };
  if (normalised && isDottedIdentifier(normalised) && packages.length === 0) {
    return { name: normalised, dir: path.join(root, normalised), exists: false, source: 'pyproject' };
  }
  const why =
    packages.length > 1
      ? `${packages.length} top-level packages (${packages.map((p) => path.basename(p)).join(', ')})`
      : 'no pyproject.toml name and no top-level package with an __init__.py';
  throw new UsageError(`cannot tell which package to generate into: ${why} in ${root}; pass --package NAME`);
}
