import { requestsFix } from '../../fix/codemods/NET001';
import type { Node } from '../../python/parser';
import { query } from '../../python/parser';
import { importsModule, importedQualifiedName } from '../../python/imports';
import type { Rule, RuleContext } from '../types';

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

interface State {
  imports: boolean;
}

function isRequests(q: string | null): q is string {
  return !!q && q.startsWith('requests.');
}

function reportUses(ctx: RuleContext): void {
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
    if (isRequests(q)) ctx.report({ node: call, message: `${q}() is a requests call; ${instead(q)}`, fix: requestsFix(ctx) });
  }
  for (const attr of attrs) {
    if (callees.has(attr.id) || inner.has(attr.id)) continue;
    const q = importedQualifiedName(attr, ctx.names);
    if (isRequests(q)) ctx.report({ node: attr, message: `${q} is part of requests; ${instead(q)}`, fix: requestsFix(ctx) });
  }
}

export const rule: Rule = {
  code: 'NET001',
  name: 'requests-usage',
  upgrade: 'U04',
  severity: 'medium',
  summary: 'Use of the requests library',
  fixable: 'unsafe',
  nodeTypes: ['import_statement', 'import_from_statement'],
  nodeTypesFor: (file) => (file.text.includes('requests') ? ['import_statement', 'import_from_statement'] : []),
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
  visit(node, ctx) {
    if (!importsModule(node, 'requests')) return;
    ctx.state<State>(() => ({ imports: false })).imports = true;
    ctx.report({ node, message: 'requests imported; use httpx (same API, sync and async)', fix: requestsFix(ctx) });
  },
  finish(ctx) {
    if (ctx.state<State>(() => ({ imports: false })).imports) reportUses(ctx);
  },
};
