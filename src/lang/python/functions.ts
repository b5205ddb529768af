import type { Node } from './parser';

/**
 * Function helpers that work from node ranges: which function body a position
 * runs in is found by comparing indices, never by walking `.parent` (each
 * `parent` call descends from the root in tree-sitter 0.25).
 */

/** `async def` (a function_definition whose first token is `async`). */
export function isAsyncDef(def: Node): boolean {
  return def.type === 'function_definition' && def.child(0)?.type === 'async';
}

/**
 * Where a function's or lambda's code runs: from the start of its body to its
 * end. Decorators, default values and annotations lie outside this range:
 * they run in the enclosing scope when the `def` executes.
 */
export function bodyRange(fn: Node): { start: number; end: number } {
  const body = fn.childForFieldName('body');
  return { start: body ? body.startIndex : fn.endIndex, end: fn.endIndex };
}

export interface OpenBody<T> {
  start: number;
  end: number;
  data: T;
}

/**
 * Tracks the function bodies open at a position while nodes are visited in
 * document order (the order of query captures): `enter` each function as it
 * comes, then `innermost(index)` gives the body that directly contains a
 * later node.
 */
export class BodyStack<T> {
  private readonly open: Array<OpenBody<T>> = [];

  enter(fn: Node, data: T): void {
    const r = bodyRange(fn);
    this.closeBefore(fn.startIndex);
    this.open.push({ start: r.start, end: r.end, data });
  }

  /** The innermost open body containing `index`, or null at module or class level. */
  innermost(index: number): OpenBody<T> | null {
    this.closeBefore(index);
    for (let i = this.open.length - 1; i >= 0; i--) {
      const b = this.open[i];
      if (b.start <= index && index < b.end) return b;
    }
    return null;
  }

  private closeBefore(index: number): void {
    while (this.open.length && this.open[this.open.length - 1].end <= index) this.open.pop();
  }
}
