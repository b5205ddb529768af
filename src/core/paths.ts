import path from 'node:path';

/** A path as reports show it: `/` separators on every platform. */
export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** `to` relative to `from`, with `/` separators. */
export function relPosix(from: string, to: string): string {
  return toPosix(path.relative(from, to));
}
