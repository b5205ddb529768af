import type { Node, Tree } from './parser';
import { lineOfIndex, lineStartsOf, lineTextOf, newlineStarts, positionOf, type Position } from '../../core/positions';
import { parsePython } from './parser';
import type { AppliedEdit } from '../../core/edits';

export type { Position };

/** An edit as it was applied: offsets in the old text, and the text inserted exactly as written (line endings included). */

/** Incremental reparsing of edited files (`SourceFile.edited`); off only to compare it with fresh parses (tests). */
let incremental = true;
export function setIncrementalParsing(on: boolean): void {
  incremental = on;
}

/** A tree-sitter point (0-based row, column in UTF-16 code units) of `index`, given newlineStarts of the text. */
function pointOf(rows: number[], index: number): { row: number; column: number } {
  const row = lineOfIndex(rows, index) - 1;
  return { row, column: index - rows[row] };
}

/**
 * A parsed Python file: its text (a JS string; tree-sitter indices are UTF-16
 * code units, so `text.slice(node.startIndex, node.endIndex)` is exact), its
 * tree, and a line index for 1-based positions.
 */
export class SourceFile {
  readonly lineStarts: number[];
  private _tree: Tree | null = null;
  /** for an edited file: the previous text's tree (a copy) and the edits that lead from it to this text */
  private base: { tree: Tree; oldText: string; edits: AppliedEdit[] } | null = null;

  /**
   * The file after `edits` (applied to `prev.text`, giving `text`): parsed
   * incrementally from `prev`'s tree, so a fix pass reparses the regions it
   * changed instead of the whole file.
   */
  static edited(prev: SourceFile, text: string, edits: AppliedEdit[]): SourceFile {
    const f = new SourceFile(prev.path, prev.absPath, text);
    if (incremental && edits.length) f.base = { tree: prev.tree.copy(), oldText: prev.text, edits };
    return f;
  }

  constructor(
    readonly path: string, // as shown to the user: relative to cwd, `/` separators
    readonly absPath: string,
    readonly text: string,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  get tree(): Tree {
    if (!this._tree) {
      const base = this.base;
      if (base) {
        this.base = null;
        try {
          const rowStarts = newlineStarts(base.oldText);
          // from the last edit to the first: each one's offsets in the old text still hold when it is applied
          for (const e of [...base.edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
            const startPosition = pointOf(rowStarts, e.start);
            const rows = e.text.split('\n').length - 1;
            const newEndPosition = rows ? { row: startPosition.row + rows, column: e.text.length - e.text.lastIndexOf('\n') - 1 } : { row: startPosition.row, column: startPosition.column + e.text.length };
            base.tree.edit({ startIndex: e.start, oldEndIndex: e.end, newEndIndex: e.start + e.text.length, startPosition, oldEndPosition: pointOf(rowStarts, e.end), newEndPosition });
          }
          this._tree = parsePython(this.text, base.tree);
        } finally {
          base.tree.delete();
        }
      } else this._tree = parsePython(this.text);
    }
    return this._tree;
  }

  get root(): Node {
    return this.tree.rootNode;
  }

  /** Free the WASM memory of the tree. */
  dispose(): void {
    this._tree?.delete();
    this._tree = null;
    this.base?.tree.delete();
    this.base = null;
  }

  lineOf(index: number): number {
    return lineOfIndex(this.lineStarts, index);
  }

  position(index: number): Position {
    return positionOf(this.text, this.lineStarts, index);
  }

  /** The text of a 1-based line without its line ending. */
  lineText(line: number): string {
    return lineTextOf(this.text, this.lineStarts, line);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  nodeText(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}
