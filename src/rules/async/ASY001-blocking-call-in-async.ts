import { BodyStack, isAsyncDef } from '../../python/functions';
import { guessImportedName } from '../../python/imports';
import type { PythonHandlers, PythonRuleDef } from '../../python/rule';

/** Blocking callables by qualified name, with what to use instead in async code. */
const BLOCKING = new Map<string, string>(Object.entries({
  'time.sleep': 'await asyncio.sleep(...)',
  'urllib.request.urlopen': 'an async HTTP client (httpx.AsyncClient, aiohttp)',
  'subprocess.run': 'await asyncio.create_subprocess_exec(...)',
  'subprocess.call': 'await asyncio.create_subprocess_exec(...)',
  'subprocess.check_call': 'await asyncio.create_subprocess_exec(...)',
  'subprocess.check_output': 'await asyncio.create_subprocess_exec(...)',
  'subprocess.Popen': 'await asyncio.create_subprocess_exec(...)',
  'os.system': 'await asyncio.create_subprocess_exec(...)',
  'httpx.Client': 'httpx.AsyncClient',
}));
const HTTPX_FUNCTIONS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream']);

/** What to use instead of a blocking call, or null when `name` does not block. */
function blockingAlternative(name: string): string | null {
  const known = BLOCKING.get(name);
  if (known) return known;
  if (name.startsWith('requests.')) return 'httpx.AsyncClient (or run it in asyncio.to_thread)';
  if (name.startsWith('sqlite3.')) return 'aiosqlite (or run it in asyncio.to_thread)';
  if (name.startsWith('httpx.') && HTTPX_FUNCTIONS.has(name.slice('httpx.'.length))) return 'httpx.AsyncClient';
  return null;
}

interface Fn {
  async: boolean;
  name: string;
}

export const rule: PythonRuleDef = {
  code: 'ASY001',
  name: 'blocking-call-in-async',
  upgrade: 'U05',
  severity: 'high',
  summary: 'Blocking call directly inside an async def',
  fixable: 'never',
  docs: `## What it does
Flags a blocking call made directly in the body of an \`async def\`:
\`time.sleep\`; anything of \`requests\`; the synchronous \`httpx\` functions
(\`httpx.get/post/put/patch/delete/head/options/request/stream\`) and
\`httpx.Client\`; anything of \`sqlite3\`; \`urllib.request.urlopen\`;
\`subprocess.run/call/check_call/check_output/Popen\`; and \`os.system\` —
however they were imported (\`import time as t\`, \`from time import sleep\`).

Calls inside a nested plain \`def\` or a \`lambda\` are not flagged: they run
when that function is called, which may well be in a worker thread. Passing
the function without calling it (\`await asyncio.to_thread(time.sleep, 1)\`,
\`loop.run_in_executor(None, requests.get, url)\`) is the cure, not the problem.

## Why is this bad?
An event loop runs one callback at a time. A call that blocks for 200 ms
inside a coroutine stalls every other task of the process for 200 ms: timeouts
fire, heartbeats are missed, throughput collapses under load.

## Example
\`\`\`python
async def fetch_status(url):
    response = requests.get(url, timeout=10)
    time.sleep(1)
    return response.status_code
\`\`\`

## Use instead
\`\`\`python
async def fetch_status(url):
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(url)
    await asyncio.sleep(1)
    return response.status_code
\`\`\`

## Fix safety
No automatic fix: the async replacement changes the call into an \`await\` and
often needs a client object or a connection to be created elsewhere.
\`rfsn-upgrade scaffold async-cache\` writes an aiosqlite-based module for the
database case.

## References
- asyncio docs, "Developing with asyncio: running blocking code"
- Ruff ASYNC210, ASYNC220–ASYNC251 (flake8-async)`,
  python: {
    create(ctx): PythonHandlers {
      // only files with an `async def` can have the problem
      if (!/\basync\s+def\b/.test(ctx.file.text)) return {};
      const stack = new BodyStack<Fn>();
      return {
        function_definition(node) {
          stack.enter(node, { async: isAsyncDef(node), name: node.childForFieldName('name')?.text ?? '' });
        },
        lambda(node) {
          stack.enter(node, { async: false, name: '<lambda>' });
        },
        call(node) {
          const fn = stack.innermost(node.startIndex);
          if (!fn || !fn.data.async) return;
          // reject from the text first; then confirm with scope analysis (a local `time` shadows the module)
          const guess = guessImportedName(ctx.file.text, node.startIndex, '(', ctx.names);
          if (!guess || !blockingAlternative(guess)) return;
          const callee = node.childForFieldName('function');
          const name = callee ? ctx.names.qualifiedName(callee) : null;
          const instead = name ? blockingAlternative(name) : null;
          if (!name || !instead) return;
          ctx.report({ node, message: `${name}() blocks the event loop inside async def ${fn.data.name}(); use ${instead}` });
        },
      };
    },
  },
};
