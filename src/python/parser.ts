import fs from 'node:fs';
import { Language, Parser, Query, type Node, type Tree } from 'web-tree-sitter';

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

export function parsePython(text: string): Tree {
  const tree = ready().parser.parse(text);
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
