import type { Node, Tree } from './parser';
import { parsePython } from './parser';

export interface Position {
  line: number; // 1-based
  column: number; // 1-based, in Unicode code points
}

/**
 * A parsed Python file: its text (a JS string; tree-sitter indices are UTF-16
 * code units, so `text.slice(node.startIndex, node.endIndex)` is exact), its
 * tree, and a line index for 1-based positions.
 */
export class SourceFile {
  readonly lineStarts: number[];
  private _tree: Tree | null = null;

  constructor(
    readonly path: string, // as shown to the user: relative to cwd, `/` separators
    readonly absPath: string,
    readonly text: string,
  ) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // the common case: only \n line endings, found by the engine's native search, not a loop over every code unit
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
  }

  get tree(): Tree {
    if (!this._tree) this._tree = parsePython(this.text);
    return this._tree;
  }

  get root(): Node {
    return this.tree.rootNode;
  }

  /** Free the WASM memory of the tree. */
  dispose(): void {
    this._tree?.delete();
    this._tree = null;
  }

  lineOf(index: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  position(index: number): Position {
    const line = this.lineOf(index);
    const start = this.lineStarts[line - 1];
    let column = 1;
    for (let i = start; i < index; i++) {
      const c = this.text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) i++;
      column++;
    }
    return { line, column };
  }

  /** The text of a 1-based line without its line ending. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    let end = line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.text.slice(start, end);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  nodeText(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}
