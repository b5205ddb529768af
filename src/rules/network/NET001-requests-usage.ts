import type { Edit, Fix, FixResult } from '../../core/finding';
import { importsModule, importedQualifiedName } from '../../lang/python/imports';
import type { Node } from '../../lang/python/parser';
import { query } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import type { SourceFile } from '../../lang/python/source';

/** requests names with a direct httpx counterpart, for the message. */
const HTTPX_NAME = new Map<string, string>(Object.entries({
  get: 'httpx.get()',
  post: 'httpx.post()',
  put: 'httpx.put()',
  patch: 'httpx.patch()',
  delete: 'httpx.delete()',
  head: 'httpx.head()',
  options: 'httpx.options()',
  request: 'httpx.request()',
  Session: 'httpx.Client',
  session: 'httpx.Client',
  Response: 'httpx.Response',
  Request: 'httpx.Request',
  RequestException: 'httpx.HTTPError',
  HTTPError: 'httpx.HTTPStatusError',
  ConnectionError: 'httpx.ConnectError',
  Timeout: 'httpx.TimeoutException',
  ConnectTimeout: 'httpx.ConnectTimeout',
  ReadTimeout: 'httpx.ReadTimeout',
  TooManyRedirects: 'httpx.TooManyRedirects',
}));

function instead(qualified: string): string {
  const last = qualified.slice(qualified.lastIndexOf('.') + 1);
  const httpx = HTTPX_NAME.get(last);
  return httpx ? `use ${httpx}` : 'use the httpx equivalent';
}

// calls and attribute chains; callees and inner links of a chain are told apart so each use is reported once
const USES = `
(call function: (_) @callee) @call
(attribute) @attr
(attribute object: (attribute) @inner)
`;

function isRequests(q: string | null): q is string {
  return !!q && q.startsWith('requests.');
}

function reportUses(ctx: PythonContext, fix: () => FixResult): void {
  const callees = new Set<number>();
  const inner = new Set<number>();
  const calls: Node[] = [];
  const attrs: Node[] = [];
  for (const { name, node } of query(USES).captures(ctx.file.root)) {
    if (name === 'callee') callees.add(node.id);
    else if (name === 'inner') inner.add(node.id);
    else if (name === 'call') calls.push(node);
    else attrs.push(node);
  }
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    const q = fn ? importedQualifiedName(fn, ctx.names) : null;
    if (isRequests(q)) ctx.report({ node: call, message: `${q}() is a requests call; ${instead(q)}`, fix });
  }
  for (const attr of attrs) {
    if (callees.has(attr.id) || inner.has(attr.id)) continue;
    const q = importedQualifiedName(attr, ctx.names);
    if (isRequests(q)) ctx.report({ node: attr, message: `${q} is part of requests; ${instead(q)}`, fix });
  }
}

export const rule: PythonRuleDef = {
  code: 'NET001',
  followUp: 'Add `httpx` to the project dependencies and drop `requests` once nothing else uses it. httpx does not follow redirects unless `follow_redirects=True`, and its default timeout is 5 seconds.',
  name: 'requests-usage',
  upgrade: 'U04',
  severity: 'medium',
  summary: 'Use of the requests library',
  fixable: 'unsafe',
  versionDependentFix: true,
  docs: `## What it does
Flags every use of \`requests\`: each import of it (\`import requests\`,
\`import requests as r\`, \`from requests import Session\`,
\`from requests.adapters import HTTPAdapter\`), each call of something it
provides (\`requests.get(...)\`, \`r.post(...)\`, \`Session()\` after
\`from requests import Session\`), and each other reference through the module
(\`except requests.RequestException\`, \`requests.codes.ok\`, passing
\`requests.get\` as a value). A name imported from requests and used without a
call (\`except RequestException\`) is covered by the finding on its import.

Names are resolved through imports and aliases, so a parameter or variable that
happens to be called \`requests\` is not flagged, nor are methods called \`get\`
on other objects.

## Why is this bad?
\`requests\` is synchronous only: in async code it blocks the event loop, and
code that needs both has to carry two HTTP stacks. \`httpx\` offers the same API
for sync and async code, HTTP/2, strict timeouts by default, and is typed.

## Example
\`\`\`python
import requests

resp = requests.get(url, timeout=10, allow_redirects=False)
\`\`\`

## Use instead
\`\`\`python
import httpx

resp = httpx.get(url, timeout=10, follow_redirects=False)
\`\`\`

## Fix safety
Unsafe, for a whole module at once (\`fix --unsafe-fixes\`): the import,
\`get/post/put/patch/delete/head/options/request\`, \`Session()\` → \`Client()\`,
\`allow_redirects=\` → \`follow_redirects=\`, the exceptions
(\`RequestException\` → \`HTTPError\`, \`HTTPError\` → \`HTTPStatusError\`, \`Timeout\` →
\`TimeoutException\`, \`ConnectionError\` → \`ConnectError\`) and \`Response\`. Calls and
clients that relied on requests following redirects get \`follow_redirects=True\`.
A module using anything without a mapping (adapters, \`mount\`, hooks,
\`stream=True\`, \`verify=\` paths, \`Response.ok\`, \`requests.codes\`) is left as it
is and \`fix\` says why. httpx's default timeout is 5 s where requests had none.

## References
- httpx, "Requests compatibility": https://www.python-httpx.org/compatibility/`,
  python: {
    create(ctx): PythonHandlers {
      if (!ctx.file.text.includes('requests')) return {};
      // one fix for the whole module, built once, when the run asks for it
      let made: FixResult | undefined;
      const fix = (): FixResult => (made === undefined ? (made = requestsFix(ctx)) : made);
      let imports = false;
      const visit = (node: Node): void => {
        if (!importsModule(node, 'requests')) return;
        imports = true;
        ctx.report({ node, message: 'requests imported; use httpx (same API, sync and async)', fix });
      };
      return {
        import_statement: visit,
        import_from_statement: visit,
        'module:exit'() {
          if (imports) reportUses(ctx, fix);
        },
      };
    },
  },
};

/**
 * requests → httpx for a whole file, or nothing: a file that uses anything
 * without a mapping (adapters, mount, hooks, stream=True, verify= paths,
 * Response.ok...) is left as it is, with the reason noted.
 *
 *   import requests                  -> import httpx
 *   requests.get(url)                -> httpx.get(url, follow_redirects=True)
 *   requests.Session()               -> httpx.Client(follow_redirects=True)
 *   allow_redirects=False            -> follow_redirects=False
 *   requests.exceptions.HTTPError    -> httpx.HTTPStatusError
 *   from requests import Session     -> from httpx import Client (uses renamed)
 *
 * requests follows redirects by default (except for HEAD), httpx does not: the
 * calls and clients that relied on the default get `follow_redirects=True`.
 */
const FUNCTIONS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
const NAMES: Record<string, string> = {
  Session: 'Client',
  session: 'Client',
  Response: 'Response',
  Request: 'Request',
  RequestException: 'HTTPError',
  HTTPError: 'HTTPStatusError',
  Timeout: 'TimeoutException',
  ConnectionError: 'ConnectError',
  ConnectTimeout: 'ConnectTimeout',
  ReadTimeout: 'ReadTimeout',
  TooManyRedirects: 'TooManyRedirects',
};
const EXCEPTIONS = new Set(['RequestException', 'HTTPError', 'Timeout', 'ConnectionError', 'ConnectTimeout', 'ReadTimeout', 'TooManyRedirects']);
/** attributes of responses and sessions that httpx does not have under that name */
const UNMAPPED_ATTRIBUTES = new Set(['ok', 'mount', 'hooks', 'iter_content', 'raw', 'apparent_encoding', 'adapters']);
const UNMAPPED_KEYWORDS = new Set(['stream', 'hooks', 'proxies', 'cert']);

class Refused extends Error {}

const QUERY = `
[(import_statement) (import_from_statement)] @import
(attribute object: (identifier) @object attribute: (identifier) @name) @attribute
(keyword_argument name: (identifier) @keyword) @kwarg
(call) @call
`;

/** The fix every NET001 finding of the file carries (the same edits), or why there is none. */
function requestsFix(ctx: PythonContext): FixResult {
  try {
    return build(ctx);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return { declined: err.message };
  }
}

function build(ctx: PythonContext): Fix | null {
  const edits: Edit[] = [];
  const names = ctx.names;
  const imports: Node[] = [];
  const attributes: Node[] = [];
  const keywords: Node[] = [];
  const calls: Node[] = [];
  for (const { name, node } of query(QUERY).captures(ctx.file.root)) {
    if (name === 'import' && importsModule(node, 'requests')) imports.push(node);
    else if (name === 'attribute') attributes.push(node);
    else if (name === 'kwarg') keywords.push(node);
    else if (name === 'call') calls.push(node);
  }
  if (imports.length === 0) return null;
  const httpxBound = names.moduleBindings().get('httpx');
  if (httpxBound && !(httpxBound.kind === 'import' && httpxBound.qualified === 'httpx')) throw new Refused("the name 'httpx' is already used for something else");

  /** local name bound to the requests module -> the name it will have */
  const moduleNames = new Map<string, string>();
  /** local name imported from requests -> [qualified, new local name] */
  const renamed = new Map<string, string>();
  for (const stmt of imports) {
    if (stmt.parent?.type !== 'module') throw new Refused('requests is imported inside a function or block');
    if (stmt.type === 'import_statement') {
      const parts: string[] = [];
      let changed = false;
      for (const c of stmt.namedChildren) {
        if (!c) continue;
        const name = c.type === 'aliased_import' ? c.childForFieldName('name')!.text : c.text;
        const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : null;
        if (name === 'requests' || name === 'requests.exceptions') {
          changed = true;
          const local = alias ?? 'requests';
          moduleNames.set(local, alias ?? 'httpx');
          if (alias) parts.push(`httpx as ${alias}`);
          else if (!httpxBound && !parts.includes('httpx')) parts.push('httpx');
        } else if (name.startsWith('requests.')) throw new Refused(`${name} has no httpx counterpart`);
        else parts.push(c.text);
      }
      if (!changed) continue;
      edits.push(parts.length ? { start: stmt.startIndex, end: stmt.endIndex, text: `import ${parts.join(', ')}` } : deleteStatement(ctx.file, stmt));
      continue;
    }
    const mod = stmt.childForFieldName('module_name')?.text;
    if (mod !== 'requests' && mod !== 'requests.exceptions') throw new Refused(`from ${mod} import ... has no httpx counterpart`);
    const parts: string[] = [];
    for (const c of stmt.childrenForFieldName('name')) {
      if (!c) continue;
      const name = c.type === 'aliased_import' ? c.childForFieldName('name')!.text : c.text;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : null;
      const target = FUNCTIONS.has(name) && mod === 'requests' ? name : NAMES[name];
      if (!target || (mod === 'requests.exceptions' && !EXCEPTIONS.has(name))) throw new Refused(`${mod}.${name} has no httpx counterpart`);
      if (alias) parts.push(target === alias ? target : `${target} as ${alias}`);
      else if (target === name) parts.push(name);
      else if (names.moduleBindings().has(target)) parts.push(`${target} as ${name}`);
      else {
        parts.push(target);
        renamed.set(name, target);
      }
    }
    edits.push({ start: stmt.startIndex, end: stmt.endIndex, text: `from httpx import ${parts.join(', ')}` });
  }

  // attributes reached through the module: requests.get, requests.exceptions.HTTPError, r.Session
  const handled = new Set<number>();
  for (const attr of attributes) {
    const obj = attr.childForFieldName('object')!;
    const attrName = attr.childForFieldName('attribute')!.text;
    const newModule = moduleNames.get(obj.text);
    if (newModule && names.qualifiedName(obj)?.startsWith('requests')) {
      let node = attr;
      let name = attrName;
      if (name === 'exceptions') {
        const outer = attr.parent;
        if (!outer || outer.type !== 'attribute' || outer.childForFieldName('object')?.startIndex !== attr.startIndex) throw new Refused('requests.exceptions used as a module');
        node = outer;
        name = outer.childForFieldName('attribute')!.text;
        if (!EXCEPTIONS.has(name)) throw new Refused(`requests.exceptions.${name} has no httpx counterpart`);
      } else if (!FUNCTIONS.has(name) && !(name in NAMES)) throw new Refused(`requests.${name} has no httpx counterpart`);
      const target = FUNCTIONS.has(name) ? name : NAMES[name];
      const text = `${newModule}.${target}`;
      if (text !== node.text) edits.push({ start: node.startIndex, end: node.endIndex, text });
      handled.add(node.startIndex);
      continue;
    }
    if (UNMAPPED_ATTRIBUTES.has(attrName) && !handled.has(attr.startIndex)) throw new Refused(`.${attrName} (a requests feature without an httpx equivalent under that name) is used`);
  }

  // names imported from requests and renamed: Session -> Client
  for (const [local, target] of renamed) {
    const re = new RegExp(`(?<![\\w.])${local}(?!\\w)`, 'g');
    const text = ctx.file.text;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const id = ctx.file.root.descendantForIndex(m.index, m.index + local.length);
      if (!id || id.type !== 'identifier' || id.startIndex !== m.index) continue;
      if (imports.some((s) => m!.index >= s.startIndex && m!.index < s.endIndex)) continue;
      if (!names.qualifiedName(id)?.startsWith('requests')) continue;
      edits.push({ start: id.startIndex, end: id.endIndex, text: target });
    }
  }

  // keywords: allow_redirects -> follow_redirects; the ones httpx has no place for
  const followSet = new Set<number>();
  for (const kw of keywords) {
    const name = kw.childForFieldName('name')!;
    const value = kw.childForFieldName('value');
    if (name.text === 'allow_redirects') {
      edits.push({ start: name.startIndex, end: name.endIndex, text: 'follow_redirects' });
      const call = kw.parent?.parent;
      if (call) followSet.add(call.startIndex);
    } else if (UNMAPPED_KEYWORDS.has(name.text) && !(name.text === 'stream' && value?.type === 'false')) {
      throw new Refused(`${kw.text} has no httpx equivalent in a request call`);
    } else if (name.text === 'verify' && value && value.type !== 'true' && value.type !== 'false') {
      throw new Refused(`${kw.text}: pass an ssl.SSLContext to httpx instead`);
    }
  }

  // requests follows redirects by default: keep that where the default was relied on
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    if (!fn || followSet.has(call.startIndex)) continue;
    const q = names.qualifiedName(fn);
    if (!q || !q.startsWith('requests.')) continue;
    const last = q.slice('requests.'.length);
    if (!(FUNCTIONS.has(last) && last !== 'head') && last !== 'Session' && last !== 'session') continue;
    const args = call.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') continue;
    const items = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const lastItem = items[items.length - 1];
    if (lastItem) edits.push({ start: lastItem.endIndex, end: lastItem.endIndex, text: ', follow_redirects=True' });
    else edits.push({ start: args.startIndex + 1, end: args.startIndex + 1, text: 'follow_redirects=True' });
  }

  if (edits.length === 0) return null;
  edits.sort((a, b) => a.start - b.start);
  for (let k = 1; k < edits.length; k++) if (edits[k].start < edits[k - 1].end) throw new Refused('overlapping uses of requests');
  return { safety: 'unsafe', description: 'move this module from requests to httpx', edits };
}

function deleteStatement(file: SourceFile, stmt: Node): Edit {
  const text = file.text;
  const start = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  let end = stmt.endIndex;
  while (end < text.length && text[end] !== '\n') end++;
  return { start, end: Math.min(end + 1, text.length), text: '' };
}
