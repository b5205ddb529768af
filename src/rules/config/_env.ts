import fs from 'node:fs';
import path from 'node:path';

/**
 * Shared by CFG001 and the `config-docs` scaffold: what the project's docs
 * mention, and the inventory of environment variables the code reads.
 */

/** One environment read in a file: what CFG001's `facts` returns, a list per file. */
export interface EnvRead {
  name: string;
  /** the default given at the read (a string literal's value, else the expression's source), null when none */
  default: string | null;
  line: number;
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

const tokenCache = new Map<string, Set<string>>();

/** Every identifier-like word of the project's docs (cached per project root for the life of the process). */
export function docsWords(root: string): Set<string> {
  const key = path.resolve(root);
  let words = tokenCache.get(key);
  if (words) return words;
  words = new Set();
  for (const f of docsFiles(key)) {
    let text: string;
    try {
      if (fs.statSync(f).size > MAX_SIZE) continue;
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) words.add(m[0]);
  }
  tokenCache.set(key, words);
  return words;
}

/** For tests: forget what was read. */
export function clearDocsCache(): void {
  tokenCache.clear();
}
