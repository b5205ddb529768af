import type { Node, Tree } from './parser';
import { lineOfIndex, positionOf, type Position } from '../core/positions';
import { parsePython } from './parser';

export type { Position };

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
    return lineOfIndex(this.lineStarts, index);
  }

  position(index: number): Position {
    return positionOf(this.text, this.lineStarts, index);
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
