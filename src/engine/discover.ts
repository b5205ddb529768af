import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './errors';
import { rel } from './config';
import { isJsPath, JS_EXTENSIONS, LANGUAGES, PYTHON_EXTENSIONS, type Language } from '../core/language';

/**
 * Which files a run reads. Folders are walked, honouring .gitignore files
 * (from the repository root down), the default excludes and config `exclude`
 * (gitignore syntax, relative to the project root). Symlinked folders are
 * followed only inside the tree being scanned, and each real folder is
 * entered once, so a link loop cannot hang the walk.
 */
export const DEFAULT_EXCLUDES = ['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'build', 'dist', '.tox', 'site-packages', '.mypy_cache', '.ruff_cache', '.pytest_cache', '.hg', '.svn'];

export interface DiscoverOptions {
  exclude?: string[];
  projectRoot: string;
  /** file name endings to collect when walking folders (default: those of `languages`) */
  extensions?: string[];
  /** the languages whose files a walk collects (`--language`): default both, Python's `.py` and JS/TS's `.ts .tsx .mts .cts .js .jsx .mjs .cjs` (not `.d.ts`, not `*.min.js`) */
  languages?: Language[];
}

/** `--language python|js|all` as the languages discovery collects. */
export function languagesOf(flag: string | undefined): Language[] {
  if (flag === undefined || flag === 'all') return [...LANGUAGES];
  if ((LANGUAGES as string[]).includes(flag)) return [flag as Language];
  throw new UsageError(`--language must be python, js or all, not '${flag}'`);
}

/** Whether a walk collects this file name: one of the endings, and for JS/TS a source (not a declaration or minified file). */
function collects(name: string, exts: string[]): boolean {
  if (!exts.some((x) => name.endsWith(x))) return false;
  return name.endsWith('.py') || isJsPath(name) || !JS_EXTENSIONS.some((x) => name.endsWith(x));
}

export interface Discovered {
  files: string[]; // absolute paths, sorted, unique
  errors: Array<{ path: string; message: string }>;
}

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

function loadGitignore(dir: string): IgnoreLayer | null {
  const file = path.join(dir, '.gitignore');
  try {
    return { dir, ig: ignore().add(fs.readFileSync(file, 'utf8')) };
  } catch {
    return null;
  }
}

function ignoredBy(layers: IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const { dir, ig } of layers) {
    let r = path.relative(dir, abs);
    if (!r || r.startsWith('..')) continue;
    r = r.split(path.sep).join('/');
    if (ig.ignores(isDir ? `${r}/` : r)) return true;
  }
  return false;
}

/** The nearest folder at or above `from` that holds `.git`, or null. */
export function gitRoot(from: string): string | null {
  for (let d = from; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

export function discover(paths: string[], opts: DiscoverOptions): Discovered {
  const langs = opts.languages ?? LANGUAGES;
  const exts = opts.extensions ?? [...(langs.includes('python') ? PYTHON_EXTENSIONS : []), ...(langs.includes('js') ? JS_EXTENSIONS : [])];
  const files = new Set<string>();
  const seenReal = new Set<string>();
  const linkedFiles = new Map<string, string>(); // real target -> link path
  const errors: Discovered['errors'] = [];
  const excludeLayer: IgnoreLayer = { dir: opts.projectRoot, ig: ignore().add(opts.exclude ?? []) };
  const defaults = new Set(DEFAULT_EXCLUDES);

  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        errors.push({ path: rel(abs), message: 'symlink loop; skipped' });
        continue;
      }
      throw new UsageError(`path does not exist: ${p}`);
    }
    if (!st.isDirectory()) {
      // a file named on the command line is read whatever its ending, unless config excludes it
      if (!ignoredBy([excludeLayer], abs, false)) files.add(abs);
      continue;
    }
    const treeReal = safeRealpath(abs) ?? abs;
    // .gitignore files from the repository root down to this folder apply too
    const layers: IgnoreLayer[] = [excludeLayer];
    const repo = gitRoot(abs);
    if (repo) {
      const chain: string[] = [];
      for (let d = path.dirname(abs); d.startsWith(repo) && d !== path.dirname(repo); d = path.dirname(d)) {
        chain.unshift(d);
        if (d === repo) break;
      }
      for (const d of chain) {
        const l = loadGitignore(d);
        // a folder named on the command line is scanned even if a .gitignore above it ignores it
        if (l && !ignoredBy([l], abs, true)) layers.push(l);
      }
    }
    walk(abs, layers);

    function walk(dir: string, inherited: IgnoreLayer[]): void {
      const real = safeRealpath(dir);
      if (!real) {
        errors.push({ path: rel(dir), message: 'cannot resolve folder; skipped' });
        return;
      }
      if (seenReal.has(real)) return; // already walked through another link: loops end here
      seenReal.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        errors.push({ path: rel(dir), message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        return;
      }
      const own = loadGitignore(dir);
      const layers = own ? [...inherited, own] : inherited;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const child = path.join(dir, e.name);
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          const target = safeRealpath(child);
          if (!target) {
            errors.push({ path: rel(child), message: 'broken or looping symlink; skipped' });
            continue;
          }
          if (target !== treeReal && !target.startsWith(treeReal + path.sep)) continue; // never leave the tree
          try {
            const st2 = fs.statSync(child);
            isDir = st2.isDirectory();
            isFile = st2.isFile();
          } catch {
            continue;
          }
          if (isFile) {
            // a link to a file: read it once, under its real name when that is scanned too
            if (collects(e.name, exts) && !ignoredBy(layers, child, false)) linkedFiles.set(target, child);
            continue;
          }
        }
        if (isDir) {
          if (defaults.has(e.name) || e.name.endsWith('.egg-info')) continue;
          if (ignoredBy(layers, child, true)) continue;
          walk(child, layers);
        } else if (isFile) {
          if (!collects(e.name, exts)) continue;
          if (ignoredBy(layers, child, false)) continue;
          files.add(child);
        }
      }
    }
  }
  if (linkedFiles.size) {
    const real = new Set([...files].map((f) => safeRealpath(f) ?? f));
    for (const [target, link] of linkedFiles) if (!real.has(target)) files.add(link);
  }
  return { files: [...files].sort(), errors };
}

function safeRealpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}
