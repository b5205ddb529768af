import { poolFix } from '../../fix/codemods/DB001';
import type { Node } from '../../python/parser';
import { importedQualifiedName } from '../../python/imports';
import type { Rule, RuleContext } from '../types';
import { isConfiguredPoolModule, projectPath } from './_pool';

const CONNECT = new Set(['sqlite3.connect', 'sqlite3.dbapi2.connect']);
const TYPES = ['call', 'function_definition', 'class_definition'];

interface State {
  connects: Node[];
  definesGetPool: boolean;
  poolClasses: Array<[number, number]>;
}

function state(ctx: RuleContext): State {
  return ctx.state<State>(() => ({ connects: [], definesGetPool: false, poolClasses: [] }));
}

/** Is this file the project's pool module: configured as such, or (without configuration) defining one? */
function isPoolModule(ctx: RuleContext, st: State): boolean {
  const setting = ctx.options.settings['pool-module'];
  if (typeof setting === 'string' && setting.trim()) return isConfiguredPoolModule(setting, projectPath(ctx.file, ctx.options.settings.projectRoot));
  if (st.definesGetPool) return true;
  return st.connects.some((c) => st.poolClasses.some(([s, e]) => s <= c.startIndex && c.startIndex < e));
}

export const rule: Rule = {
  code: 'DB001',
  name: 'sqlite-connect-outside-pool',
  upgrade: 'U03',
  severity: 'medium',
  summary: 'sqlite3.connect() outside the project\'s connection pool module',
  fixable: 'unsafe',
  nodeTypes: TYPES,
  nodeTypesFor: (file) => (file.text.includes('sqlite3') ? TYPES : []),
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
  visit(node, ctx) {
    const st = state(ctx);
    if (node.type === 'function_definition') {
      if (node.childForFieldName('name')?.text === 'get_pool') st.definesGetPool = true;
      return;
    }
    if (node.type === 'class_definition') {
      if (node.childForFieldName('name')?.text.includes('Pool')) st.poolClasses.push([node.startIndex, node.endIndex]);
      return;
    }
    const fn = node.childForFieldName('function');
    if (!fn) return;
    const last = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.type === 'identifier' ? 'connect' : null;
    if (last !== 'connect') return;
    const q = importedQualifiedName(fn, ctx.names);
    if (q && CONNECT.has(q)) st.connects.push(node);
  },
  finish(ctx) {
    const st = state(ctx);
    if (st.connects.length === 0 || isPoolModule(ctx, st)) return;
    for (const call of st.connects) {
      ctx.report({ node: call, message: 'sqlite3.connect() outside the pool module; take connections from the project\'s pool (rfsn-upgrade scaffold pool)', fix: poolFix(call, ctx) });
    }
  },
};
