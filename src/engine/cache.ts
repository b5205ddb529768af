import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { FileOptions } from '../core/rule';
import type { Edit, Finding } from '../core/finding';
import type { FileResult } from './check';
import type { CompileResult } from './pycompile';
import { relPosix } from '../core/paths';
import { SEVERITIES } from '../core/finding';
import { UsageError } from '../core/errors';
import { formatBytes, readRegularFile, readRegularText } from '../core/readfile';
import type { Language } from '../core/language';
import { ruleByCode } from '../rules/registry';

/**
 * The content-hash cache (issue 12): one file's `FileResult` and python3
 * syntax verdict, keyed by the file's bytes and by everything else that
 * decides its result, so that a re-scan of an unchanged tree reads results
 * instead of parsing.
 *
 * Key of an entry:
 * - the pack it lives in is chosen by the **settings key** (`settingsKey`):
 *   tool version, a hash of the rule implementation (`implementationHash`),
 *   the engine, the selected rule codes, the target minor, the opt-in fixes,
 *   the validated config table without the keys that cannot change a file's
 *   result (exclude, per-file-ignores, fail-on, ...), and the inputs outside
 *   the file that file-level rules read (`projectInputs`: pyproject.toml,
 *   the docs words CFG001 matches, the pool module DB001 looks for);
 * - inside the pack, by the file's path relative to the project root, the
 *   SHA-256 of the bytes the reader decoded, and a per-file key: the
 *   per-file-ignores that match the file and how many folders above it are
 *   packages (LOG001 reads that).
 * The python3 verdict is kept with the identity of the interpreter that gave
 * it and served only to the same interpreter.
 *
 * On disk: `<dir>/CACHEDIR.TAG` (the marker `cache clean` looks for),
 * `<dir>/.gitignore` (`*`), and one pack per settings key,
 * `<dir>/v1/<key>.pack`: a magic line, a JSON index, then one JSON blob per
 * entry. Opening reads the index only; `lookup` parses its entry's blob
 * (lazy); `flush` writes a new pack (tmp + rename) reusing the blobs it did
 * not change as raw bytes, merging entries another run wrote meanwhile.
 * A corrupt, truncated or foreign pack is one warning and is rebuilt.
 */

export const CACHE_DIR_NAME = '.rfsn-upgrade-cache';
export const CACHE_ENV = 'RFSN_UPGRADE_CACHE_DIR';
export const MARKER_FILE = 'CACHEDIR.TAG';
/** the standard cache-directory tag (https://bford.info/cachedir/): backup tools skip the folder */
const MARKER_TEXT = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by rfsn-upgrade.\n# For information about cache directory tags, see https://bford.info/cachedir/\n';
const MARKER_LINE = '# This file is a cache directory tag created by rfsn-upgrade.';
/** 2: a SHA-256 of the index and a checksum per entry (format 1 trusted any bytes that parsed) */
const FORMAT = 2;
const MAGIC = Buffer.from('RFSNUPGRADE-CACHE 2\n');
/** the index's SHA-256, after the two lengths */
const HEAD_SUM_BYTES = 32;
const GITIGNORE_TEXT = '# created by rfsn-upgrade: the cache is never committed\n*\n';
/** what the cache writes inside its folder: `cache clean` removes these and nothing else */
const PACK_NAME = /^v\d+$/;
const PACK_FILE = /^[0-9a-f]{32}\.pack(\.tmp-\d+-[0-9a-f]{8})?$/;
const TOP_TEMP = /^(CACHEDIR\.TAG|\.gitignore)\.tmp-\d+-[0-9a-f]{8}$/;
const PACK_DIR = `v${FORMAT}`;
const DAY = 86_400_000;
export const DEFAULT_MAX_AGE_DAYS = 7;

/** The cache folder a run uses: `--cache-dir`, else RFSN_UPGRADE_CACHE_DIR, else `<project root>/.rfsn-upgrade-cache`. */
export function resolveCacheDir(projectRoot: string, flag?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env[CACHE_ENV]) return path.resolve(env[CACHE_ENV]!);
  return path.join(projectRoot, CACHE_DIR_NAME);
}

/**
 * Make sure the cache may live in `dir` before a run reads anything: a
 * folder that does not exist yet (the cache creates it), an empty one, or
 * one that carries our CACHEDIR.TAG. Anything else is a folder of the
 * user's (`--cache-dir src`, `--cache-dir .`): writing our `.gitignore`
 * (`*`) there would hide its files from git and from the scan, and `cache
 * clean` would be asked to delete it. Throws a UsageError (one line, exit 2).
 */
export function claimCacheDir(dir: string): void {
  const abs = path.resolve(dir);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return; // created by the cache at its first write
  }
  const shown = path.relative(process.cwd(), abs) || '.';
  if (!st.isDirectory()) throw new UsageError(`cache folder ${shown} is not a folder; choose another --cache-dir (or ${CACHE_ENV})`);
  if (isOurCache(abs)) return;
  let names: string[];
  try {
    names = fs.readdirSync(abs);
  } catch (err) {
    throw new UsageError(`cache folder ${shown} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (names.length > 0) {
    throw new UsageError(`cache folder ${shown} is not empty and is not an rfsn-upgrade cache (no ${MARKER_FILE} of ours): the cache needs a folder of its own, e.g. --cache-dir ${path.join(shown, CACHE_DIR_NAME)}`);
  }
}

/** The folder carries the CACHEDIR.TAG rfsn-upgrade writes. */
function isOurCache(abs: string): boolean {
  try {
    const st = fs.lstatSync(path.join(abs, MARKER_FILE));
    return st.isFile() && st.size < 4096 && fs.readFileSync(path.join(abs, MARKER_FILE), 'utf8').includes(MARKER_LINE);
  } catch {
    return false;
  }
}

/** SHA-256 (hex) of the bytes `readSource` read and decoded: hash those, never a second read. */
export function contentHash(bytes: Buffer | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Folders (relative to this file's root, `dist/` or `src/`) whose code decides a file's result. */
const IMPLEMENTATION_DIRS = ['rules', 'lang', 'core', 'engine'];
const IMPLEMENTATION_FILES = ['upgrades', 'version'];
let implementation: string | null = null;

/**
 * A hash of the code that produces a file's result: every .js/.ts file under
 * the built (or source) rules, lang, core and engine folders, plus the
 * versions of the tree-sitter packages. Hashed by content, not mtime, so a
 * fresh `npm ci` in CI gives the same hash for the same code; computed once
 * per process (about 5 MB of code).
 */
export function implementationHash(): string {
  if (implementation) return implementation;
  const root = path.resolve(__dirname, '..');
  const h = crypto.createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string): void => {
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of list) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|json|scm|wasm)$/.test(e.name) && !/\.(map|d\.ts)$/.test(e.name)) files.push(p);
    }
  };
  for (const d of IMPLEMENTATION_DIRS) walk(path.join(root, d));
  for (const f of IMPLEMENTATION_FILES) for (const ext of ['.js', '.ts']) if (fs.existsSync(path.join(root, f + ext))) files.push(path.join(root, f + ext));
  files.sort();
  for (const f of files) {
    h.update(path.relative(root, f));
    h.update('\0');
    try {
      h.update(fs.readFileSync(f));
    } catch {
      h.update('unreadable');
    }
    h.update('\0');
  }
  for (const pkg of ['web-tree-sitter', 'tree-sitter-python', 'typescript', 'ts-morph']) {
    try {
      h.update(`${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}\0`);
    } catch {
      h.update(`${pkg}@none\0`);
    }
  }
  implementation = h.digest('hex');
  return implementation;
}

/** Config keys that cannot change one file's result (discovery, exit code, project-level, handled per file). */
const NOT_IN_KEY = new Set(['exclude', 'per-file-ignores', 'fail-on', 'fail-under', 'max-file-size', 'select', 'ignore', 'projectRoot', 'pyprojectPath']);

export interface CacheSettings {
  /** the tool version (src/version.ts) */
  version: string;
  /** the engine that produced the results: 'native' */
  engine: string;
  /** the selected rule codes */
  rules: string[];
  /** the run's FileOptions: targetMinor, settings (the validated config table), optInFixes */
  options: FileOptions;
  /** default: implementationHash() */
  implementation?: string;
  /**
   * the inputs outside a file that file-level rules read; default:
   * projectInputs(options.settings.projectRoot, options, rules)
   */
  projectInputs?: string;
  /** identity of the python3 whose syntax verdicts are stored (pythonIdentity()); null: verdicts are not served */
  python?: string | null;
}

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = stable((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/**
 * The inputs besides a file's own text that file-level rules read: the
 * pyproject.toml (console-script entry points and source roots), and what
 * each selected rule declares as its `cacheInputs` (the words of the
 * project's docs, the pool module it finds).
 */
export function projectInputs(root: string, options: FileOptions, rules: string[]): string {
  const h = crypto.createHash('sha256');
  const pp = options.settings.pyprojectPath;
  if (typeof pp === 'string' && pp) {
    h.update(`pyproject:${relPosix(root, pp)}\0`);
    // the parsed document without [tool.rfsn-upgrade] (that table is in the key as the validated settings,
    // less its keys that cannot change a file's result): a comment or a per-file-ignore elsewhere keeps the cache
    let text: string | null = null;
    try {
      text = fs.readFileSync(pp, 'utf8');
    } catch {
      h.update('unreadable');
    }
    if (text !== null) {
      try {
        const doc = parseToml(text) as Record<string, unknown>;
        const tool = doc.tool as Record<string, unknown> | undefined;
        if (tool && typeof tool === 'object') delete tool['rfsn-upgrade'];
        h.update(JSON.stringify(stable(doc)));
      } catch {
        h.update(text);
      }
    }
  } else h.update('pyproject:none');
  h.update('\0');
  for (const code of [...new Set(rules)].sort()) {
    const rule = ruleByCode(code);
    if (rule?.cacheInputs) h.update(`${code}:${rule.cacheInputs(root, options)}\0`);
  }
  return h.digest('hex');
}

/** The python3 first on PATH, as a path, size and mtime (no process started); null when there is none. */
export function pythonIdentity(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, 'python3');
    try {
      const real = fs.realpathSync(p);
      const st = fs.statSync(real);
      if (st.isFile()) return `${real}:${st.size}:${Math.floor(st.mtimeMs)}`;
    } catch {
      // not here
    }
  }
  return null;
}

/** The hash that names a settings key's pack. */
export function settingsKey(s: CacheSettings): string {
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.options.settings)) if (!NOT_IN_KEY.has(k) && v !== undefined) settings[k] = v;
  const root = s.options.settings.projectRoot;
  const key = {
    format: FORMAT,
    tool: 'rfsn-upgrade',
    version: s.version,
    implementation: s.implementation ?? implementationHash(),
    engine: s.engine,
    rules: [...s.rules].sort(),
    targetMinor: s.options.targetMinor,
    optInFixes: [...(s.options.optInFixes ?? [])].sort(),
    ...(s.options.versionFixesOff ? { versionFixesOff: s.options.versionFixesOff } : {}),
    settings: stable(settings),
    inputs: s.projectInputs ?? projectInputs(typeof root === 'string' ? root : process.cwd(), s.options, s.rules),
  };
  return contentHash(JSON.stringify(key)).slice(0, 32);
}

export interface CachedFile {
  result: FileResult;
  /** the file's bytes could not be read as source (not decodable, NUL bytes): this message, and `result` is empty */
  readError?: string;
  /** python3's verdict on this content, when one was stored by the same interpreter */
  compile?: CompileResult;
}

export interface StoreOptions {
  /** the per-file-ignores codes that match this file (run.ts's perFileIgnores) */
  ignores?: string[];
  compile?: CompileResult;
  /** the file's stat signature from before it was read (lookupFiles), when trusted */
  stat?: string | null;
}

/**
 * An entry of a pack's index: path, content hash, per-file key, last day
 * seen, blob offset and length, python verdict, and the file's stat
 * signature when its hash was taken (`statSignature`; null when untrusted).
 */
type IndexRow = [rel: string, hash: string, fileKey: string, day: number, offset: number, length: number, compile: null | [python: string, verdict: CompileResult], stat: string | null, sum: string];

/** The checksum an entry's blob is stored with (checked before the blob is trusted). */
function blobSum(blob: Buffer): string {
  return crypto.createHash('sha256').update(blob).digest('hex').slice(0, 32);
}

/**
 * How long a file must have been left alone before its stat signature stands
 * for its content: a write in the same timestamp tick as the signature keeps
 * the mtime. File systems with sub-second times (ext4, xfs, btrfs, tmpfs,
 * APFS) tick in milliseconds or less; whole-second times (FAT, HFS+, some
 * network file systems, or a file whose times fell on the second) get two
 * seconds, FAT's granularity.
 */
const STAT_SETTLE_FINE_MS = 100;
const STAT_SETTLE_COARSE_MS = 2000;

/**
 * A file's stat signature (size, mtime, ctime, inode), when it may stand for
 * the bytes hashed with it, the way git's index trusts a file's stat: only
 * when both times are older than the file system's tick (STAT_SETTLE_*), so that any later write
 * changes them (ctime cannot be set back by a user). A fresh checkout gives
 * new times: the file is read and hashed, and its entry still hits by
 * content. Null: read the file.
 */
export function statSignature(st: fs.Stats, now = Date.now()): string | null {
  const fine = st.mtimeMs % 1000 !== 0 && st.ctimeMs % 1000 !== 0;
  const settle = fine ? STAT_SETTLE_FINE_MS : STAT_SETTLE_COARSE_MS;
  if (now - st.mtimeMs < settle || now - st.ctimeMs < settle) return null;
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

interface PackHeader {
  tool: 'rfsn-upgrade';
  format: number;
  key: string;
  entries: IndexRow[];
  /** the minor version of the python3 of `CacheSettings.python` (a process start saved on a warm run) */
  python?: [identity: string, minor: number | null];
}

interface Entry {
  row: IndexRow;
  /** the blob: raw bytes from a pack, or a new result to encode at flush */
  raw?: Buffer;
  /** the raw blob matched its checksum (a blob from a pack is checked once, when first looked up) */
  verified?: boolean;
  fresh?: FileResult;
  display?: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
  stored: number;
  entries: number;
  pruned: number;
  /** hits looked up by the file's stat signature, without reading it */
  statHits: number;
}

export interface OpenOptions {
  /** the project root: entry paths are relative to it */
  root: string;
  settings: CacheSettings;
  /** for tests: the clock */
  now?: number;
  maxAgeDays?: number;
}

/** Placeholder for the file's display path inside a stored blob: the path is put back at lookup. */
const P = '\u0000p';

/**
 * One run's view of the cache. `lookup` and `store` work on the run's
 * settings key only; `flush` writes once at the end of the run.
 */
export class ResultCache {
  readonly dir: string;
  readonly key: string;
  readonly packFile: string;
  /** corrupt or foreign cache files that were ignored (to print as warnings) */
  readonly warnings: string[] = [];
  readonly stats: CacheStats = { hits: 0, misses: 0, stored: 0, entries: 0, pruned: 0, statHits: 0 };
  private readonly root: string;
  private readonly today: number;
  private readonly maxAge: number;
  private readonly python: string | null;
  private entries = new Map<string, Entry>();
  private dirty = false;
  private packStat: fs.Stats | null = null;
  private readonly packageDepth = new Map<string, number>();
  private minor: number | null | undefined;
  /** the rule codes of this settings key: a cached finding of any other code is corrupt */
  private readonly codes: Set<string>;
  /** the clock statSignature is judged by (tests set it) */
  readonly now: number;

  private constructor(dir: string, opts: OpenOptions) {
    this.dir = path.resolve(dir);
    this.root = path.resolve(opts.root);
    this.key = settingsKey(opts.settings);
    this.packFile = path.join(this.dir, PACK_DIR, `${this.key}.pack`);
    this.today = Math.floor((opts.now ?? Date.now()) / DAY);
    this.now = opts.now ?? Date.now();
    this.maxAge = opts.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
    this.python = opts.settings.python ?? null;
    this.codes = new Set(opts.settings.rules);
  }

  /** Open the cache in `dir` for one run's settings; null dir (--no-cache) gives null. Never throws on a bad cache. */
  static open(dir: string | null, opts: OpenOptions): ResultCache | null {
    if (!dir) return null;
    const cache = new ResultCache(dir, opts);
    cache.load();
    return cache;
  }

  private load(): void {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.packFile);
    } catch {
      return; // no pack yet
    }
    const read = readPack(this.packFile, this.key);
    if (!read.ok) {
      this.warnings.push(`cache: ${path.relative(process.cwd(), this.packFile) || this.packFile}: ${read.reason}; ignored, it will be rebuilt`);
      this.dirty = true;
      return;
    }
    this.packStat = st;
    if (read.python && read.python[0] === this.python) this.minor = read.python[1];
    for (const e of read.entries) this.entries.set(e.row[0], e);
    this.stats.entries = this.entries.size;
  }

  /** An absolute path as the cache keys it: relative to the project root, `/` separators. */
  relOf(abs: string): string {
    return relPosix(this.root, abs);
  }

  /** How many folders above the file are packages (have __init__.py), up to the root: LOG001 reads it. */
  private depthOf(dirAbs: string): number {
    const known = this.packageDepth.get(dirAbs);
    if (known !== undefined) return known;
    let d = 0;
    if (fs.existsSync(path.join(dirAbs, '__init__.py'))) {
      const up = path.dirname(dirAbs);
      d = up === dirAbs ? 1 : 1 + this.depthOf(up);
    }
    this.packageDepth.set(dirAbs, d);
    return d;
  }

  private fileKey(rel: string, ignores: string[] | undefined): string {
    const depth = this.depthOf(path.dirname(path.resolve(this.root, rel)));
    return `${[...new Set(ignores ?? [])].sort().join(',')}|${depth}`;
  }

  /**
   * The cached result of the file at `rel` (relative to the project root, `/`
   * separators) whose bytes hash to `hash`, with paths set to `display` (the
   * path the run reports); null on a miss.
   */
  lookup(rel: string, hash: string, display: string, ignores?: string[]): CachedFile | null {
    const e = this.entries.get(rel);
    if (!e || e.row[1] !== hash || e.row[2] !== this.fileKey(rel, ignores)) {
      this.stats.misses++;
      return null;
    }
    let result: FileResult;
    try {
      if (e.raw && !e.verified) {
        if (blobSum(e.raw) !== e.row[8]) throw new Error('checksum mismatch');
        e.verified = true;
      }
      result = e.fresh ? decodeResult(encodeResult(e.fresh, e.display!), display, this.codes) : decodeResult(e.raw!, display, this.codes);
      const c = e.row[6];
      if (c !== null && !(Array.isArray(c) && typeof c[0] === 'string' && isCompileResult(c[1]))) throw new Error('bad python3 verdict');
    } catch (err) {
      this.warnings.push(`cache: the entry of ${rel} is corrupt (${(err as Error).message}); ignored, it will be rebuilt`);
      this.entries.delete(rel);
      this.dirty = true;
      this.stats.misses++;
      return null;
    }
    if (e.row[3] !== this.today) {
      e.row[3] = this.today;
      this.dirty = true;
    }
    this.stats.hits++;
    const out: CachedFile = { result };
    const withError = result as FileResult & { readError?: string };
    if (withError.readError !== undefined) {
      out.readError = withError.readError;
      delete withError.readError;
    }
    const c = e.row[6];
    if (c && this.python && c[0] === this.python) out.compile = c[1];
    return out;
  }

  /** The content hash the entry of `rel` recorded with this stat signature: the file need not be read to be looked up. */
  hashByStat(rel: string, stat: string | null): string | null {
    if (!stat) return null;
    const e = this.entries.get(rel);
    return e && e.row[7] === stat ? e.row[1] : null;
  }

  /** Record the stat signature of the file whose bytes hashed to `hash` (after a hit by content: the next run need not read it). */
  noteStat(rel: string, hash: string, stat: string | null): void {
    const e = this.entries.get(rel);
    if (!e || e.row[1] !== hash || (e.row[7] ?? null) === stat) return;
    e.row[7] = stat;
    this.dirty = true;
  }

  /** Record the result of the file at `rel` for bytes hashing to `hash` (the hash of the bytes that were checked). */
  store(rel: string, hash: string, display: string, result: FileResult, opts: StoreOptions = {}): void {
    const compile: IndexRow[6] = opts.compile && this.python ? [this.python, opts.compile] : null;
    this.entries.set(rel, { row: [rel, hash, this.fileKey(rel, opts.ignores), this.today, 0, 0, compile, opts.stat ?? null, ''], fresh: result, display });
    this.dirty = true;
    this.stats.stored++;
  }

  /** Record that the bytes hashing to `hash` cannot be read as source, with the reader's message. */
  storeReadError(rel: string, hash: string, message: string, opts: StoreOptions = {}): void {
    const empty: FileResult & { readError: string } = { findings: [], facts: {}, errors: [], warnings: [], lines: 0, suppressions: [], readError: message };
    this.store(rel, hash, rel, empty, opts);
  }

  /**
   * `store` with the blob already made by `encodeEntry` (in a worker thread:
   * the encoding, ~0.2 ms a file, then runs in parallel instead of at flush).
   */
  storeEncoded(rel: string, hash: string, blob: Buffer, opts: StoreOptions = {}): void {
    const compile: IndexRow[6] = opts.compile && this.python ? [this.python, opts.compile] : null;
    this.entries.set(rel, { row: [rel, hash, this.fileKey(rel, opts.ignores), this.today, 0, 0, compile, opts.stat ?? null, blobSum(blob)], raw: blob, verified: true });
    this.dirty = true;
    this.stats.stored++;
  }

  /** Add python3's verdict to an entry already stored or looked up (the verdict comes after the check). */
  storeCompile(rel: string, hash: string, compile: CompileResult): void {
    const e = this.entries.get(rel);
    if (!e || e.row[1] !== hash || !this.python) return;
    const had = e.row[6];
    if (had && had[0] === this.python && JSON.stringify(had[1]) === JSON.stringify(compile)) return; // a warm run: nothing new to write
    e.row[6] = [this.python, compile];
    this.dirty = true;
  }

  /** The minor version of this run's python3 as a pack recorded it, or undefined when none did. */
  get pythonMinor(): number | null | undefined {
    return this.minor;
  }

  /** Record the minor version of this run's python3 (asked once, then read from the pack). */
  set pythonMinor(minor: number | null | undefined) {
    if (minor === undefined || minor === this.minor || !this.python) return;
    this.minor = minor;
    this.dirty = true;
  }

  /**
   * Write the pack when something changed (tmp + rename: a reader sees the
   * old pack or the new one), merging in entries another run wrote since this
   * one opened it; prune entries and packs not used for maxAgeDays. Errors
   * become warnings: a cache that cannot be written costs speed, not results.
   */
  flush(): void {
    try {
      this.ensureDir();
      if (this.dirty) this.writePack();
      else this.touch();
      this.pruneOtherPacks();
    } catch (err) {
      this.warnings.push(`cache: cannot write ${this.dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  private ensureDir(): void {
    // checked again at the write: a folder that filled up with the user's files since the run began is still not ours
    if (!isOurCache(this.dir)) {
      claimCacheDir(this.dir);
      fs.mkdirSync(this.dir, { recursive: true });
      writeAtomic(path.join(this.dir, MARKER_FILE), Buffer.from(MARKER_TEXT));
    }
    fs.mkdirSync(path.join(this.dir, PACK_DIR), { recursive: true });
    const gi = path.join(this.dir, '.gitignore');
    if (!fs.existsSync(gi)) writeAtomic(gi, Buffer.from(GITIGNORE_TEXT));
  }

  private touch(): void {
    // keep a pack that is used but unchanged from being pruned as old
    if (this.packStat && this.today - Math.floor(this.packStat.mtimeMs / DAY) >= 1) {
      const t = new Date(this.today * DAY + (Date.now() % DAY));
      fs.utimesSync(this.packFile, t, t);
    }
  }

  private writePack(): void {
    // another run may have written the pack since this one read it: keep what it added
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(this.packFile);
    } catch {
      st = null;
    }
    if (st && (!this.packStat || st.ino !== this.packStat.ino || st.mtimeMs !== this.packStat.mtimeMs || st.size !== this.packStat.size)) {
      const other = readPack(this.packFile, this.key);
      if (other.ok) for (const e of other.entries) if (!this.entries.has(e.row[0])) this.entries.set(e.row[0], e);
    }
    const rows: IndexRow[] = [];
    const blobs: Buffer[] = [];
    let offset = 0;
    for (const [rel, e] of [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (this.today - e.row[3] > this.maxAge) {
        this.stats.pruned++;
        continue;
      }
      const blob = e.raw ?? encodeResult(e.fresh!, e.display!);
      // a raw blob keeps the checksum it came with (checked or not): a corrupt one stays detectable
      rows.push([rel, e.row[1], e.row[2], e.row[3], offset, blob.length, e.row[6], e.row[7] ?? null, e.raw ? e.row[8] : blobSum(blob)]);
      blobs.push(blob);
      offset += blob.length;
    }
    const header: PackHeader = { tool: 'rfsn-upgrade', format: FORMAT, key: this.key, entries: rows, ...(this.python && this.minor !== undefined ? { python: [this.python, this.minor] as [string, number | null] } : {}) };
    const head = Buffer.from(JSON.stringify(header));
    const len = Buffer.alloc(8);
    len.writeUInt32LE(head.length, 0);
    len.writeUInt32LE(offset, 4);
    const headSum = crypto.createHash('sha256').update(head).digest();
    writeAtomic(this.packFile, Buffer.concat([MAGIC, len, headSum, head, ...blobs]));
    this.dirty = false;
  }

  private pruneOtherPacks(): void {
    const dir = path.join(this.dir, PACK_DIR);
    const now = this.today * DAY + (Date.now() % DAY);
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (p === this.packFile || !PACK_FILE.test(name)) continue; // only what the cache wrote
      try {
        const st = fs.statSync(p);
        // packs of other settings: dropped once unused for maxAgeDays; temporaries of a killed run after an hour
        const tmp = name.includes('.tmp-');
        if ((tmp && now - st.mtimeMs > 3_600_000) || (!tmp && now - st.mtimeMs > this.maxAge * DAY)) fs.rmSync(p, { force: true });
      } catch {
        // raced with another run's prune
      }
    }
  }
}

/** A pack larger than this is not ours to read (the stdlib's is about 60 MB). */
const MAX_PACK_BYTES = 2 ** 31 - 1;

type PackRead = { ok: true; entries: Entry[]; python?: PackHeader['python'] } | { ok: false; reason: string };

function readPack(file: string, key: string): PackRead {
  let buf: Buffer;
  try {
    // a FIFO or device planted under the pack's name must not hang the run: regular files only
    buf = readRegularFile(file, MAX_PACK_BYTES).bytes;
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  if (buf.length < MAGIC.length + 8 + HEAD_SUM_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return { ok: false, reason: 'not an rfsn-upgrade cache file of this format' };
  const headLen = buf.readUInt32LE(MAGIC.length);
  const bodyLen = buf.readUInt32LE(MAGIC.length + 4);
  const sumAt = MAGIC.length + 8;
  const start = sumAt + HEAD_SUM_BYTES;
  if (start + headLen + bodyLen !== buf.length) return { ok: false, reason: `truncated or padded (${buf.length} bytes, expected ${start + headLen + bodyLen})` };
  const head = buf.subarray(start, start + headLen);
  // every byte of the index is checked before any of it is believed; each blob has its own checksum in it
  if (!crypto.createHash('sha256').update(head).digest().equals(buf.subarray(sumAt, start))) return { ok: false, reason: 'corrupt index (checksum mismatch)' };
  let header: PackHeader;
  try {
    header = JSON.parse(head.toString('utf8')) as PackHeader;
  } catch {
    return { ok: false, reason: 'corrupt index' };
  }
  if (header?.tool !== 'rfsn-upgrade' || header.format !== FORMAT || header.key !== key || !Array.isArray(header.entries)) return { ok: false, reason: 'foreign or mismatched cache file' };
  const body = start + headLen;
  const entries: Entry[] = [];
  for (const row of header.entries) {
    if (!isIndexRow(row, bodyLen)) return { ok: false, reason: 'corrupt index entry' };
    entries.push({ row, raw: buf.subarray(body + row[4], body + row[4] + row[5]) });
  }
  const py = header.python;
  return { ok: true, entries, ...(Array.isArray(py) && typeof py[0] === 'string' && (typeof py[1] === 'number' || py[1] === null) ? { python: py } : {}) };
}

function isInt(v: unknown, min = 0): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

function isIndexRow(row: unknown, bodyLen: number): row is IndexRow {
  if (!Array.isArray(row) || row.length !== 9) return false;
  const [rel, hash, fileKey, day, offset, length, , stat, sum] = row as unknown[];
  return typeof rel === 'string' && typeof hash === 'string' && typeof fileKey === 'string' && isInt(day) && isInt(offset) && isInt(length) && offset + length <= bodyLen && (stat === null || typeof stat === 'string') && typeof sum === 'string';
}

function isCompileResult(v: unknown): v is CompileResult {
  if (!v || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  if (c.ok === true) return true;
  return c.ok === false && isInt(c.line) && isInt(c.column) && typeof c.message === 'string' && (c.kind === undefined || typeof c.kind === 'string');
}

function isFix(v: unknown): boolean {
  if (v === null) return true;
  if (!v || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  return (f.safety === 'safe' || f.safety === 'unsafe') && typeof f.description === 'string' && Array.isArray(f.edits) && f.edits.every((e: unknown) => !!e && typeof e === 'object' && isInt((e as Edit).start) && isInt((e as Edit).end) && (e as Edit).end >= (e as Edit).start && typeof (e as Edit).text === 'string');
}

const SEVERITY_SET = new Set<string>(SEVERITIES);

/** A cached finding row has the shape encodeResult wrote, with one of the run's codes: checked before it reaches a reporter or the gate. */
function isFindingRow(row: unknown, codes: Set<string>): row is unknown[] {
  if (!Array.isArray(row) || row.length < 12 || row.length > 13) return false;
  const [code, upgrade, severity, message, line, column, endLine, endColumn, fix, start, end, declined] = row as unknown[];
  return (
    typeof code === 'string' && codes.has(code) && typeof upgrade === 'string' && /^U\d\d$/.test(upgrade) && typeof severity === 'string' && SEVERITY_SET.has(severity) &&
    typeof message === 'string' && isInt(line, 1) && isInt(column, 1) && isInt(endLine, 1) && isInt(endColumn, 1) && isFix(fix) &&
    (start === null || isInt(start)) && (end === null || isInt(end)) && (declined === null || typeof declined === 'string') &&
    (row.length === 12 || row[12] === 1 || (!!row[12] && typeof row[12] === 'object' && !Array.isArray(row[12])))
  );
}

/**
 * A result as a blob: JSON with the file's display path replaced by a
 * placeholder (so the entry serves any working directory) and findings as
 * arrays (their keys are most of the bytes otherwise).
 */
const FINDING_KEYS = ['code', 'upgrade', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fix', 'start', 'end', 'declined'] as const;

/** The blob `storeEncoded` takes: a worker can encode its own results (display: the path the result reports). */
export function encodeEntry(r: FileResult, display: string): Buffer {
  return encodeResult(r, display);
}

/** The mark most findings carry: a finding's only extra when it is this one is stored as 1 (a pack's format, not a question about the file). */
const USUAL_LANGUAGE: Language = 'python';

function encodeResult(r: FileResult, display: string): Buffer {
  const findings = r.findings.map((f) => {
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f)) if (!(FINDING_KEYS as readonly string[]).includes(k) && k !== 'path' && v !== undefined) extra[k] = v;
    const row: unknown[] = FINDING_KEYS.map((k) => f[k] ?? null);
    if (f.path !== display) extra.path = f.path;
    const keys = Object.keys(extra);
    // `language: 'python'` alone is most findings' only extra: 1 byte instead of 21 (a tenth of a pack)
    if (keys.length === 1 && extra.language === USUAL_LANGUAGE) row.push(1);
    else if (keys.length) row.push(extra);
    return row;
  });
  const errors = r.errors.map((e) => (e.path === display ? { ...e, path: P } : e));
  const warnings = r.warnings.map((w) => (w.startsWith(`${display}:`) ? P + w.slice(display.length) : w));
  // the project-level rules share one facts object (sharedFacts): stored once, not once per code
  const factTexts: string[] = [];
  const factOf: Record<string, number> = {};
  const seen = new Map<unknown, number>();
  for (const [code, v] of Object.entries(r.facts)) {
    let i = v !== null && typeof v === 'object' ? seen.get(v) : undefined;
    if (i === undefined) {
      const text = JSON.stringify(v ?? null);
      i = factTexts.indexOf(text);
      if (i < 0) i = factTexts.push(text) - 1;
      if (v !== null && typeof v === 'object') seen.set(v, i);
    }
    factOf[code] = i;
  }
  const readError = (r as { readError?: string }).readError;
  const head = JSON.stringify({ f: findings, x: factOf, e: errors, w: warnings, l: r.lines, s: r.suppressions, y: r.syntaxError ?? null, ...(readError !== undefined ? { r: readError } : {}) });
  // (no facts: a run of rules without any, or an unreadable file; `[head,]` is not JSON)
  return Buffer.from(factTexts.length ? `[${head},${factTexts.join(',')}]` : `[${head}]`);
}

function decodeResult(buf: Buffer, display: string, codes: Set<string>): FileResult {
  const all = JSON.parse(buf.toString('utf8')) as unknown[];
  const b = (Array.isArray(all) ? all[0] : null) as { f: unknown[][]; x: Record<string, number>; e: FileResult['errors']; w: string[]; l: number; s: FileResult['suppressions']; y: FileResult['syntaxError'] | null; r?: string } | null;
  if (!b || !Array.isArray(b.f) || !Array.isArray(b.e) || !Array.isArray(b.w) || !isInt(b.l) || !Array.isArray(b.s) || !b.x || typeof b.x !== 'object') throw new Error('not a cached result');
  // the shape of everything a reporter, a suppression or the exit code reads (the checksum already vouches for the bytes)
  if (!b.f.every((row) => isFindingRow(row, codes))) throw new Error('bad finding');
  if (!b.e.every((e) => !!e && typeof e.path === 'string' && typeof e.message === 'string')) throw new Error('bad error');
  if (!b.w.every((w) => typeof w === 'string')) throw new Error('bad warning');
  if (!b.s.every((x) => Array.isArray(x) && x.length === 2 && isInt(x[0], 1) && !!x[1] && typeof x[1] === 'object')) throw new Error('bad suppression');
  if (b.y !== null && b.y !== undefined && !(isInt(b.y.line, 1) && isInt(b.y.column, 1) && typeof b.y.message === 'string')) throw new Error('bad syntax error');
  if (b.r !== undefined && typeof b.r !== 'string') throw new Error('bad read error');
  const facts: Record<string, unknown> = {};
  for (const [code, i] of Object.entries(b.x)) {
    if (!codes.has(code.replace(/^js:/, '')) || !isInt(i) || i + 1 >= all.length) throw new Error('bad facts reference');
    facts[code] = all[i + 1];
  }
  // one object literal: the same key order as makeFinding's (the JSON output stays byte-identical) and one hidden class
  const findings = b.f.map((row) => {
    const f: Finding = { code: row[0] as string, upgrade: row[1] as string, severity: row[2] as Finding['severity'], message: row[3] as string, path: display, line: row[4] as number, column: row[5] as number, endLine: row[6] as number, endColumn: row[7] as number, fix: row[8] as Finding['fix'] };
    if (row[9] !== null) f.start = row[9] as number;
    if (row[10] !== null) f.end = row[10] as number;
    if (row[11] !== null) f.declined = row[11] as string;
    if (row[12] === 1) f.language = USUAL_LANGUAGE;
    else if (row.length > 12) Object.assign(f, row[12]);
    return f;
  });
  const result: FileResult = {
    findings,
    facts,
    errors: b.e.map((e) => (e.path === P ? { ...e, path: display } : e)),
    warnings: b.w.map((w) => (w.startsWith(P) ? display + w.slice(P.length) : w)),
    lines: b.l,
    suppressions: b.s,
  };
  if (b.y) result.syntaxError = b.y;
  if (typeof b.r === 'string') (result as FileResult & { readError?: string }).readError = b.r;
  return result;
}

/** tmp + rename in the same folder: readers see the old file or the new one, never part of one. */
function writeAtomic(file: string, bytes: Buffer): void {
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.writeFileSync(tmp, bytes, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export interface CleanResult {
  removed: boolean;
  message: string;
  /** true when something that is not our cache was left alone */
  refused?: boolean;
}

/**
 * `cache clean`: in a folder that carries our CACHEDIR.TAG, remove what the
 * cache writes there and nothing else: the packs (`v<N>/<key>.pack`, and
 * the temporaries of a killed run), our `.gitignore` when it is still the
 * one we wrote, the tag, and then the folders if they are left empty.
 * Anything else in the folder (a user's file put there by mistake) stays,
 * and the message says how many such files were left.
 */
export function cleanCache(dir: string): CleanResult {
  const abs = path.resolve(dir);
  const shown = path.relative(process.cwd(), abs) || '.';
  if (!fs.existsSync(abs)) return { removed: false, message: `No cache at ${shown}; nothing to remove.` };
  if (!isOurCache(abs)) return { removed: false, refused: true, message: `${shown} is not an rfsn-upgrade cache (no ${MARKER_FILE} of ours); left alone.` };
  let bytes = 0;
  let files = 0;
  let foreign = 0;
  const remove = (p: string): void => {
    try {
      const st = fs.lstatSync(p);
      fs.unlinkSync(p);
      files++;
      bytes += st.size;
    } catch {
      // vanished (another run's prune), or not ours to force
    }
  };
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const p = path.join(abs, e.name);
    if (e.isDirectory() && PACK_NAME.test(e.name)) {
      for (const f of fs.readdirSync(p, { withFileTypes: true })) {
        if (f.isFile() && PACK_FILE.test(f.name)) remove(path.join(p, f.name));
        else foreign++;
      }
      try {
        fs.rmdirSync(p);
      } catch {
        // not empty: something of the user's is in it
      }
    } else if (e.isFile() && ((e.name === '.gitignore' && readSmall(p) === GITIGNORE_TEXT) || TOP_TEMP.test(e.name))) remove(p);
    else if (e.name !== MARKER_FILE) foreign++;
  }
  if (foreign > 0) {
    // the tag stays with the files we did not write, so the folder is still recognised (and still not scanned by git)
    return { removed: files > 0, message: `Removed the cache's files from ${shown} (${files} file${files === 1 ? '' : 's'}, ${formatBytes(bytes)}); left ${foreign} file${foreign === 1 ? '' : 's'} rfsn-upgrade did not write.` };
  }
  remove(path.join(abs, MARKER_FILE));
  try {
    fs.rmdirSync(abs);
  } catch {
    // a file appeared meanwhile: left with it
  }
  return { removed: true, message: `Removed ${shown} (${files} file${files === 1 ? '' : 's'}, ${formatBytes(bytes)}).` };
}

function readSmall(p: string): string | null {
  try {
    return readRegularText(p, 4096);
  } catch {
    return null;
  }
}

export interface CacheJob {
  abs: string;
  /** the path the run reports (relative to the cwd) */
  display: string;
  /** a miss: the file's stat signature before it was read (statSignature), to store with its result */
  stat?: string | null;
}

export interface CacheHit extends CachedFile {
  job: CacheJob;
  hash: string;
}

/**
 * The run's side of a lookup, for every file before the pool starts: read
 * each file's bytes (files over `maxFileSize`, or unreadable, are left to
 * the worker, which reports them), hash them, and look them up. Returns the
 * hits, and the jobs the workers must still check. A worker must then hash
 * the bytes it read itself (`contentHash(read.bytes)`) and the run store with
 * that hash: the file may have changed between the two reads.
 */
export function lookupFiles(cache: ResultCache, jobs: CacheJob[], ignoredFor: (abs: string) => string[], maxFileSize = Infinity): { hits: CacheHit[]; misses: CacheJob[] } {
  const hits: CacheHit[] = [];
  const misses: CacheJob[] = [];
  for (const job of jobs) {
    let st: fs.Stats;
    try {
      // a FIFO or device would block the read: the worker reports it (`not a regular file`)
      st = fs.statSync(job.abs);
    } catch {
      misses.push(job);
      continue;
    }
    if (!st.isFile() || st.size > maxFileSize) {
      misses.push(job);
      continue;
    }
    const rel = cache.relOf(job.abs);
    const stat = statSignature(st, cache.now);
    // unchanged since its hash was taken (git's index test): looked up without reading it
    const known = cache.hashByStat(rel, stat);
    if (known) {
      const got = cache.lookup(rel, known, job.display, ignoredFor(job.abs));
      if (got) {
        hits.push({ ...got, job, hash: known });
        cache.stats.statHits++;
        continue;
      }
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(job.abs);
    } catch {
      misses.push(job);
      continue;
    }
    const hash = contentHash(bytes);
    const got = cache.lookup(rel, hash, job.display, ignoredFor(job.abs));
    if (got) {
      hits.push({ ...got, job, hash });
      cache.noteStat(rel, hash, stat);
    } else misses.push({ ...job, stat });
  }
  return { hits, misses };
}

/**
 * The caches of one run: a run over several project roots (run.ts's
 * RootRun) has a settings key per root, all in one cache folder, and every
 * entry's path relative to that one `home` (the primary project root), so two
 * roots' `pkg/mod.py` never collide. Roots with the same settings share one
 * ResultCache (one read and one write of their pack).
 */
export class CacheSet {
  private readonly byKey = new Map<string, ResultCache>();
  constructor(
    readonly dir: string | null,
    private readonly home: string,
    private readonly extra: { now?: number; maxAgeDays?: number } = {},
  ) {
    // before any file is read: a folder of the user's is refused (one line, exit 2)
    if (dir) claimCacheDir(dir);
  }

  /** The cache for one root's settings; null when caching is off (--no-cache). */
  for(settings: CacheSettings): ResultCache | null {
    if (!this.dir) return null;
    const root = settings.options.settings.projectRoot;
    const full: CacheSettings = {
      ...settings,
      implementation: settings.implementation ?? implementationHash(),
      projectInputs: settings.projectInputs ?? projectInputs(typeof root === 'string' ? root : process.cwd(), settings.options, settings.rules),
    };
    const key = settingsKey(full);
    let c = this.byKey.get(key);
    if (!c) this.byKey.set(key, (c = ResultCache.open(this.dir, { root: this.home, settings: full, ...this.extra })!));
    return c;
  }

  /** python3's minor version as any pack of the run recorded it for this interpreter; else `ask()`, recorded in every pack. */
  pythonMinor(ask: () => number | null): number | null {
    const caches = [...this.byKey.values()];
    const known = caches.find((c) => c.pythonMinor !== undefined)?.pythonMinor;
    const minor = known !== undefined ? known : ask();
    for (const c of caches) c.pythonMinor = minor;
    return minor;
  }

  /** Hits and misses of this run's lookups, over every pack. */
  get stats(): { hits: number; misses: number } {
    let hits = 0;
    let misses = 0;
    for (const c of this.byKey.values()) {
      hits += c.stats.hits;
      misses += c.stats.misses;
    }
    return { hits, misses };
  }

  /** Flush every pack; returns the warnings of every cache (corrupt packs, unwritable folder), each once. */
  flush(): string[] {
    const out: string[] = [];
    for (const c of this.byKey.values()) {
      c.flush();
      out.push(...c.warnings);
    }
    return [...new Set(out)];
  }
}
