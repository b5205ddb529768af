import { execFileSync } from 'node:child_process';
import { parse as parseToml } from 'smol-toml';
import type { Edit } from '../../core/finding';

/**
 * Minimal edits to a pyproject.toml: the spans come from a TOML parser's
 * concrete syntax tree (@decimalturn/toml-patch, which keeps every position),
 * and the edit only inserts or removes the text of one array item, key or
 * table, so comments, key order, quoting and alignment stay as written.
 * (toml-patch's own `patch()` re-aligns trailing comments, so it is used for
 * parsing only.) Every result is re-parsed with smol-toml and compared with
 * the intended change (`verifyTomlEdit`).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Cst = any;

/**
 * The package is an ES module only. Node 20.19+ loads it with require(); where
 * that fails (older Node 20, or a CommonJS test runner that cannot), a child
 * Node parses the text with import() and hands the syntax tree back as JSON.
 */
type TomlPatch = typeof import('@decimalturn/toml-patch');
let loaded: TomlPatch | null | undefined;

const CHILD = `import('@decimalturn/toml-patch').then(({ TomlDocument }) => {
  let text = ''; process.stdin.on('data', (d) => (text += d)).on('end', () => process.stdout.write(JSON.stringify(new TomlDocument(text).cst)));
})`;

function parseCst(text: string): Cst[] {
  if (loaded === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('@decimalturn/toml-patch') as TomlPatch;
    } catch {
      loaded = null;
    }
  }
  if (loaded) return loaded.parseDocument(text).cst as Cst[];
  const out = execFileSync(process.execPath, ['-e', CHILD], { input: text, encoding: 'utf8', cwd: __dirname, maxBuffer: 64 << 20 });
  return JSON.parse(out) as Cst[];
}

function lineStarts(text: string): number[] {
  const s = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') s.push(i + 1);
  return s;
}

export class TomlText {
  readonly cst: Cst[];
  private readonly starts: number[];
  constructor(readonly text: string) {
    this.cst = parseCst(text);
    this.starts = lineStarts(text);
  }

  offset(p: { line: number; column: number }): number {
    return this.starts[p.line - 1] + p.column;
  }

  /** Start of the line after the one holding `loc`'s end (or the end of the text). */
  afterLine(line: number): number {
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }

  lineText(line: number): string {
    const s = this.starts[line - 1];
    const e = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return this.text.slice(s, e).replace(/\r$/, '');
  }

  eol(): string {
    return /\r\n/.test(this.text) ? '\r\n' : '\n';
  }

  /** A `[a.b]` table node by its dotted path. */
  table(path: string[]): Cst | null {
    return this.cst.find((n) => n.type === 'Table' && sameKey(n.key.item.value, path)) ?? null;
  }

  /**
   * The key/value defining `path` (e.g. project.dependencies), wherever it is
   * written: `[project]` + `dependencies = …`, or `[project]` + a dotted key.
   */
  keyValue(path: string[]): { kv: Cst; table: Cst | null } | null {
    for (const n of this.cst) {
      if (n.type === 'KeyValue' && sameKey(n.key.value, path)) return { kv: n, table: null };
      if (n.type !== 'Table') continue;
      const prefix: string[] = n.key.item.value;
      if (!startsWith(path, prefix)) continue;
      for (const it of n.items) if (it.type === 'KeyValue' && sameKey([...prefix, ...it.key.value], path)) return { kv: it, table: n };
    }
    return null;
  }
}

function sameKey(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
function startsWith(a: string[], prefix: string[]): boolean {
  return prefix.length <= a.length && prefix.every((x, i) => a[i] === x);
}

/** The quote the file's strings mostly use (the array's items first). */
function quoteOf(items: Cst[], fallback = '"'): string {
  const raw = items.find((i) => i.item?.type === 'String')?.item.raw as string | undefined;
  return raw?.startsWith("'") ? "'" : fallback;
}

export function tomlString(value: string, quote: string): string {
  if (quote === "'" && !value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}

/** The edit appending a string to an inline array (one item per line or one line, as the array is written). */
export function appendToArray(t: TomlText, array: Cst, value: string): Edit[] {
  const items: Cst[] = array.items;
  const q = quoteOf(items);
  const item = tomlString(value, q);
  const start = t.offset(array.loc.start);
  const end = t.offset(array.loc.end); // just after `]`
  if (!items.length) return [{ start, end, text: `[${item}]` }];
  const last = items[items.length - 1];
  const multi = array.loc.start.line !== array.loc.end.line;
  const closeLine = t.lineText(array.loc.end.line);
  const closeAlone = closeLine.slice(0, array.loc.end.column - 1).trim() === '';
  if (multi && closeAlone && last.loc.end.line < array.loc.end.line) {
    const indent = /^[ \t]*/.exec(t.lineText(last.loc.start.line))![0];
    const at = t.offset({ line: array.loc.end.line, column: 0 });
    const add: Edit = { start: at, end: at, text: `${indent}${item},${t.eol()}` };
    // a last item without its comma gets one (right after the item, before any comment)
    return last.comma ? [add] : [{ start: t.offset(last.loc.end), end: t.offset(last.loc.end), text: ',' }, add];
  }
  const after = t.offset(last.loc.end);
  return [{ start: after, end: after, text: `, ${item}` }];
}

/** The edit removing the array item whose string value satisfies `match`; null when it is not found or cannot be cut cleanly. */
export function removeFromArray(t: TomlText, array: Cst, match: (value: string) => boolean): Edit | null {
  const items: Cst[] = array.items;
  const i = items.findIndex((it) => it.item?.type === 'String' && match(it.item.value));
  if (i < 0) return null;
  const it = items[i];
  const line = it.loc.start.line;
  const own = items.filter((x) => x.loc.start.line === line || x.loc.end.line === line);
  const lt = t.lineText(line);
  // alone on its line (with its comma and comment): the line goes
  if (own.length === 1 && it.loc.end.line === line && array.loc.start.line < line && array.loc.end.line > line && lt.slice(0, it.loc.start.column).trim() === '') {
    return { start: t.offset({ line, column: 0 }), end: t.afterLine(line), text: '' };
  }
  // otherwise the item and the comma after it (or the comma before it, for the last one)
  const s = t.offset(it.loc.start);
  if (i < items.length - 1) return { start: s, end: t.offset(items[i + 1].loc.start), text: '' };
  if (i > 0) {
    const prevEnd = t.offset(items[i - 1].loc.end);
    return { start: prevEnd, end: t.offset(it.loc.end), text: '' };
  }
  return { start: t.offset(array.loc.start), end: t.offset(array.loc.end), text: '[]' };
}

/** Insert a `key = value` line after the last key/value of a table (or right after its header). */
export function addKeyToTable(t: TomlText, table: Cst, line: string): Edit {
  const kvs = (table.items as Cst[]).filter((x) => x.type === 'KeyValue');
  const lastLine = kvs.length ? kvs[kvs.length - 1].loc.end.line : table.key.loc.end.line;
  const at = t.afterLine(lastLine);
  const needsEol = at === t.text.length && !t.text.endsWith('\n');
  return { start: at, end: at, text: `${needsEol ? t.eol() : ''}${line}${t.eol()}` };
}

/** Add a new `[path]` table with some lines after `after` (a table), or at the end. */
export function addTable(t: TomlText, path: string[], lines: string[], after: Cst | null): Edit {
  const eol = t.eol();
  const body = `[${path.join('.')}]${eol}${lines.map((l) => l + eol).join('')}`;
  if (after) {
    const kvs = (after.items as Cst[]).filter((x) => x.type === 'KeyValue');
    const lastLine = kvs.length ? kvs[kvs.length - 1].loc.end.line : after.key.loc.end.line;
    const at = t.afterLine(lastLine);
    return { start: at, end: at, text: `${at === t.text.length && !t.text.endsWith('\n') ? eol : ''}${eol}${body}` };
  }
  const at = t.text.length;
  return { start: at, end: at, text: `${t.text.endsWith('\n') || !t.text ? '' : eol}${t.text.trim() ? eol : ''}${body}` };
}

/** Add a `key = value` item to an inline table `{ a = 1 }`. */
export function addToInlineTable(t: TomlText, inline: Cst, key: string, value: string): Edit {
  const items: Cst[] = inline.items;
  if (!items.length) return { start: t.offset(inline.loc.start), end: t.offset(inline.loc.end), text: `{ ${key} = ${value} }` };
  const at = t.offset(items[items.length - 1].loc.end);
  return { start: at, end: at, text: `, ${key} = ${value}` };
}

export function applyTextEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * The edited text parses, and means the original plus exactly the intended
 * change: `expect` applies the change to the original's parsed document.
 * Returns null, or why the edit must not be written.
 */
export function verifyTomlEdit(before: string, after: string, expect: (doc: Record<string, any>) => void): string | null {
  let want: Record<string, any>;
  let got: Record<string, any>;
  try {
    want = parseToml(before) as Record<string, any>;
  } catch (err) {
    return `the original does not parse: ${(err as Error).message}`;
  }
  try {
    got = parseToml(after) as Record<string, any>;
  } catch (err) {
    return `the edited file does not parse as TOML: ${(err as Error).message.split('\n')[0]}`;
  }
  expect(want);
  return deepEqual(want, got) ? null : 'the edited file parses, but means something other than the intended change';
}
