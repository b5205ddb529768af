import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Replace a file atomically: write a temporary file beside it, give it the
 * file's permission bits, owner and group as they are at that moment, and
 * rename it over the file. A reader sees the old file or the new one, never
 * half of either; a crash leaves at most a stray temporary file, never a
 * truncated source file.
 *
 * A file is left alone, with the reason (`WriteRefused`), when it changed on
 * disk since it was read (the user saved it meanwhile: writing would lose
 * that edit), when it is no longer a regular file, when it has several hard
 * links (a rename would split them and an in-place write is not atomic), when
 * it has no write permission (checked on the mode too, since root may write
 * anything), or when its owner cannot be kept.
 *
 * The checks run as late as the platform allows (docs/fix.md): the file is
 * opened, stat'ed and read again right before the rename, and read once more
 * through that descriptor right after it. An edit or chmod that landed in
 * between is found there: an edit puts the user's version back (and the
 * write is refused), a chmod or chown is carried over to the new file.
 */
export class WriteRefused extends Error {
  /** `reason`: why, on its own; `verdict`: what it means for this caller (`scan --add-noqa` says its own) */
  constructor(
    readonly reason: string,
    verdict = 'not fixed',
  ) {
    super(`${reason}; ${verdict}`);
  }
}

export interface WriteOptions {
  /** the file's mode when it was read: unused, the mode it has when it is replaced wins (a chmod made during the run is kept) */
  mode?: number;
  /** SHA-256 of the bytes the fix started from: the file must still hold them */
  expectSha256?: string;
}

const TEMP = /^\.(.+)\.rfsn-(\d+)-[0-9a-f]{8}\.tmp$/;
const CHANGED = 'it changed on disk during this run (saved by an editor or another tool?)';
const CHANGED_VERDICT = 'not overwritten; run fix again';

export function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'a device';
}

/** Why the file at `absPath` (already resolved) must not be replaced, or null. */
function whyNotWritable(absPath: string, st: fs.Stats): string | null {
  // a directory has 2+ links too: say what it is, not how many links it has
  if (!st.isFile()) return `it is no longer a regular file (now ${kindOf(st)})`;
  if (st.nlink > 1) return `it has ${st.nlink} hard links: replacing it would split them, and writing it in place would not be atomic`;
  // root passes every access check, so the mode is read too: a 0444 file is meant to stay as it is
  let writable = (st.mode & 0o222) !== 0;
  if (writable && !isRoot()) {
    try {
      fs.accessSync(absPath, fs.constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable) return `it is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
  return null;
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** The whole file behind `fd`, from its first byte, whatever the descriptor's position. */
function readAll(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, at);
    if (n === 0) return Buffer.concat(chunks);
    chunks.push(buf.subarray(0, n));
    at += n;
  }
}

/** Give the file behind `fd` the mode, owner and group of `st`. */
function takeAttributes(fd: number, st: fs.Stats): void {
  const mine = fs.fstatSync(fd);
  let chowned = false;
  if (mine.uid !== st.uid || mine.gid !== st.gid) {
    try {
      fs.fchownSync(fd, st.uid, st.gid);
    } catch (err) {
      throw new WriteRefused(`its owner (${st.uid}:${st.gid}) could not be kept (${codeOf(err)})`);
    }
    chowned = true;
  }
  // chown clears set-id bits, so the mode is set again after it
  if (chowned || (mine.mode & 0o7777) !== (st.mode & 0o7777)) fs.fchmodSync(fd, st.mode & 0o7777);
}

function sameAttributes(a: fs.Stats, b: fs.Stats): boolean {
  return (a.mode & 0o7777) === (b.mode & 0o7777) && a.uid === b.uid && a.gid === b.gid;
}

/**
 * Test-only (RFSN_UPGRADE_TEST_HOLD_RENAME=FILE): between the last check and
 * the rename, create FILE.held and wait until FILE exists (at most a minute),
 * so a test can edit, chmod or signal the run inside the window docs/fix.md
 * describes, and release it when it is done: no test depends on timing.
 * Blocking on purpose: the real window is synchronous too.
 */
function testHold(): void {
  const gate = process.env.RFSN_UPGRADE_TEST_HOLD_RENAME;
  if (!gate) return;
  fs.writeFileSync(`${gate}.held`, '');
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !fs.existsSync(gate) && waited < 60_000; waited += 10) Atomics.wait(cell, 0, 0, 10);
}

/**
 * This process's temporary files that are not yet renamed or removed. A
 * write is synchronous, so a signal's handler (which runs between two pieces
 * of JavaScript) normally finds it empty; it is what makes the handler right
 * whatever ran before it, including a removal that failed.
 */
const ownTemps = new Set<string>();
let signalsHandled = false;

function removeOwnTemps(): void {
  for (const t of ownTemps) {
    try {
      fs.unlinkSync(t);
    } catch {
      // gone already
    }
    ownTemps.delete(t);
  }
}

/**
 * On SIGINT, SIGTERM or SIGHUP, once this process has begun to write: remove
 * our temporary files and exit 128 + the signal's number. The write under way
 * finishes first (it is synchronous), so every file is whole, old or new;
 * loops over files yield between writes, so no further file is started.
 */
function handleSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      removeOwnTemps();
      process.exit(code);
    });
  }
}

/**
 * Let a pending SIGINT or SIGTERM reach handleSignals: for loops over files,
 * between two writes. Signals are read in the event loop's poll phase; one
 * setImmediate called from an I/O callback runs before the next poll, so it
 * takes two to be sure one poll comes in between.
 */
export function letSignalsIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** A new temporary file beside `absPath`, opened for writing and registered in ownTemps. */
function createTemp(absPath: string): { tmp: string; fd: number } {
  handleSignals();
  const tmp = path.join(path.dirname(absPath), `.${path.basename(absPath)}.rfsn-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  // 'wx': never through a file or link that is already there; 0600 until it holds the file's own mode
  const fd = fs.openSync(tmp, 'wx', 0o600);
  ownTemps.add(tmp); // only once it is ours: a name that was taken is someone else's
  return { tmp, fd };
}

function discard(tmp: string | null, fds: Array<number | null>): void {
  for (const fd of fds) {
    if (fd === null) continue;
    try {
      fs.closeSync(fd);
    } catch {
      // closed already
    }
  }
  if (tmp && ownTemps.has(tmp)) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing left behind
    }
    ownTemps.delete(tmp);
  }
}

export function writeAtomic(target: string, bytes: Buffer, options: WriteOptions | number = {}): void {
  const opts: WriteOptions = typeof options === 'number' ? { mode: options } : options;
  // write through a symlink to the file it points at, keeping the link
  const absPath = fs.realpathSync(target);
  const why = whyNotWritable(absPath, fs.statSync(absPath));
  if (why) throw new WriteRefused(why);
  let tmp: string | null = null;
  let fd: number | null = null;
  let oldFd: number | null = null;
  try {
    ({ tmp, fd } = createTemp(absPath));
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
    // the last check, as late as possible: the file as it is now, its type, links, mode, owner and bytes
    try {
      oldFd = fs.openSync(absPath, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (err) {
      throw new WriteRefused(`it cannot be read back before writing (${codeOf(err)})`);
    }
    const before = fs.fstatSync(oldFd);
    const whyNow = whyNotWritable(absPath, before);
    if (whyNow) throw new WriteRefused(whyNow);
    const original = readAll(oldFd);
    if (opts.expectSha256 && sha256(original) !== opts.expectSha256) throw new WriteRefused(CHANGED, CHANGED_VERDICT);
    takeAttributes(fd, before); // its current mode and owner: a chmod made during the run is kept
    testHold();
    try {
      fs.renameSync(tmp, absPath);
    } catch (err) {
      // EISDIR and the like: what took the file's place says more than the error code
      const now = fs.lstatSync(absPath, { throwIfNoEntry: false });
      if (now && !now.isFile()) throw new WriteRefused(`it is no longer a regular file (now ${kindOf(now)})`);
      throw err;
    }
    ownTemps.delete(tmp);
    tmp = null;
    // what went into the replaced file between the last check and the rename is read through its descriptor
    const after = fs.fstatSync(oldFd);
    const now = readAll(oldFd);
    if (!now.equals(original)) {
      putBack(absPath, fd, now, after);
      throw new WriteRefused(CHANGED, CHANGED_VERDICT);
    }
    if (!sameAttributes(before, after)) {
      try {
        takeAttributes(fd, after); // a chmod or chown in that window: carried over to the new file
      } catch (err) {
        putBack(absPath, fd, now, after);
        throw err;
      }
    }
  } finally {
    discard(tmp, [fd, oldFd]);
  }
}

/**
 * The user's version back at `absPath` (their bytes, mode, owner and
 * modification time, written atomically), unless something else replaced
 * our file already (`ours` is the new file's descriptor): then that stays.
 */
function putBack(absPath: string, ours: number, bytes: Buffer, st: fs.Stats): void {
  let tmp: string | null = null;
  let fd: number | null = null;
  try {
    const here = fs.lstatSync(absPath, { throwIfNoEntry: false });
    const mine = fs.fstatSync(ours);
    if (!here || here.ino !== mine.ino || here.dev !== mine.dev) return;
    ({ tmp, fd } = createTemp(absPath));
    fs.writeFileSync(fd, bytes);
    try {
      takeAttributes(fd, st);
    } catch {
      fs.fchmodSync(fd, st.mode & 0o7777); // an owner that cannot be given back is no reason to lose their bytes
    }
    fs.futimesSync(fd, st.atime, st.mtime);
    fs.fsyncSync(fd);
    fs.renameSync(tmp, absPath);
    ownTemps.delete(tmp);
    tmp = null;
  } finally {
    discard(tmp, [fd]);
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
 * Files in these folders named like the temporary files of a run that no
 * longer exists (`.NAME.rfsn-PID-xxxxxxxx.tmp`, PID dead). They are reported,
 * never removed: the name proves nothing (a user may name a file so), and a
 * signal no longer leaves ours behind (handleSignals), only a SIGKILL, a
 * crash or a power cut does. A wrong deletion cannot be undone; a leftover
 * costs one line.
 */
export function findStaleTemps(dirs: Iterable<string>): string[] {
  const found: string[] = [];
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
        if (fs.lstatSync(p).isFile()) found.push(p);
      } catch {
        // gone already
      }
    }
  }
  return found;
}
