import { z } from 'zod';
import type { FixResult } from '../../core/finding';
import { ruleOptions } from '../../core/rule';
import { addFromImport } from '../../lang/python/import-edit';
import { importedQualifiedName } from '../../lang/python/imports';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { isConfiguredPoolModule, poolModule, projectPath } from './_pool';

const CONNECT = new Set(['sqlite3.connect', 'sqlite3.dbapi2.connect']);

const OPTIONS = {
  /** the project's pool module: a dotted module, or a path glob relative to the project root */
  'pool-module': z.string().optional(),
};

/**
 * `with sqlite3.connect(X) as c:` → `with get_pool(X).connection() as c:` plus
 * `from <pool module> import get_pool`, when the project has a pool module.
 * Both context managers commit on success and roll back on an exception; the
 * pool's also hands the connection back instead of leaving it open. Other
 * shapes are reported only, and the fix says why.
 */
function poolFix(call: Node, ctx: PythonContext, poolSetting: string | undefined): FixResult {
  const module = poolModule(ctx.options.settings.projectRoot, poolSetting);
  if (!module) return { declined: 'the project has no pool module yet (rfsn-upgrade scaffold pool)' };
  const parent = call.parent;
  const inWith = parent?.type === 'with_item' || (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item');
  const args = call.childForFieldName('arguments');
  const items = args?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  if (!inWith || items.length !== 1 || items[0].type === 'keyword_argument' || items[0].type === 'list_splat' || items[0].type === 'dictionary_splat') {
    return { declined: 'only `with sqlite3.connect(path) as conn:` is rewritten; other calls need a person' };
  }
  const imp = addFromImport(ctx.file, ctx.names, module, 'get_pool');
  if (imp === undefined) return { declined: "the name 'get_pool' is already bound to something else" };
  return {
    safety: 'unsafe',
    description: `take the connection from ${module}.get_pool()`,
    edits: [...(imp ? [imp] : []), { start: call.startIndex, end: call.endIndex, text: `get_pool(${items[0].text}).connection()` }],
  };
}

export const rule: PythonRuleDef = {
  code: 'DB001',
  followUp: 'Make sure the pool module is imported where the connection is opened, and size the pool (`pool_size`) for the number of threads.',
  // the fix needs the project's pool module: its appearance or move changes every file's result
  cacheInputs: (root, options) => {
    const setting = options.settings['pool-module'];
    return poolModule(root, typeof setting === 'string' ? setting : undefined) ?? '';
  },
  name: 'sqlite-connect-outside-pool',
  upgrade: 'U03',
  severity: 'medium',
  summary: 'sqlite3.connect() outside the project\'s connection pool module',
  fixable: 'unsafe',
  options: OPTIONS,
  docs: `## What it does
Flags each \`sqlite3.connect(...)\` call (also \`from sqlite3 import connect\` and
aliases such as \`import sqlite3 as db\`) made outside the module that holds the
project's connection pool.

The pool module is the one named by the \`pool-module\` setting, or, when that is
not set, any module that defines a \`get_pool\` function or a class with "Pool"
in its name that calls \`sqlite3.connect\` itself. Calls inside the pool module
are how the pool opens its connections and are not flagged.

## Why is this bad?
Opening a connection per operation repeats the file open, the schema read and
the PRAGMA setup each time, and many short-lived writers contend for SQLite's
lock ("database is locked"). A pool keeps a bounded set of configured
connections (WAL mode, busy timeout) and hands them out.

## Example
\`\`\`python
def save(task):
    with sqlite3.connect("tasks.db") as conn:
        conn.execute("insert into tasks values (?)", (task,))
\`\`\`

## Use instead
\`\`\`python
from myapp.db_pool import get_pool

def save(task):
    with get_pool("tasks.db").connection() as conn:
        conn.execute("insert into tasks values (?)", (task,))
\`\`\`
\`rfsn-upgrade scaffold pool\` writes such a module with its tests.

## Fix safety
Unsafe, and only once the project has a pool module (the \`pool-module\`
setting, or a \`db_pool.py\`/\`pool.py\` defining \`get_pool\`, as
\`rfsn-upgrade scaffold pool\` writes it): \`with sqlite3.connect(X) as c:\`
becomes \`with get_pool(X).connection() as c:\` and \`get_pool\` is imported.
Both commit on success and roll back on an exception; the pooled connection is
handed back instead of staying open. A connection kept beyond a \`with\` block
must be given back, so other call sites need a human and are reported only.

## Options
\`\`\`toml
[tool.rfsn-upgrade]
pool-module = "myapp.db_pool"      # dotted module, or a path glob: "src/myapp/db_pool.py"
\`\`\`

## References
- SQLite, "Write-Ahead Logging" and \`busy_timeout\`; Python \`sqlite3\` docs`,
  python: {
    create(ctx): PythonHandlers {
      if (!ctx.file.text.includes('sqlite3')) return {};
      const poolSetting = ruleOptions(ctx.options, OPTIONS)['pool-module'];
      const connects: Node[] = [];
      let definesGetPool = false;
      const poolClasses: Array<[number, number]> = [];
      /** Is this file the project's pool module: configured as such, or (without configuration) defining one? */
      const isPoolModule = (): boolean => {
        if (poolSetting?.trim()) return isConfiguredPoolModule(poolSetting, projectPath(ctx.file, ctx.options.settings.projectRoot));
        if (definesGetPool) return true;
        return connects.some((c) => poolClasses.some(([s, e]) => s <= c.startIndex && c.startIndex < e));
      };
      return {
        function_definition(node) {
          if (node.childForFieldName('name')?.text === 'get_pool') definesGetPool = true;
        },
        class_definition(node) {
          if (node.childForFieldName('name')?.text.includes('Pool')) poolClasses.push([node.startIndex, node.endIndex]);
        },
        call(node) {
          const fn = node.childForFieldName('function');
          if (!fn) return;
          const last = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.type === 'identifier' ? 'connect' : null;
          if (last !== 'connect') return;
          const q = importedQualifiedName(fn, ctx.names);
          if (q && CONNECT.has(q)) connects.push(node);
        },
        'module:exit'() {
          if (connects.length === 0 || isPoolModule()) return;
          for (const call of connects) {
            ctx.report({
              node: call,
              message: "sqlite3.connect() outside the pool module; take connections from the project's pool (rfsn-upgrade scaffold pool)",
              fix: () => poolFix(call, ctx, poolSetting),
            });
          }
        },
      };
    },
  },
};
