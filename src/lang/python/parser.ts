import fs from 'node:fs';
import { Language, Node, Parser, Query, type Tree } from 'web-tree-sitter';

/**
 * One web-tree-sitter parser per thread. web-tree-sitter (WASM) was chosen over
 * the native binding because it needs no compiler at install time and gives the
 * same trees; see README "Design notes".
 */
let language: Language | null = null;
let parser: Parser | null = null;
let initPromise: Promise<void> | null = null;
const queryCache = new Map<string, Query>();

export type { Node, Tree };

/**
 * A node's type never changes (trees are never edited here), but each read of
 * `node.type` crosses into WASM (five stores into the transfer buffer and a
 * call); rules read it about 9 times per captured node, on 2.5 times fewer
 * node objects. The first answer is kept in the node's element slot 1 (slot 0
 * is web-tree-sitter's own handle): an element, not a new named property, so
 * the nodes keep few hidden classes. `primeType` sets it from a capture's name.
 */
type Slots = { [1]?: string };
{
  const proto = Node.prototype as unknown as Record<string, unknown>;
  const desc = Object.getOwnPropertyDescriptor(proto, 'type');
  const get = desc?.get as ((this: Node) => string) | undefined;
  if (get && !(get as { memo?: boolean }).memo) {
    const memo = function (this: Node & Slots): string {
      const t = this[1];
      return t !== undefined ? t : (this[1] = get.call(this));
    };
    (memo as { memo?: boolean }).memo = true;
    Object.defineProperty(proto, 'type', { ...desc, get: memo });
  }
}

/** Set a node's type when the caller knows it (a capture named after its node type). */
export function primeType(node: Node, type: string): void {
  (node as Node & Slots)[1] = type;
}

export function initParser(): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      await Parser.init();
      // bytes rather than a path: loading by path uses a dynamic import that jest's VM cannot run
      language = await Language.load(fs.readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
      parser = new Parser();
      parser.setLanguage(language);
    })();
  }
  return initPromise;
}

function ready(): { parser: Parser; language: Language } {
  if (!parser || !language) throw new Error('parser used before initParser() resolved');
  return { parser, language };
}

/** Parse `text`; with `old` (a tree of the previous text, already `edit`ed to it) tree-sitter reparses only what changed. */
export function parsePython(text: string, old?: Tree): Tree {
  const tree = ready().parser.parse(text, old ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Compiled queries are cached by their source text. */
export function query(source: string): Query {
  let q = queryCache.get(source);
  if (!q) {
    q = new Query(ready().language, source);
    queryCache.set(source, q);
  }
  return q;
}
