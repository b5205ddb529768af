import { importsModule } from '../../lang/python/imports';
import type { Node } from '../../lang/python/parser';
import type { PythonHandlers, PythonRuleDef } from '../../lang/python/rule';

export const rule: PythonRuleDef = {
  code: 'DB002',
  name: 'sync-sqlite-module',
  upgrade: 'U05',
  severity: 'info',
  summary: 'Module uses the synchronous sqlite3 driver',
  fixable: 'never',
  docs: `## What it does
Marks each module that imports the synchronous \`sqlite3\` driver
(\`import sqlite3\`, \`import sqlite3 as db\`, \`from sqlite3 import connect\`,
\`sqlite3.dbapi2\`), once per module, at its first such import. It is
informational: an inventory of the modules to look at when moving database
access off the event loop.

## Why is this bad?
It is not bad in itself. In an application that is (or is becoming) async,
every \`sqlite3\` query blocks the event loop while it runs; ASY001 flags the
calls made directly inside \`async def\`, this rule lists the modules to plan
the move for.

## Example
\`\`\`python
import sqlite3

def load(db, key):
    return sqlite3.connect(db).execute("select v from kv where k = ?", (key,)).fetchone()
\`\`\`

## Use instead
\`\`\`python
import aiosqlite

async def load(db, key):
    async with aiosqlite.connect(db) as conn:
        async with conn.execute("select v from kv where k = ?", (key,)) as cur:
            return await cur.fetchone()
\`\`\`
\`rfsn-upgrade scaffold async-cache\` writes an aiosqlite-based cache module.

## Fix safety
No automatic fix.

## References
- aiosqlite: https://aiosqlite.omnilib.dev/`,
  python: {
    create(ctx): PythonHandlers {
      if (!ctx.file.text.includes('sqlite3')) return {};
      let reported = false;
      const visit = (node: Node): void => {
        if (reported || !importsModule(node, 'sqlite3')) return;
        reported = true;
        ctx.report({ node, message: 'module uses the synchronous sqlite3 driver; async code needs aiosqlite or a worker thread' });
      };
      return { import_statement: visit, import_from_statement: visit };
    },
  },
};
