import fs from 'node:fs';
import path from 'node:path';
import { claimCacheDir, MARKER_FILE, resolveCacheDir } from '../engine/cache';
import { loadConfig } from '../engine/config';
import { formatBytes, readRegularFile } from '../core/readfile';
import { sha256, writeAtomic } from '../core/write';
import { ruleByCode } from '../rules/registry';
import { runFixVerified, type RevertedFix, type VerifiedResult, type VerifyOptions } from './bisect';
import { commitUpgrades, type Commit, type WorkTree } from './commit';
import { runFix, type FixId, type FixRunOptions } from './run';

/**
 * The fixes `fix --verify` reverted, remembered in the cache folder (beside
 * the results cache's packs, docs/fix.md), so the next `fix`, with or without
 * --verify, declines them with the tests they broke instead of running the
 * suite again. An entry is keyed by the file's content (the SHA-256 of its
 * bytes: as read before the run, and as fix left it) and by the fix as
 * excludeFix names it (rule code, its main edit's lines before and after): an
 * edit of the file by anyone but fix forgets every entry of that file. Like
 * the packs, nothing in it is believed before its checksum and shape are
 * checked; a store that fails is one warning and is not trusted. Python
 * files only: a JS file's fixes and the project-level fixes cannot be left
 * out one by one (bisect.ts reverts them as a whole).
 */
const REVERTED_FILE = 'reverted-fixes.json';
const FORMAT = 'rfsn-upgrade reverted fixes 1';
/** the temporary files core/write's writeAtomic makes for the store (a killed run may leave one) */
const REVERTED_TEMP = /^\.reverted-fixes\.json\.rfsn-\d+-[0-9a-f]{8}\.tmp$/;
const LIMIT = 16 << 20;

interface Entry {
  /** relative to the project root, with `/` */
  path: string;
  /** the contents of the file this entry holds for (SHA-256 hex) */
  hashes: string[];
  code: string;
  safety: 'safe' | 'unsafe';
  before: string;
  after: string;
  line: number;
  description: string;
  tests: string[];
}

const HASH = /^[0-9a-f]{64}$/;
const isStr = (v: unknown): v is string => typeof v === 'string';

function isEntry(e: unknown): e is Entry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  const segs = isStr(x.path) ? x.path.split('/') : [];
  return (
    segs.length > 0 &&
    !path.isAbsolute(x.path as string) &&
    segs.every((s) => s !== '' && s !== '.' && s !== '..') &&
    Array.isArray(x.hashes) && x.hashes.length > 0 && x.hashes.every((h) => isStr(h) && HASH.test(h)) &&
    isStr(x.code) && /^[A-Z]+\d+$/.test(x.code) &&
    (x.safety === 'safe' || x.safety === 'unsafe') &&
    isStr(x.before) && isStr(x.after) && isStr(x.description) &&
    Number.isInteger(x.line) && (x.line as number) >= 1 &&
    Array.isArray(x.tests) && x.tests.every(isStr)
  );
}

const body = (entries: Entry[]): string => JSON.stringify(entries);
const sameFix = (e: Entry, f: FixId): boolean => e.code === f.code && e.before === f.before && e.after === f.after;

/** The store of one cache folder; `dir` null: --no-cache (nothing read, nothing written). */
class RevertedStore {
  readonly warnings: string[] = [];
  private entries: Entry[] = [];
  private dirty = false;
  /** the SHA-256 of each file's bytes as the run began, by absolute path (null: unreadable) */
  private readonly hashes = new Map<string, string | null>();

  private constructor(
    private readonly dir: string | null,
    private readonly root: string,
  ) {}

  static open(dir: string | null, root: string): RevertedStore {
    const s = new RevertedStore(dir, root);
    if (dir && ours(dir)) s.load(path.join(dir, REVERTED_FILE));
    return s;
  }

  private load(file: string): void {
    let bytes: Buffer;
    try {
      bytes = readRegularFile(file, LIMIT).bytes;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') this.warnings.push(`cache: ${shown(file)}: ${(err as Error).message}; the reverted fixes it holds are not used`);
      return;
    }
    const why = ((): string | null => {
      let doc: unknown;
      try {
        doc = JSON.parse(bytes.toString('utf8'));
      } catch {
        return 'not JSON';
      }
      const d = doc as { format?: unknown; sha256?: unknown; entries?: unknown };
      if (typeof d !== 'object' || d === null || d.format !== FORMAT) return 'not a store of reverted fixes of this format';
      if (!Array.isArray(d.entries) || !isStr(d.sha256) || sha256(Buffer.from(body(d.entries as Entry[]))) !== d.sha256) return 'corrupt (checksum mismatch)';
      if (!d.entries.every(isEntry)) return 'corrupt (an entry of the wrong shape)';
      this.entries = d.entries as Entry[];
      return null;
    })();
    if (why) {
      this.warnings.push(`cache: ${shown(file)} is ${why}; the reverted fixes it held are not used (it is rebuilt)`);
      this.dirty = true;
    }
  }

  private hashOf(abs: string): string | null {
    try {
      return sha256(readRegularFile(abs, LIMIT).bytes);
    } catch {
      return null;
    }
  }

  /** The entries of a file that still holds what they were recorded for. */
  private live(abs: string): Entry[] {
    if (!this.hashes.has(abs)) this.hashes.set(abs, this.entries.some((e) => this.abs(e) === abs) ? this.hashOf(abs) : null);
    const h = this.hashes.get(abs);
    return h ? this.entries.filter((e) => this.abs(e) === abs && e.hashes.includes(h)) : [];
  }

  private abs(e: Entry): string {
    return path.join(this.root, ...e.path.split('/'));
  }

  /** FixRunOptions.exclude: the remembered fixes of a file as it is now. */
  readonly exclude = (abs: string): FixId[] => this.live(abs).map((e) => ({ code: e.code, before: e.before, after: e.after }));

  /**
   * After the run: one warning per remembered fix the run would otherwise
   * have applied (its rule ran and its safety was let through); the fixes
   * --verify just reverted recorded; the contents fix wrote added to the
   * entries of their files (fix's own write is no edit of the user's), and
   * the entries of files that changed otherwise dropped.
   */
  finish(result: VerifiedResult, unsafe: boolean): void {
    const ran = new Set(result.rules.map((r) => r.code));
    for (const o of result.outcomes) {
      for (const e of this.live(o.abs)) {
        if (!ran.has(e.code) || (e.safety === 'unsafe' && !unsafe)) continue;
        const line = lineOf(o.abs, e.before) ?? e.line;
        this.warnings.push(`${o.path}:${line}: ${e.code} not fixed: fix --verify reverted this fix (${e.description}): it broke ${e.tests.join(', ')}; it is offered again once the file changes`);
      }
    }
    // the files fix wrote: their new content keeps the entries they had
    for (const o of result.outcomes) {
      if (!o.written) continue;
      const had = this.live(o.abs);
      const now = this.hashOf(o.abs);
      if (!now) continue;
      for (const e of had) {
        if (!e.hashes.includes(now)) {
          e.hashes.push(now);
          this.dirty = true;
        }
      }
      this.hashes.set(o.abs, now);
    }
    // what --verify just reverted (a run that did not end green proved nothing), by the file as read and as left
    const reverted = result.verify?.green ? result.verify.reverted : [];
    const outcomeOf = new Map(result.outcomes.map((o) => [o.path, o]));
    for (const r of reverted) {
      const o = outcomeOf.get(r.path);
      if (!o || ruleByCode(r.code)?.projectFix) continue;
      this.record(o.abs, o.sha256, r);
    }
    const kept = this.entries.filter((e) => this.live(this.abs(e)).includes(e));
    if (kept.length !== this.entries.length) {
      this.entries = kept;
      this.dirty = true;
    }
  }

  private record(abs: string, readSha: string | undefined, r: RevertedFix): void {
    const now = this.hashOf(abs);
    const hashes = [...new Set([readSha, now].filter((h): h is string => !!h))];
    const rel = path.relative(this.root, abs);
    if (!hashes.length || rel.startsWith('..') || path.isAbsolute(rel)) return;
    const entry: Entry = { path: rel.split(path.sep).join('/'), hashes, code: r.code, safety: r.safety, before: r.fix.before, after: r.fix.after, line: r.line, description: r.description, tests: r.tests };
    this.entries = this.entries.filter((e) => !(e.path === entry.path && sameFix(e, r.fix)));
    this.entries.push(entry);
    if (now) this.hashes.set(abs, now);
    this.dirty = true;
  }

  /** Write the store when something changed (only into a cache folder that is the cache's own). */
  save(): void {
    if (!this.dir || !this.dirty) return;
    if (!ours(this.dir)) {
      if (this.entries.length) this.warnings.push(`cache: the reverted fixes are not remembered: ${shown(this.dir)} holds no results cache of this run`);
      return;
    }
    const text = body(this.entries);
    const bytes = Buffer.from(JSON.stringify({ format: FORMAT, sha256: sha256(Buffer.from(text)), entries: this.entries }));
    const file = path.join(this.dir, REVERTED_FILE);
    try {
      if (fs.existsSync(file)) writeAtomic(file, bytes);
      else fs.writeFileSync(file, bytes, { flag: 'wx' });
    } catch (err) {
      this.warnings.push(`cache: cannot write ${shown(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}

/** The cache folder exists and carries our tag (claimCacheDir lets a tagged folder through only when the tag is ours). */
function ours(dir: string): boolean {
  if (!fs.existsSync(path.join(dir, MARKER_FILE))) return false;
  try {
    claimCacheDir(dir);
    return true;
  } catch {
    return false;
  }
}

const shown = (p: string): string => path.relative(process.cwd(), p) || '.';

/** Where a fix's `before` lines stand in the file now (other fixes may have moved them). */
function lineOf(abs: string, before: string): number | null {
  try {
    const text = fs.readFileSync(abs, 'utf8').replace(/\r/g, '');
    const at = text.indexOf(before);
    return at < 0 ? null : text.slice(0, at).split('\n').length;
  } catch {
    return null;
  }
}

/**
 * `fix`, with or without --verify, through the store: the remembered fixes
 * left out and reported, the ones --verify reverts remembered; with a work
 * tree (--commit), what was written committed upgrade by upgrade.
 */
export async function runFixRemembering(opts: FixRunOptions, verify: VerifyOptions | null, commit: WorkTree | null = null): Promise<VerifiedResult & { commits?: Commit[] }> {
  let root: string | null = null;
  try {
    root = loadConfig(opts.paths[0] ?? '.', opts.configFile).projectRoot;
  } catch {
    // a configuration error: the run itself reports it
  }
  const store = RevertedStore.open(opts.cacheDir === null || !root ? null : resolveCacheDir(root, opts.cacheDir ?? undefined), root ?? process.cwd());
  const run = { ...opts, exclude: store.exclude };
  const result: VerifiedResult & { commits?: Commit[] } = verify ? await runFixVerified(run, verify) : await runFix(run);
  // --commit with --verify: only what a green run kept
  if (commit && (!result.verify || result.verify.kept)) result.commits = await commitUpgrades(commit, run, result, result.verify?.kept);
  store.finish(result, opts.unsafe);
  if (opts.write) store.save();
  result.warnings.push(...store.warnings);
  return result;
}

/** `cache clean`: remove the store and a killed run's temporaries of it, when the folder is the cache's own. */
export function cleanReverted(dir: string): string | null {
  if (!ours(dir)) return null;
  let files = 0;
  let bytes = 0;
  for (const name of fs.readdirSync(dir)) {
    if (name !== REVERTED_FILE && !REVERTED_TEMP.test(name)) continue;
    const p = path.join(dir, name);
    try {
      const st = fs.lstatSync(p);
      if (!st.isFile()) continue;
      fs.unlinkSync(p);
      files++;
      bytes += st.size;
    } catch {
      // gone meanwhile
    }
  }
  return files ? `Removed the reverted fixes fix --verify remembered (${files} file${files === 1 ? '' : 's'}, ${formatBytes(bytes)}).` : null;
}
