import type { Edit, FixResult } from '../../core/finding';
import { BodyStack, isAsyncDef } from '../../lang/python/functions';
import { guessImportedName } from '../../lang/python/imports';
import { joinInsertions } from '../../lang/python/import-edit';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import {
  ancestorsUpTo, attributeUses, declined, freshName, hasMultilineString, importOrDecline, inClassBody, inComprehension,
  aloneOnLines, indentOf, indentUnit, ownStatement, reindented, usesAfter, type FixCtx,
} from './_asyncfix';

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
  node: Node;
}

/** requests' verbs and the keywords httpx's client method of the same name takes. */
const QUERY_KW = ['params', 'headers', 'cookies', 'auth', 'timeout', 'allow_redirects'];
const BODY_KW = [...QUERY_KW, 'data', 'json', 'files'];
const REQUESTS_VERBS: Record<string, string[]> = { get: QUERY_KW, head: QUERY_KW, options: QUERY_KW, delete: QUERY_KW, post: BODY_KW, put: BODY_KW, patch: BODY_KW };
/** what httpx's response has under the same name and meaning as requests' */
const RESPONSE_ATTRS = new Set(['status_code', 'text', 'content', 'json', 'headers', 'raise_for_status', 'encoding', 'cookies', 'elapsed', 'is_redirect', 'history']);
/** requests' exceptions and the httpx one that covers the same failures */
const EXCEPTIONS: Record<string, string> = {
  'requests.exceptions.HTTPError': 'httpx.HTTPStatusError',
  'requests.HTTPError': 'httpx.HTTPStatusError',
  'requests.exceptions.ConnectionError': 'httpx.TransportError',
  'requests.ConnectionError': 'httpx.TransportError',
  'requests.exceptions.Timeout': 'httpx.TimeoutException',
  'requests.Timeout': 'httpx.TimeoutException',
};
const SUBPROCESS_KW = new Set(['capture_output', 'text', 'cwd', 'env']);

function argsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

/** `time.sleep(x)` → `await asyncio.sleep(x)`: same delay, and the loop runs other tasks meanwhile. */
function sleepFix(ctx: FixCtx, call: Node): FixResult {
  const args = argsOf(call);
  if (args.length !== 1 || args[0].type === 'keyword_argument' || /splat/.test(args[0].type)) return declined('time.sleep() takes one positional delay; this call passes something else');
  const imp = importOrDecline(ctx, 'asyncio');
  if (typeof imp === 'string') return declined(imp);
  const wrap = call.parent?.type === 'attribute' || call.parent?.type === 'subscript' || call.parent?.type === 'call';
  const text = `await asyncio.sleep(${args[0].text})`;
  return { safety: 'unsafe', description: 'time.sleep() → await asyncio.sleep()', edits: [...imp, { start: call.startIndex, end: call.endIndex, text: wrap ? `(${text})` : text }] };
}

/** The name of an `async with httpx.AsyncClient(...) as NAME:` around the call, inside its function. */
function enclosingClient(ctx: FixCtx, call: Node, fn: Node): string | null {
  for (const a of ancestorsUpTo(call, fn)) {
    if (a.type !== 'with_statement' || a.child(0)?.type !== 'async') continue;
    for (const item of a.descendantsOfType('with_item')) {
      const v = item?.childForFieldName('value');
      if (v?.type !== 'as_pattern') continue;
      const c = v.namedChildren[0];
      const alias = v.childForFieldName('alias')?.namedChildren[0];
      const f = c?.type === 'call' ? c.childForFieldName('function') : null;
      if (f && alias?.type === 'identifier' && ctx.names.qualifiedName(f) === 'httpx.AsyncClient') return alias.text;
    }
  }
  return null;
}

/** `except requests.X:` clauses of the module, given the httpx exception that the converted call raises instead. */
function exceptEdits(ctx: FixCtx): Edit[] {
  const edits: Edit[] = [];
  for (const clause of ctx.file.root.descendantsOfType('except_clause')) {
    const type = clause?.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
    if (!type) continue;
    const expr = type.type === 'as_pattern' ? type.namedChildren[0] : type;
    if (!expr) continue;
    const members = expr.type === 'tuple' || expr.type === 'parenthesized_expression' ? expr.namedChildren.filter((c): c is Node => !!c) : [expr];
    const names = members.map((m) => ctx.names.qualifiedName(m) ?? '');
    const wanted = new Set<string>();
    for (const n of names) if (n.startsWith('requests.')) wanted.add(EXCEPTIONS[n] ?? 'httpx.HTTPError');
    for (const n of names) wanted.delete(n);
    if (!wanted.size) continue;
    const add = [...wanted].join(', ');
    if (expr.type === 'tuple') edits.push({ start: expr.endIndex - 1, end: expr.endIndex - 1, text: `, ${add}` });
    else edits.push({ start: expr.startIndex, end: expr.endIndex, text: `(${expr.text}, ${add})` });
  }
  return edits;
}

/**
 * `requests.get(url, ...)` → `await client.get(url, ...)` in an
 * `async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:`
 * (requests' defaults: redirects followed, no timeout), or in the client the
 * function already opened. `except requests.…` clauses of the module also
 * catch the httpx exception.
 */
function requestsFix(ctx: FixCtx, call: Node, fn: Node, verb: string): FixResult {
  const allowed = REQUESTS_VERBS[verb];
  if (!allowed) return declined(`requests.${verb}() has no one-to-one httpx.AsyncClient method; convert it by hand`);
  const args = argsOf(call);
  if (!args.length || args[0].type === 'keyword_argument') return declined('the URL is not the first positional argument');
  const parts: string[] = [];
  for (const [i, a] of args.entries()) {
    if (/splat/.test(a.type)) return declined('the call passes *args or **kwargs, which may hold options httpx names differently');
    if (a.type !== 'keyword_argument') {
      if (i > 0) return declined(`a positional argument after the URL: name it (params=, data=) first`);
      parts.push(a.text);
      continue;
    }
    const k = a.childForFieldName('name')!.text;
    if (!allowed.includes(k)) return declined(`requests' ${k}= has no same-named option on httpx.AsyncClient.${verb}()`);
    parts.push(k === 'allow_redirects' ? `follow_redirects=${a.childForFieldName('value')!.text}` : a.text);
  }
  const own = ownStatement(ctx, call);
  // how the response is used: only what httpx's Response has under the same name
  const p = call.parent;
  if (p?.type === 'attribute' && !RESPONSE_ATTRS.has(p.childForFieldName('attribute')?.text ?? '')) return declined(`the response's .${p.childForFieldName('attribute')?.text} has no same-named httpx equivalent`);
  if (own?.kind === 'return') return declined('the response is returned: its callers may use what httpx.Response lacks (.ok, .iter_content)');
  if (own?.kind === 'assign') {
    const uses = usesAfter(fn, own.target!, own.stmt.endIndex);
    const { attrs, other } = attributeUses(uses);
    if (other) return declined(`the response (${own.target}) is used as a whole (line ${ctx.file.lineOf(other.startIndex)}), not only through attributes httpx.Response shares`);
    const odd = attrs.find((a) => !RESPONSE_ATTRS.has(a.attr.text));
    if (odd) return declined(`the response's .${odd.attr.text} (line ${ctx.file.lineOf(odd.attr.startIndex)}) has no same-named httpx equivalent`);
  }
  const httpx = importOrDecline(ctx, 'httpx');
  if (typeof httpx === 'string') return declined(httpx);
  const extra = exceptEdits(ctx);
  const existing = enclosingClient(ctx, call, fn);
  const wrapCall = p?.type === 'attribute' || p?.type === 'subscript' || p?.type === 'call';
  const callText = (client: string): string => (wrapCall ? `(await ${client}.${verb}(${parts.join(', ')}))` : `await ${client}.${verb}(${parts.join(', ')})`);
  if (existing) return { safety: 'unsafe', description: `requests.${verb}() → await ${existing}.${verb}() (httpx)`, edits: [...joinInsertions(httpx), ...extra, { start: call.startIndex, end: call.endIndex, text: callText(existing) }] };
  if (!own && p?.type !== 'attribute') return declined('the call is not a statement of its own (x = requests.get(...) or requests.get(...)), so it cannot go in an async with block');
  const stmt = own?.stmt ?? statementOf(call, fn);
  if (!stmt || stmt.type !== 'expression_statement' || !aloneOnLines(ctx, stmt)) return declined('the call is not a statement of its own, so it cannot go in an async with block');
  if (hasMultilineString(stmt)) return declined('the statement holds a multi-line string, which re-indenting would change');
  const client = freshName(fn, ctx, 'client');
  const ind = indentOf(ctx.file, stmt.startIndex);
  const unit = indentUnit(ctx.file, stmt);
  const body = ctx.file.text.slice(stmt.startIndex, call.startIndex) + callText(client) + ctx.file.text.slice(call.endIndex, stmt.endIndex);
  const text = `async with httpx.AsyncClient(follow_redirects=True, timeout=None) as ${client}:\n${ind}${unit}${reindented(body, unit)}`;
  return { safety: 'unsafe', description: `requests.${verb}() → await client.${verb}() in async with httpx.AsyncClient()`, edits: [...httpx, ...extra, { start: stmt.startIndex, end: stmt.endIndex, text }] };
}

/** The expression statement a call is part of (`requests.get(u).json()` or `x = requests.get(u).json()`). */
function statementOf(call: Node, fn: Node): Node | null {
  for (const a of ancestorsUpTo(call, fn)) {
    if (a.type === 'expression_statement') return a;
    if (a.type === 'block' || a.type.endsWith('_statement')) return a.type.endsWith('_statement') ? a : null;
  }
  return null;
}

/**
 * `subprocess.run([...])` → `asyncio.create_subprocess_exec(*[...])` and
 * `communicate()`, where the result is discarded or only its returncode,
 * stdout and stderr are read.
 */
function subprocessFix(ctx: FixCtx, call: Node, fn: Node): FixResult {
  const args = argsOf(call);
  if (!args.length || args[0].type !== 'list') return declined('the command is not a list literal (a string runs through a shell, a variable may be either)');
  const kw = new Map<string, string>();
  for (const a of args.slice(1)) {
    if (a.type !== 'keyword_argument') return declined('subprocess.run() is given more than one positional argument');
    const k = a.childForFieldName('name')!.text;
    const v = a.childForFieldName('value')!.text;
    if (k === 'check' && v === 'False') continue;
    if (k === 'check') return declined('check=True raises CalledProcessError on failure, which the asyncio process does not: convert it by hand');
    if (!SUBPROCESS_KW.has(k)) return declined(`subprocess.run(${k}=...) has no direct asyncio.create_subprocess_exec equivalent here; convert it by hand`);
    kw.set(k, v);
  }
  for (const k of ['capture_output', 'text']) if (kw.has(k) && !['True', 'False'].includes(kw.get(k)!)) return declined(`${k}= is not a literal True or False`);
  const own = ownStatement(ctx, call);
  if (!own || own.kind === 'return') return declined('the result is used in a way other than `proc = subprocess.run(...)` or a bare call (returncode, stdout and stderr only)');
  const capture = kw.get('capture_output') === 'True';
  const text = kw.get('text') === 'True';
  const opts = [args[0].text.startsWith('[') ? `*${args[0].text}` : args[0].text];
  if (capture) opts.push('stdout=asyncio.subprocess.PIPE', 'stderr=asyncio.subprocess.PIPE');
  for (const k of ['cwd', 'env']) if (kw.has(k)) opts.push(`${k}=${kw.get(k)}`);
  const spawn = `await asyncio.create_subprocess_exec(${opts.join(', ')})`;
  const imp = importOrDecline(ctx, 'asyncio');
  if (typeof imp === 'string') return declined(imp);
  if (own.kind === 'expr') return { safety: 'unsafe', description: 'subprocess.run() → asyncio.create_subprocess_exec()', edits: [...imp, { start: call.startIndex, end: call.endIndex, text: `await (${spawn}).communicate()` }] };
  const name = own.target!;
  const { attrs, other } = attributeUses(usesAfter(fn, name, own.stmt.endIndex));
  if (other) return declined(`the result ${name} is used as a whole (line ${ctx.file.lineOf(other.startIndex)}), not only through .returncode/.stdout/.stderr`);
  const odd = attrs.find((a) => !['returncode', 'stdout', 'stderr'].includes(a.attr.text));
  if (odd) return declined(`the result's .${odd.attr.text} (line ${ctx.file.lineOf(odd.attr.startIndex)}) has no asyncio Process equivalent`);
  const edits: Edit[] = [...imp];
  const ind = indentOf(ctx.file, own.stmt.startIndex);
  const streams = attrs.filter((a) => a.attr.text !== 'returncode');
  let tail = `await ${name}.communicate()`;
  if (streams.length) {
    const out = freshName(fn, ctx, `${name}_stdout`);
    const err = freshName(fn, ctx, `${name}_stderr`);
    tail = text
      ? `${out}, ${err} = [None if b is None else b.decode() for b in await ${name}.communicate()]`
      : `${out}, ${err} = await ${name}.communicate()`;
    for (const a of streams) edits.push({ start: a.access.startIndex, end: a.access.endIndex, text: a.attr.text === 'stdout' ? out : err });
  }
  edits.push({ start: call.startIndex, end: own.stmt.endIndex, text: `${spawn}\n${ind}${tail}` });
  return { safety: 'unsafe', description: 'subprocess.run() → asyncio.create_subprocess_exec() + communicate()', edits };
}

function fixFor(ctx: PythonContext, call: Node, fn: Node, name: string): FixResult {
  if (inClassBody(call, fn)) return declined('the call runs in a class body, where await is not allowed');
  if (inComprehension(call, fn) && name !== 'time.sleep') return declined('the call is inside a comprehension; move it out first');
  if (name === 'time.sleep') return sleepFix(ctx, call);
  if (name.startsWith('requests.') && name.split('.').length === 2) return requestsFix(ctx, call, fn, name.slice('requests.'.length));
  if (name === 'subprocess.run') return subprocessFix(ctx, call, fn);
  if (name.startsWith('sqlite3.')) return declined('sqlite3 needs a connection object of its own: use rfsn-upgrade scaffold async-cache (aiosqlite) and move the queries to it by hand');
  return declined(`no automatic rewrite for ${name}(); use ${blockingAlternative(name)}`);
}

export const rule: PythonRuleDef = {
  code: 'ASY001',
  name: 'blocking-call-in-async',
  upgrade: 'U05',
  severity: 'high',
  summary: 'Blocking call directly inside an async def',
  fixable: 'unsafe',
  versionDependentFix: true,
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
Unsafe (\`--unsafe-fixes\`): the call becomes an \`await\`, so other tasks run
while it waits.
- \`time.sleep(x)\` → \`await asyncio.sleep(x)\`.
- \`requests.get/post/put/patch/delete/head/options(url, ...)\` →
  \`await client.<verb>(url, ...)\` in the function's own
  \`async with httpx.AsyncClient() as client:\`, or wrapped in a new
  \`async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:\`
  (requests' defaults). Declined when an option has no same-named httpx one
  (\`verify=\`, \`stream=\`, \`*args\`), when the response is returned or used
  beyond what both Response classes share (\`.ok\`, \`.iter_content\`), or when the
  call is not a statement of its own. The module's \`except requests.…\` clauses
  also catch the httpx exception (\`httpx.HTTPError\`, \`HTTPStatusError\`, …).
  \`httpx\` must then be a dependency (DEP001 says so).
- \`subprocess.run([...], capture_output=, text=, cwd=, env=)\` →
  \`await asyncio.create_subprocess_exec(*[...])\` and \`communicate()\`, when
  the result is discarded or only its \`returncode\`, \`stdout\` and \`stderr\`
  are read; declined for \`check=True\`, a string command and other options.
- sqlite3 and the others: declined with the reason;
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
          stack.enter(node, { async: isAsyncDef(node), name: node.childForFieldName('name')?.text ?? '', node });
        },
        lambda(node) {
          stack.enter(node, { async: false, name: '<lambda>', node });
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
          const def = fn.data.node;
          ctx.report({ node, message: `${name}() blocks the event loop inside async def ${fn.data.name}(); use ${instead}`, fix: () => fixFor(ctx, node, def, name) });
        },
      };
    },
  },
};
