import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { SourceFile } from '../../lang/python/source';
import { isProjectFolder, relPosix, toPosix } from '../../core/paths';
import { MANIFEST_LIMIT, readRegularText } from '../../core/readfile';

/** The file's path relative to the project root, with `/` separators. */
export function projectPath(file: SourceFile, projectRoot: unknown): string {
  const root = typeof projectRoot === 'string' ? projectRoot : process.cwd();
  const rel = path.relative(root, file.absPath);
  return toPosix(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file.path);
}

/** `src/app/db/pool.py` -> `src.app.db.pool`; `app/db/__init__.py` -> `app.db`. */
export function dottedModule(relPath: string): string {
  return relPath
    .replace(/\.pyi?$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .filter((p) => p && p !== '.')
    .join('.');
}

/**
 * Whether the `pool-module` setting names this file. A setting with `/`, `*`,
 * `?` or a `.py` suffix is a path glob relative to the project root (without
 * `/` it matches the file name anywhere); otherwise it is a dotted module name,
 * matched whole or as the tail of the file's dotted path (so `app.db.pool`
 * also names `src/app/db/pool.py`).
 */
export function isConfiguredPoolModule(setting: string, relPath: string): boolean {
  const s = setting.trim();
  if (!s) return false;
  if (/[/*?[]/.test(s) || s.endsWith('.py')) {
    return picomatch(s, { dot: true, basename: !s.includes('/') })(relPath);
  }
  const dotted = dottedModule(relPath);
  return dotted === s || dotted.endsWith(`.${s}`);
}

/**
 * The dotted name of the project's pool module, for DB001's fix: the
 * `pool-module` setting when it is a dotted name, else the first `db_pool.py`
 * / `pool.py` (or the file the path setting names) defining `get_pool`, as
 * `rfsn-upgrade scaffold pool` writes it. Looked up once per project root.
 */
const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'build', 'dist', '.tox', 'site-packages']);
const found = new Map<string, string | null>();

function dotted(rel: string, root: string): string {
  const parts = rel.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/');
  // src layout: the package lives under src/ but is imported without it
  if (parts[0] === 'src' && fs.existsSync(path.join(root, 'src')) && !fs.existsSync(path.join(root, 'src', '__init__.py'))) parts.shift();
  return parts.join('.');
}

export function poolModule(projectRoot: string | undefined, poolSetting: string | undefined): string | null {
  const setting = poolSetting ? poolSetting.trim() : '';
  if (setting && !/[/*?[]/.test(setting) && !setting.endsWith('.py')) return setting;
  // files of no project: the working directory the run falls back to is not their project, and its tree
  // (a home folder, /tmp) holds other people's pool modules
  if (!projectRoot || !isProjectFolder(projectRoot)) return null;
  const root = projectRoot;
  const key = `${root}\0${setting}`;
  if (found.has(key)) return found.get(key)!;
  let result: string | null = null;
  const want = setting ? path.basename(setting) : null;
  const walk = (dir: string, depth: number): void => {
    if (result || depth > 5) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (result) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
      } else if (want ? e.name === want : e.name === 'db_pool.py' || e.name === 'pool.py') {
        try {
          if (/^def get_pool\(/m.test(readRegularText(p, MANIFEST_LIMIT))) result = dotted(relPosix(root, p), root);
        } catch {
          // unreadable, special (a FIFO named pool.py) or too big: not our pool
        }
      }
    }
  };
  walk(root, 0);
  found.set(key, result);
  return result;
}

