import type * as Morph from 'ts-morph';

/**
 * ts-morph (and the TypeScript compiler API it re-exports), loaded on first
 * use: the rule files carry their JS sides, and loading TypeScript costs
 * about a second per process and worker thread (measured: the registry's
 * load went from 0.2 s to 1.4 s), which a run with no JS/TS file never pays.
 * Types come from `import type { ts } from 'ts-morph'`; values through `tsv()`.
 */
let morph: typeof Morph | undefined;

export function tsMorph(): typeof Morph {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (morph ??= require('ts-morph') as typeof Morph);
}

export function tsv(): typeof Morph.ts {
  return tsMorph().ts;
}
