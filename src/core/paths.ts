import fs from 'node:fs';
import path from 'node:path';

/** A path as reports show it: `/` separators on every platform. */
export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** A path as the run reports it: relative to the working directory (`.` for it), `/` separators. */
export function rel(p: string): string {
  return toPosix(path.relative(process.cwd(), p)) || '.';
}

/** `to` relative to `from`, with `/` separators. */
export function relPosix(from: string, to: string): string {
  return toPosix(path.relative(from, to));
}

/** The path with its symlinks resolved (as git reports paths), or just absolute when it does not exist. */
export function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The files that make a folder a Python project's root (as scan finds roots). */
export const PROJECT_MARKERS = ['pyproject.toml', 'setup.cfg', 'setup.py'];

/**
 * A folder that is a project's own (a project file, or a git work tree's
 * top): not the working directory a run falls back to when the files belong
 * to no project, whose whole tree is not the files' project.
 */
export function isProjectFolder(dir: string): boolean {
  return [...PROJECT_MARKERS, '.git'].some((m) => fs.existsSync(path.join(dir, m)));
}
