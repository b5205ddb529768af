import fs from 'node:fs';
import path from 'node:path';
import { readRegularText } from '../../core/readfile';
import type { EnvInventory } from '../../core/rule';

/**
 * Shared by CFG001 and the `config-docs` scaffold: what the project's docs
 * mention, and the inventory of environment variables the code reads.
 */

/**
 * One environment read in a file: what CFG001's `facts` returns, a list per
 * file. This is the project's one inventory of environment variables: CFG001
 * reports from it and `scaffold config-docs` writes its table from it.
 */
export interface EnvRead {
  /** null when the name is computed at run time (`os.getenv(NAME)`): then `code` is the read's source */
  name: string | null;
  /** the default given at the read (a string literal's value, else the expression's source), null when none */
  default: string | null;
  line: number;
  /** how it is read: `os.getenv`, `environ.get`, `environ.setdefault`, `environ["X"]`, or `"X" in environ` */
  how?: 'getenv' | 'environ.get' | 'environ.setdefault' | 'environ[]' | 'in environ';
  /** the default's source text (`"8080"`, `2.5`), null when none */
  source?: string | null;
  /** the type the read suggests (int, float, bool, list, path, decimal, str), from its use or its default; null when nothing says */
  type?: string | null;
  code?: string;
}

/**
 * Variables that the operating system, the shell, Python itself or a CI
 * system sets: reading them needs no docs of the project's own (CFG001 leaves
 * them out; config-docs still lists them as read). Exact names, then prefixes.
 */
const PLATFORM_VARIABLES: ReadonlySet<string> = new Set([
  // POSIX and the shell
  'HOME', 'PATH', 'USER', 'LOGNAME', 'USERNAME', 'SHELL', 'TERM', 'PWD', 'OLDPWD', 'HOSTNAME', 'TMPDIR', 'TEMP', 'TMP', 'TZ',
  'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'COLUMNS', 'LINES', 'EDITOR', 'VISUAL', 'PAGER', 'DISPLAY', 'SSH_AUTH_SOCK',
  'NO_COLOR', 'FORCE_COLOR', 'CLICOLOR', 'TERM_PROGRAM',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  // Windows
  'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'SYSTEMROOT', 'SystemRoot', 'COMSPEC', 'PATHEXT', 'PROGRAMFILES', 'WINDIR', 'COMPUTERNAME', 'USERDOMAIN',
  // Python and its environments
  'VIRTUAL_ENV', 'CONDA_PREFIX', 'CONDA_DEFAULT_ENV', 'PYTEST_CURRENT_TEST',
  // CI systems
  'CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'JENKINS_URL', 'TF_BUILD', 'HEROKU_APP_NAME',
]);

const PLATFORM_PREFIXES: readonly string[] = [
  'XDG_', 'PYTHON', // XDG base directories; PYTHONPATH, PYTHONUNBUFFERED, ... (documented by Python)
  'GITHUB_', 'RUNNER_', 'ACTIONS_', // GitHub Actions: GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, ...
  'GITLAB_', 'CI_', // GitLab CI: CI_COMMIT_SHA, CI_JOB_TOKEN, ...
  'BUILDKITE_', 'CIRCLE_', 'TRAVIS_', 'BITBUCKET_', 'TEAMCITY_', 'APPVEYOR_', 'DRONE_', 'JENKINS_', // other CI
];

/** True for a variable the platform sets (see PLATFORM_VARIABLES / PLATFORM_PREFIXES), which needs no project docs. */
export function isPlatformVariable(name: string): boolean {
  return PLATFORM_VARIABLES.has(name) || PLATFORM_PREFIXES.some((p) => name.startsWith(p));
}

export interface EnvVariable {
  name: string;
  /** the first default found among the reads, null when every read has none */
  default: string | null;
  reads: Array<{ path: string; line: number }>;
}

/**
 * The project's environment variables from a scan's per-file facts
 * (path -> rule code -> facts, with CFG001 selected): one entry per variable,
 * sorted by name, with every place that reads it.
 */
export function configInventory(facts: Map<string, Record<string, unknown>>): EnvVariable[] {
  const byName = new Map<string, EnvVariable>();
  for (const p of [...facts.keys()].sort()) {
    const reads = facts.get(p)?.CFG001;
    if (!Array.isArray(reads)) continue;
    for (const r of reads as EnvRead[]) {
      if (r.name === null || r.how === 'in environ') continue;
      let v = byName.get(r.name);
      if (!v) byName.set(r.name, (v = { name: r.name, default: null, reads: [] }));
      if (v.default === null && r.default !== null) v.default = r.default;
      v.reads.push({ path: p, line: r.line });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const DOC_EXT = /\.(md|markdown|rst|txt)$/i;
const ROOT_DOC = /^(readme|changelog|changes|history|news|contributing|configuration|config|install|usage|deploy(ment)?)\b|^\.?env\.(example|sample|template|dist)$/i;
const DOC_DIRS = ['docs', 'doc', 'documentation'];
const SKIP_DIRS = new Set(['node_modules', '_build', 'build', 'site-packages', '__pycache__']);
const MAX_FILES = 5000;
const MAX_SIZE = 2_000_000;

/** The docs files of a project: Markdown/RST/text files at its root (README*, CHANGELOG*, ...) and under docs/, doc/, documentation/. */
export function docsFiles(root: string): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) if (e.isFile() && (DOC_EXT.test(e.name) || ROOT_DOC.test(e.name))) out.push(path.join(root, e.name));
  const walk = (dir: string, depth: number): void => {
    if (depth > 8 || out.length >= MAX_FILES) return;
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of list) {
      if (out.length >= MAX_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) walk(p, depth + 1);
      } else if (e.isFile() && DOC_EXT.test(e.name)) out.push(p);
    }
  };
  for (const d of DOC_DIRS) {
    const p = path.join(root, d);
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) walk(p, 0);
  }
  return out;
}

const tokenCache = new Map<string, { signature: string; words: Set<string> }>();

/**
 * Every identifier-like word of the project's docs, kept per project root
 * while its docs files stay as they were (paths, sizes, mtimes): one process
 * can run twice (fix, then the scan of its summary after writing MIGRATION.md),
 * and the second run must see the docs the first one wrote.
 */
export function docsWords(root: string): Set<string> {
  const key = path.resolve(root);
  const files = docsFiles(key);
  const signature = files.map((f) => {
    try {
      const st = fs.statSync(f);
      return `${f}\0${st.size}\0${st.mtimeMs}`;
    } catch {
      return f;
    }
  }).join('\n');
  const known = tokenCache.get(key);
  if (known && known.signature === signature) return known.words;
  const words = new Set<string>();
  for (const f of files) {
    let text: string;
    try {
      text = readRegularText(f, MAX_SIZE);
    } catch {
      continue; // unreadable, special or too big: no words from it
    }
    for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) words.add(m[0]);
  }
  tokenCache.set(key, { signature, words });
  return words;
}

/** For tests: forget what was read. */
export function clearDocsCache(): void {
  tokenCache.clear();
}

const TEST_DIRS = new Set(['tests', 'test', 'testing']);

/** A test file: under tests/, test/ or testing/, or named test_*.py, *_test.py, conftest.py. */
function isTestFile(relPath: string): boolean {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1];
  return parts.slice(0, -1).some((p) => TEST_DIRS.has(p)) || name.startsWith('test_') || name.endsWith('_test.py') || name === 'conftest.py';
}

/**
 * The inventory of a project from CFG001's facts per file (path relative to
 * the project root -> the file's reads): one entry per variable, sorted by
 * name, its type the first specific one its reads suggest (else bool when it
 * is only ever checked for presence, else str).
 */
export function envInventory(factsByPath: Map<string, EnvRead[]>): EnvInventory {
  const byName = new Map<string, { reads: Array<EnvRead & { path: string }> }>();
  const dynamic: EnvInventory['dynamic'] = [];
  for (const p of [...factsByPath.keys()].sort()) {
    for (const r of factsByPath.get(p) ?? []) {
      if (r.name === null) {
        dynamic.push({ path: p, line: r.line, code: r.code ?? '' });
        continue;
      }
      let v = byName.get(r.name);
      if (!v) byName.set(r.name, (v = { reads: [] }));
      v.reads.push({ ...r, path: p });
    }
  }
  const variables: EnvInventory['variables'] = [];
  for (const name of [...byName.keys()].sort()) {
    const reads = byName.get(name)!.reads.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    const defaults = [...new Set(reads.map((r) => r.source).filter((s): s is string => !!s))];
    const types = reads.map((r) => r.type).filter((t): t is string => !!t);
    const specific = types.find((t) => t !== 'str');
    const presence = reads.some((r) => r.how === 'in environ');
    const onlyPresence = reads.every((r) => r.how === 'in environ');
    variables.push({
      name,
      defaults,
      type: specific ?? (onlyPresence ? 'bool' : 'str'),
      required: reads.some((r) => r.how === 'environ[]') && !presence && defaults.length === 0,
      tests_only: reads.every((r) => isTestFile(r.path)),
      reads: reads.map((r) => ({ path: r.path, line: r.line, how: r.how ?? 'getenv', test: isTestFile(r.path) })),
    });
  }
  return { variables, dynamic };
}
