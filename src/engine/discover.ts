import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../core/errors';
import { rel } from './config';
import { FileReadError, MANIFEST_LIMIT, readRegularText } from '../core/readfile';
import { toPosix } from '../core/paths';
import { LANGUAGES, type Language } from '../core/language';
import { ADAPTERS } from './languages';

/**
 * Which files a run reads. Folders are walked, honouring git's rules (see
 * Repo: ignore patterns with negation across nested .gitignore files,
 * info/exclude, core.excludesFile, tracked files always in), the default
 * excludes and config `exclude` (gitignore syntax, relative to the project
 * root), which both win over git. Symlinked folders are followed only inside
 * the tree being scanned, and each real folder is entered once, so a link loop
 * cannot hang the walk.
 */
export const DEFAULT_EXCLUDES = ['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'build', 'dist', '.tox', 'site-packages', '.mypy_cache', '.ruff_cache', '.pytest_cache', '.hg', '.svn'];

export interface DiscoverOptions {
  exclude?: string[];
  projectRoot: string;
  /** file name endings to collect when walking folders (default: those of `languages`) */
  extensions?: string[];
  /** the languages whose files a walk collects (`--language`): default both, Python's `.py` and JS/TS's `.ts .tsx .mts .cts .js .jsx .mjs .cjs` (not `.d.ts`, not `*.min.js`) */
  languages?: Language[];
}

/** `--language python|js|all` as the languages discovery collects. */
export function languagesOf(flag: string | undefined): Language[] {
  if (flag === undefined || flag === 'all') return [...LANGUAGES];
  if ((LANGUAGES as string[]).includes(flag)) return [flag as Language];
  throw new UsageError(`--language must be python, js or all, not '${flag}'`);
}

/** Whether a walk collects this file name: one of the endings, and not one a language's ending names but that language does not read (a `.d.ts`, a `.min.js`). */
function collects(name: string, exts: string[]): boolean {
  if (!exts.some((x) => name.endsWith(x))) return false;
  return !ADAPTERS.some((a) => a.extensions.some((x) => name.endsWith(x)) && !a.owns(name));
}

export interface Discovered {
  files: string[]; // absolute paths, sorted, unique
  /** paths that could not be walked, and pattern files that could not be read (a .gitignore that is a FIFO or too big): one line each, the run goes on */
  errors: Array<{ path: string; message: string }>;
}

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

/**
 * Git's rules for which files a repository holds: patterns from
 * core.excludesFile, then .git/info/exclude, then each folder's .gitignore
 * from the top down; the last pattern that matches decides, so a deeper
 * `!*.py` re-includes what `*.py` at the root left out. A file git tracks is
 * part of the repository whatever the patterns say. A nested repository (a
 * submodule, a clone inside the tree) has rules of its own. Git reads these
 * files itself with no guard (a FIFO .gitignore hangs `git ls-files
 * --exclude-standard`, a sparse 3 GB one crashed it), so the patterns are read
 * here, through readRegularText, and git is asked only for its index and its
 * config, which read no .gitignore.
 */
interface Repo {
  root: string;
  /** core.excludesFile and .git/info/exclude, lowest first */
  base: IgnoreLayer[];
  /** whether git tracks this file, or a file inside this folder (an ignored folder holding one is still entered) */
  tracks: (abs: string, isDir: boolean) => boolean;
}

function ignoredBy(layers: IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { dir, ig } = layers[i];
    let r = path.relative(dir, abs);
    if (!r || r.startsWith('..')) continue;
    r = r.split(path.sep).join('/');
    const t = ig.test(isDir ? `${r}/` : r);
    if (t.ignored) return true;
    if (t.unignored) return false;
  }
  return false;
}

/**
 * Whether config `exclude` (gitignore syntax, relative to the project root)
 * leaves out the file `abs`, as it leaves out a file named on the command
 * line: for a text judged as that file (stdin, an editor buffer).
 */
export function excludedByConfig(abs: string, exclude: string[] | undefined, projectRoot: string): boolean {
  return !!exclude?.length && ignoredBy([{ dir: projectRoot, ig: ignore().add(exclude) }], abs, false);
}

/** The nearest folder at or above `from` that holds `.git`, or null. */
export function gitRoot(from: string): string | null {
  for (let d = from; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** Bounded, so a git that hangs (a FIFO as .git/config) costs this much and discovery goes on by the patterns alone. */
const GIT_TIMEOUT_MS = 20_000;

function git(cwd: string, args: string[]): Buffer | null {
  const r = spawnSync('git', args, { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.error || r.status !== 0 ? null : r.stdout;
}

export function discover(paths: string[], opts: DiscoverOptions): Discovered {
  const langs = opts.languages ?? LANGUAGES;
  const exts = opts.extensions ?? ADAPTERS.filter((a) => langs.includes(a.language)).flatMap((a) => a.extensions);
  const files = new Set<string>();
  const seenReal = new Set<string>();
  const linkedFiles = new Map<string, string>(); // real target -> link path
  const errors: Discovered['errors'] = [];
  const excludeLayer: IgnoreLayer = { dir: opts.projectRoot, ig: ignore().add(opts.exclude ?? []) };
  const excludeLayers = opts.exclude?.length ? [excludeLayer] : [];
  const excluded = (abs: string, isDir: boolean): boolean => ignoredBy(excludeLayers, abs, isDir);
  const defaults = new Set(DEFAULT_EXCLUDES);
  const repos = new Map<string, Repo>();

  /**
   * A pattern file as a layer, or null when there is none. One that cannot be
   * read (a FIFO, a device, too big) is one error line and passed over: the
   * files it would have left out may then be read, so the run is not clean.
   */
  function loadPatterns(file: string, dir: string): IgnoreLayer | null {
    try {
      return { dir, ig: ignore().add(readRegularText(file, MANIFEST_LIMIT)) };
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err;
      if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') errors.push({ path: rel(file), message: `${err.message}; its patterns are not applied` });
      return null;
    }
  }

  /** The repository whose top is `root`, asked of git once per run. */
  function repoAt(root: string): Repo {
    let repo = repos.get(root);
    if (repo) return repo;
    // asked only when a pattern ignores something: most walks never need the index
    let index: { files: Set<string>; dirs: Set<string> } | null = null;
    const tracks = (abs: string, isDir: boolean): boolean => {
      index ??= trackedFiles(root);
      const r = toPosix(path.relative(root, abs));
      return index.files.has(r) || (isDir && index.dirs.has(r));
    };
    repo = { root, base: [], tracks };
    repos.set(root, repo);
    const excludesFile = git(root, ['config', '-z', '--path', '--get', 'core.excludesFile'])?.toString('utf8').replace(/\0$/, '') || defaultExcludesFile();
    const global = excludesFile ? loadPatterns(path.resolve(root, excludesFile), root) : null;
    const info = infoExclude(root);
    const local = info ? loadPatterns(info, root) : null;
    repo.base = [global, local].filter((l): l is IgnoreLayer => l !== null);
    return repo;
  }

  /** Where git keeps info/exclude for the work tree at `root`: .git/info, or the common folder a `.git` file leads to (worktrees, submodules). */
  function infoExclude(root: string): string | null {
    const dotGit = path.join(root, '.git');
    let gitDir = dotGit;
    try {
      if (!fs.statSync(dotGit).isDirectory()) {
        const m = /^gitdir: (.+)$/m.exec(readRegularText(dotGit, 4096));
        if (!m) return null;
        gitDir = path.resolve(root, m[1].trim());
        const common = path.join(gitDir, 'commondir');
        if (fs.existsSync(common)) gitDir = path.resolve(gitDir, readRegularText(common, 4096).trim());
      }
    } catch {
      return null;
    }
    return path.join(gitDir, 'info', 'exclude');
  }

  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        errors.push({ path: rel(abs), message: 'symlink loop; skipped' });
        continue;
      }
      throw new UsageError(`path does not exist: ${p}`);
    }
    if (!st.isDirectory()) {
      // a file named on the command line is read whatever its ending, unless config excludes it
      if (!excluded(abs, false)) files.add(abs);
      continue;
    }
    const treeReal = safeRealpath(abs) ?? abs;
    // the repository's patterns and .gitignore files from its top down to this folder apply too
    const root = gitRoot(abs);
    const repo = root ? repoAt(root) : null;
    const layers: IgnoreLayer[] = [];
    if (repo) {
      const chain: IgnoreLayer[] = [...repo.base];
      for (let d = abs; d.startsWith(repo.root); d = path.dirname(d)) {
        if (d !== abs) {
          const l = loadPatterns(path.join(d, '.gitignore'), d);
          if (l) chain.splice(repo.base.length, 0, l);
        }
        if (d === repo.root) break;
      }
      // a folder named on the command line is scanned even if a pattern above it ignores it
      for (const l of chain) if (!ignoredBy([l], abs, true)) layers.push(l);
    }
    walk(abs, layers, repo, false);

    /**
     * `ignoredAbove`: this folder is ignored and entered only for the files
     * git tracks in it; git never reads patterns inside an ignored folder,
     * and nothing untracked there is taken.
     */
    function walk(dir: string, inherited: IgnoreLayer[], repo: Repo | null, ignoredAbove: boolean): void {
      const real = safeRealpath(dir);
      if (!real) {
        errors.push({ path: rel(dir), message: 'cannot resolve folder; skipped' });
        return;
      }
      if (seenReal.has(real)) return; // already walked through another link: loops end here
      seenReal.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        errors.push({ path: rel(dir), message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        return;
      }
      if (dir !== abs && entries.some((e) => e.name === '.git')) {
        // a nested repository: its own index and patterns, none of the outer ones (as git sees it)
        repo = repoAt(dir);
        inherited = repo.base;
        ignoredAbove = false;
      }
      const own = ignoredAbove || !entries.some((e) => e.name === '.gitignore') ? null : loadPatterns(path.join(dir, '.gitignore'), dir);
      const layers = own ? [...inherited, own] : inherited;
      // whether the patterns leave this out (it may still be tracked)
      const ignored = (child: string, isDir: boolean): boolean => ignoredAbove || ignoredBy(layers, child, isDir);
      const skip = (child: string, isDir: boolean, isIgnored = ignored(child, isDir)): boolean => excluded(child, isDir) || (isIgnored && !repo?.tracks(child, isDir));
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const child = path.join(dir, e.name);
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          const target = safeRealpath(child);
          if (!target) {
            errors.push({ path: rel(child), message: 'broken or looping symlink; skipped' });
            continue;
          }
          if (target !== treeReal && !target.startsWith(treeReal + path.sep)) continue; // never leave the tree
          try {
            const st2 = fs.statSync(child);
            isDir = st2.isDirectory();
            isFile = st2.isFile();
          } catch {
            continue;
          }
          if (isFile) {
            // a link to a file: read it once, under its real name when that is scanned too
            if (collects(e.name, exts) && !skip(child, false)) linkedFiles.set(target, child);
            continue;
          }
        }
        if (isDir) {
          if (defaults.has(e.name) || e.name.endsWith('.egg-info')) continue;
          const isIgnored = ignored(child, true);
          if (skip(child, true, isIgnored)) continue;
          // an ignored folder is entered only for the files git tracks in it
          walk(child, layers, repo, isIgnored);
        } else if (isFile) {
          if (!collects(e.name, exts)) continue;
          if (skip(child, false)) continue;
          files.add(child);
        }
      }
    }
  }
  if (linkedFiles.size) {
    const real = new Set([...files].map((f) => safeRealpath(f) ?? f));
    for (const [target, link] of linkedFiles) if (!real.has(target)) files.add(link);
  }
  return { files: [...files].sort(), errors };
}

/**
 * The paths git's index holds under `root` (`/`-separated, relative to it) and
 * the folders above them; none when git is absent or fails (not a repository
 * after all, a safe.directory refusal): then the patterns alone decide.
 */
function trackedFiles(root: string): { files: Set<string>; dirs: Set<string> } {
  const files = new Set<string>();
  const dirs = new Set<string>();
  // -z: names as they are (spaces, newlines, bytes that are not UTF-8), never quoted; --stage lists submodules too
  const out = git(root, ['ls-files', '-z', '--stage']);
  for (const entry of out ? out.toString('utf8').split('\0') : []) {
    const name = entry.slice(entry.indexOf('\t') + 1);
    if (!name || files.has(name)) continue; // a conflicted file is listed once per stage
    files.add(name);
    for (let i = name.lastIndexOf('/'); i > 0 && !dirs.has(name.slice(0, i)); i = name.lastIndexOf('/', i - 1)) dirs.add(name.slice(0, i));
  }
  return { files, dirs };
}

/** Where git looks for core.excludesFile when it is not set: $XDG_CONFIG_HOME/git/ignore, else ~/.config/git/ignore. */
function defaultExcludesFile(): string | null {
  const xdg = process.env.XDG_CONFIG_HOME;
  if (xdg) return path.join(xdg, 'git', 'ignore');
  const home = process.env.HOME;
  return home ? path.join(home, '.config', 'git', 'ignore') : null;
}

function safeRealpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}
