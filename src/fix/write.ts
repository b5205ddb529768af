import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Replace a file atomically: write a temporary file beside it, give it the
 * original's permission bits, and rename it over the original. A reader sees
 * the old file or the new one, never half of either; a crash leaves at most a
 * stray temporary file, never a truncated source file.
 */
export function writeAtomic(target: string, bytes: Buffer, mode: number): void {
  // write through a symlink to the file it points at, keeping the link
  const absPath = fs.realpathSync(target);
  const dir = path.dirname(absPath);
  const tmp = path.join(dir, `.${path.basename(absPath)}.rfsn-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes, { mode: mode & 0o7777 });
    fs.chmodSync(tmp, mode & 0o7777); // the umask may have narrowed it
    fs.renameSync(tmp, absPath);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing left behind
    }
    throw err;
  }
}
