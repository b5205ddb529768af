import fs from 'node:fs';
import path from 'node:path';
import type { Node } from '../../python/parser';
import type { Fix, RuleContext } from '../../rules/types';
import { addFromImport } from '../../python/import-edit';
import { noteUnfixed } from '../notes';

/**
 * `with sqlite3.connect(X) as c:` → `with get_pool(X).connection() as c:` plus
 * `from <pool module> import get_pool`, when the project has a pool module
 * (the `pool-module` setting, or a `db_pool.py` / `pool.py` defining `get_pool`,
 * as `rfsn-upgrade scaffold pool` writes it). Both context managers commit on
 * success and roll back on an exception; the pool's also hands the connection
 * back instead of leaving it open. Other shapes are reported only.
 */
const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'build', 'dist', '.tox', 'site-packages']);
const found = new Map<string, string | null>();

function dotted(rel: string, root: string): string {
  const parts = rel.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/');
  // src layout: the package lives under src/ but is imported without it
  if (parts[0] === 'src' && fs.existsSync(path.join(root, 'src')) && !fs.existsSync(path.join(root, 'src', '__init__.py'))) parts.shift();
  return parts.join('.');
}

/** The dotted name of the project's pool module, or null. Looked up once per project root. */
export function poolModule(settings: Record<string, unknown>): string | null {
  const root = typeof settings.projectRoot === 'string' ? settings.projectRoot : process.cwd();
  const setting = typeof settings['pool-module'] === 'string' ? (settings['pool-module'] as string).trim() : '';
  if (setting && !/[/*?[]/.test(setting) && !setting.endsWith('.py')) return setting;
  const key = `${root}\0${setting}`;
  if (found.has(key)) return found.get(key)!;
  let result: string | null = null;
  const want = setting ? path.basename(setting) : null;
  const walk = (dir: string, depth: number): void => {
    if (result || depth > 5) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (result) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
      } else if (want ? e.name === want : e.name === 'db_pool.py' || e.name === 'pool.py') {
        try {
          if (/^def get_pool\(/m.test(fs.readFileSync(p, 'utf8'))) result = dotted(path.relative(root, p).split(path.sep).join('/'), root);
        } catch {
          // unreadable: not our pool
        }
      }
    }
  };
  walk(root, 0);
  found.set(key, result);
  return result;
}

export function poolFix(call: Node, ctx: RuleContext): Fix | null {
  const module = poolModule(ctx.options.settings);
  if (!module) {
    noteUnfixed(ctx.file, 'DB001', 'the project has no pool module yet (rfsn-upgrade scaffold pool)');
    return null;
  }
  const parent = call.parent;
  const inWith = parent?.type === 'with_item' || (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item');
  const args = call.childForFieldName('arguments');
  const items = args?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  if (!inWith || items.length !== 1 || items[0].type === 'keyword_argument' || items[0].type === 'list_splat' || items[0].type === 'dictionary_splat') {
    noteUnfixed(ctx.file, 'DB001', 'only `with sqlite3.connect(path) as conn:` is rewritten; other calls need a person');
    return null;
  }
  const imp = addFromImport(ctx.file, ctx.names, module, 'get_pool');
  if (imp === undefined) {
    noteUnfixed(ctx.file, 'DB001', "the name 'get_pool' is already bound to something else");
    return null;
  }
  return {
    safety: 'unsafe',
    description: `take the connection from ${module}.get_pool()`,
    edits: [...(imp ? [imp] : []), { start: call.startIndex, end: call.endIndex, text: `get_pool(${items[0].text}).connection()` }],
  };
}
