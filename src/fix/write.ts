import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Replace a file atomically: write a temporary file beside it, give it the
 * original's permission bits, owner and group, and rename it over the
 * original. A reader sees the old file or the new one, never half of either;
 * a crash leaves at most a stray temporary file (which the next run removes,
 * `removeStaleTemps`), never a truncated source file.
 *
 * A file is left alone, with the reason (`WriteRefused`), when it changed on
 * disk since it was read (the user saved it meanwhile: writing would lose
 * that edit), when it has several hard links (a rename would split them and an
 * in-place write is not atomic), when it has no write permission (checked on
 * the mode too, since root may write anything), or when its owner cannot be
 * kept.
 */
export class WriteRefused extends Error {}

export interface WriteOptions {
  /** the file's permission bits (and type bits, ignored) */
  mode: number;
  /** SHA-256 of the bytes the fix started from: the file must still hold them */
  expectSha256?: string;
}

const TEMP = /^\.(.+)\.rfsn-(\d+)-[0-9a-f]{8}\.tmp$/;

export function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Why the file at `absPath` (already resolved) must not be replaced, or null. */
function whyNotWritable(absPath: string, st: fs.Stats): string | null {
  if (st.nlink > 1) return `it has ${st.nlink} hard links: replacing it would split them, and writing it in place would not be atomic; not fixed`;
  // root passes every access check, so the mode is read too: a 0444 file is meant to stay as it is
  let writable = (st.mode & 0o222) !== 0;
  if (writable && !isRoot()) {
    try {
      fs.accessSync(absPath, fs.constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable) return `it is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); not fixed`;
  return null;
}

function unchanged(absPath: string, expect: string | undefined): void {
  if (!expect) return;
  let now: Buffer;
  try {
    now = fs.readFileSync(absPath);
  } catch (err) {
    throw new WriteRefused(`it cannot be read back before writing (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); not fixed`);
  }
  if (sha256(now) !== expect) throw new WriteRefused('it changed on disk while fix ran (saved by an editor or another tool?): not overwritten; run fix again');
}

export function writeAtomic(target: string, bytes: Buffer, options: WriteOptions | number): void {
  const opts: WriteOptions = typeof options === 'number' ? { mode: options } : options;
  // write through a symlink to the file it points at, keeping the link
  const absPath = fs.realpathSync(target);
  const st = fs.statSync(absPath);
  const why = whyNotWritable(absPath, st);
  if (why) throw new WriteRefused(why);
  unchanged(absPath, opts.expectSha256);
  const mode = opts.mode & 0o7777;
  const dir = path.dirname(absPath);
  const tmp = path.join(dir, `.${path.basename(absPath)}.rfsn-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', mode); // never through a file or link that is already there
    fs.writeFileSync(fd, bytes);
    fs.fchmodSync(fd, mode); // the umask may have narrowed it
    const made = fs.fstatSync(fd); // the new file's owner: this process's, or a setgid folder's group
    if (made.uid !== st.uid || made.gid !== st.gid) {
      try {
        fs.fchownSync(fd, st.uid, st.gid);
      } catch (err) {
        throw new WriteRefused(`its owner (${st.uid}:${st.gid}) could not be kept (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); not fixed`);
      }
      fs.fchmodSync(fd, mode); // chown clears set-id bits
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    unchanged(absPath, opts.expectSha256); // once more, as late as possible
    fs.renameSync(tmp, absPath);
  } catch (err) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // closed already
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing left behind
    }
    throw err;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: alive
  }
}

/**
 * Remove the temporary files (`.NAME.rfsn-PID-xxxxxxxx.tmp`) that runs killed
 * mid-write left in these folders, those of processes that no longer exist.
 * Returns the paths removed.
 */
export function removeStaleTemps(dirs: Iterable<string>): string[] {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = TEMP.exec(name);
      if (!m || alive(Number(m[2]))) continue;
      const p = path.join(dir, name);
      try {
        if (!fs.lstatSync(p).isFile()) continue;
        fs.unlinkSync(p);
        removed.push(p);
      } catch {
        // gone already, or not ours to remove
      }
    }
  }
  return removed;
}
