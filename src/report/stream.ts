/**
 * Reports are written in pieces: one string holding a report of 300,000
 * findings passes V8's string limit ("Invalid string length"), and building it
 * costs several times its size in memory. Reporters yield chunks; the writer
 * (cli/options.ts `writeOutput`) batches them into writes.
 */

/** An array whose elements are made one at a time as the report is written (SARIF results, GitLab issues). */
export class LazyArray<T = unknown> {
  constructor(readonly items: Iterable<T>) {}
}

/** Whether JSON.stringify leaves this value out of an object (and writes null for it in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * How many members written whole one JSON.stringify takes: enough to spend a
 * fraction of one call per member, few enough that a piece (~30 KB of
 * findings) stays a small string. With 512 a piece was ~200 KB, and a warm
 * stdlib scan writing to a pipe peaked at 319 MB instead of 225 MB.
 */
const BATCH = 64;

/** A container whose members are written one by one (at this depth; deeper ones are stringified whole). */
function open(v: unknown, depth: number): v is object {
  if (v instanceof LazyArray) return true;
  return depth > 0 && v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * `JSON.stringify(value, null, indent)` (indent 2 or 0), byte for byte, in
 * pieces: the arrays and objects of the first `depth` levels are opened here
 * and their members written one at a time, deeper values stringified whole.
 * No trailing newline.
 */
export function* jsonChunks(value: unknown, depth: number, indent: 0 | 2 = 2): Generator<string> {
  yield* write(value, depth, indent ? '\n' : '', indent ? '  ' : '');
}

function* write(value: unknown, depth: number, nl: string, step: string): Generator<string> {
  if (!open(value, depth)) {
    const s = JSON.stringify(value, null, step.length) ?? 'null';
    // JSON.stringify writes line breaks only between tokens (inside strings they are \n): safe to indent
    yield nl.length > 1 ? s.replace(/\n/g, nl) : s;
    return;
  }
  const inner = nl + step;
  const sep = step ? ': ' : ':';
  let first = true;
  if (value instanceof LazyArray || Array.isArray(value)) {
    const items: Iterable<unknown> = value instanceof LazyArray ? value.items : value;
    // members written whole are stringified a batch at a time: one JSON.stringify of many findings costs a
    // fraction of one per finding, and gives the same text (each member's lines sit one step in, as here)
    let batch: unknown[] = [];
    const flush = (): string => {
      const s = JSON.stringify(batch, null, step.length);
      const body = step ? s.slice(1, -2) : s.slice(1, -1); // "[\n  a,\n  b\n]" -> "\n  a,\n  b"; "[a,b]" -> "a,b"
      const piece = (first ? '[' : ',') + (nl.length > 1 ? body.replace(/\n/g, nl) : body);
      first = false;
      batch = [];
      return piece;
    };
    for (const item of items) {
      if (!open(item, depth - 1)) {
        batch.push(item);
        if (batch.length === BATCH) yield flush();
        continue;
      }
      if (batch.length) yield flush();
      yield first ? `[${inner}` : `,${inner}`;
      first = false;
      yield* write(item, depth - 1, inner, step);
    }
    if (batch.length) yield flush();
    yield first ? '[]' : `${nl}]`;
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (omitted(v)) continue;
    yield `${first ? '{' : ','}${inner}${JSON.stringify(key)}${sep}`;
    first = false;
    yield* write(v, depth - 1, inner, step);
  }
  yield first ? '{}' : `${nl}}`;
}

/** Chunks joined into writes of about `size` characters: one write per finding would cost a system call each. */
export function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const c of chunks) {
    parts.push(c);
    length += c.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length) yield parts.join('');
}

/** A whole report as one string: for tests and for reports that are small by construction (a comment, a summary). */
export function joinChunks(chunks: Iterable<string>): string {
  return typeof chunks === 'string' ? chunks : [...chunks].join('');
}
