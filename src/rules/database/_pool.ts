import path from 'node:path';
import picomatch from 'picomatch';
import type { SourceFile } from '../../python/source';

/** The file's path relative to the project root, with `/` separators. */
export function projectPath(file: SourceFile, projectRoot: unknown): string {
  const root = typeof projectRoot === 'string' ? projectRoot : process.cwd();
  const rel = path.relative(root, file.absPath);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file.path).split(path.sep).join('/');
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
