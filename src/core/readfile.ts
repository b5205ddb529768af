import fs from 'node:fs';

/**
 * The one way the tool reads a file it did not write (configuration,
 * manifests, .gitignore files, docs, sources): only a regular file, only up to
 * a size limit. A FIFO named `pyproject.toml` would block a plain
 * readFileSync forever and `/dev/zero` or a sparse 10 GB `.gitignore` would
 * fill memory, so the file is opened with O_NONBLOCK (opening a FIFO then
 * returns at once instead of waiting for a writer) and judged by fstat on the
 * open descriptor, which is the file read, whatever the name points to by then.
 */

/** The limit for configuration and manifest files (pyproject.toml, package.json, .gitignore, requirements): far above any real one. */
export const MANIFEST_LIMIT = 5_000_000;

/** Why a file was not read, in words for a one-line message ("is a FIFO, not a regular file"). */
export class FileReadError extends Error {
  constructor(
    message: string,
    /** what kind of refusal: the system's (then `code` is its errno), not a regular file, or over the limit (then `size` says by how much) */
    readonly reason: 'errno' | 'special' | 'size',
    readonly code?: string,
    readonly size?: number,
  ) {
    super(message);
  }
}

/** The bytes of a regular file of at most `limit` bytes; anything else throws a FileReadError with a one-line reason. */
export function readRegularFile(file: string, limit: number): { bytes: Buffer; stat: fs.Stats } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FileReadError(`cannot read: ${describeErrno(code, err as Error)}`, 'errno', code);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileReadError(`is ${kindOf(stat)}, not a regular file`, 'special');
    if (stat.size > limit) throw new FileReadError(`is ${formatBytes(stat.size)}, over the ${formatBytes(limit)} limit`, 'size', undefined, stat.size);
    // read to the end, not to the size fstat gave: the file may change meanwhile; stop past the limit all the same
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // what fstat promised plus one byte to see the end, in chunks of at most 1 MiB, never past limit + 1
      const buf = Buffer.allocUnsafe(Math.min(Math.max(stat.size - total, 0) + 1, 1 << 20, limit + 1 - total));
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new FileReadError(`cannot read: ${describeErrno(code, err as Error)}`, 'errno', code);
      }
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) throw new FileReadError(`grew past the ${formatBytes(limit)} limit while being read`, 'size', undefined, total);
    }
    return { bytes: Buffer.concat(chunks, total), stat };
  } finally {
    fs.closeSync(fd);
  }
}

/** readRegularFile as UTF-8 text (a BOM is kept, as readFileSync(…, 'utf8') keeps it). */
export function readRegularText(file: string, limit: number): string {
  return readRegularFile(file, limit).bytes.toString('utf8');
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

function describeErrno(code: string | undefined, err: Error): string {
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder';
  return code ?? err.message;
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
