import type { ts } from 'ts-morph';
import { lineOfIndex, lineStartsOf, lineTextOf, positionOf, type Position } from '../../core/positions';
import { tsv } from './ts';

export type { Position };

export interface JsComment {
  /** UTF-16 offsets of the whole comment, `//` or `/*` included */
  start: number;
  end: number;
  kind: 'line' | 'block';
  text: string;
}


export function scriptKindOf(p: string): ts.ScriptKind {
  if (p.endsWith('.tsx')) return tsv().ScriptKind.TSX;
  if (p.endsWith('.jsx')) return tsv().ScriptKind.JSX;
  if (p.endsWith('.ts') || p.endsWith('.mts') || p.endsWith('.cts')) return tsv().ScriptKind.TS;
  return tsv().ScriptKind.JS;
}

/**
 * A parsed JS/TS file: its text (a JS string; TypeScript's offsets are UTF-16
 * code units, as tree-sitter's are for Python), its compiler-API tree (parent
 * pointers set), and the same 1-based line / code-point column positions as
 * src/python/source.ts.
 */
export class JsSourceFile {
  readonly lineStarts: number[];
  readonly kind: ts.ScriptKind;
  private _sf: ts.SourceFile | null = null;
  private _comments: JsComment[] | null = null;

  constructor(
    readonly path: string, // as shown to the user: relative to cwd, `/` separators
    readonly absPath: string,
    readonly text: string,
  ) {
    this.lineStarts = lineStartsOf(text, true); // JS line terminators too
    this.kind = scriptKindOf(absPath || path);
  }

  /** TypeScript syntax (.ts .tsx .mts .cts), where type annotations are allowed. */
  get isTypeScript(): boolean {
    return this.kind === tsv().ScriptKind.TS || this.kind === tsv().ScriptKind.TSX;
  }

  get sourceFile(): ts.SourceFile {
    if (!this._sf) this._sf = tsv().createSourceFile(this.absPath || this.path, this.text, tsv().ScriptTarget.Latest, true, this.kind);
    return this._sf;
  }

  /** Syntax errors the parser reported (TypeScript's parser recovers; these are its diagnostics). */
  get syntaxDiagnostics(): readonly ts.DiagnosticWithLocation[] {
    return (this.sourceFile as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  }

  /**
   * Every comment, from the trivia of the tree: the gaps between a node's
   * children hold only punctuation, keywords and trivia (strings, templates,
   * regexes and JSX text are nodes of their own), so scanning the gaps finds
   * comments and never reads one out of a literal.
   */
  get comments(): JsComment[] {
    if (this._comments) return this._comments;
    const out: JsComment[] = [];
    const text = this.text;
    const sf = this.sourceFile;
    const scanner = tsv().createScanner(tsv().ScriptTarget.Latest, false, sf.languageVariant, text);
    const seen = new Set<number>();
    const scanGap = (start: number, end: number): void => {
      if (end <= start) return;
      const slash = text.indexOf('/', start);
      if (slash < 0 || slash >= end) return;
      scanner.resetTokenState(start);
      for (;;) {
        const tok = scanner.scan();
        if (tok === tsv().SyntaxKind.EndOfFileToken || scanner.getTokenEnd() > end || scanner.getTokenStart() >= end) break;
        if (tok === tsv().SyntaxKind.SingleLineCommentTrivia || tok === tsv().SyntaxKind.MultiLineCommentTrivia) {
          const s = scanner.getTokenStart();
          if (!seen.has(s)) {
            seen.add(s);
            const e = scanner.getTokenEnd();
            out.push({ start: s, end: e, kind: tok === tsv().SyntaxKind.SingleLineCommentTrivia ? 'line' : 'block', text: text.slice(s, e) });
          }
        }
      }
    };
    const visit = (node: ts.Node): void => {
      let prev = node.pos;
      let any = false;
      tsv().forEachChild(node, (child) => {
        any = true;
        scanGap(prev, child.pos);
        visit(child);
        prev = child.end;
      });
      // a leaf: only its leading trivia (its token may be a literal)
      // (its token may be a literal); a node with no children that is not a token, such as `{}`, `()` or an
      // empty JSX expression, holds only punctuation and trivia
      if (!any) scanGap(node.pos, isToken(node) ? node.getStart(sf) : node.end);
      else scanGap(prev, node.end);
    };
    visit(sf);
    out.sort((a, b) => a.start - b.start);
    this._comments = out;
    return out;
  }

  lineOf(index: number): number {
    return lineOfIndex(this.lineStarts, index);
  }

  position(index: number): Position {
    return positionOf(this.text, this.lineStarts, index);
  }

  lineText(line: number): string {
    return lineTextOf(this.text, this.lineStarts, line, true);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The node's text without its leading trivia. */
  nodeText(node: ts.Node): string {
    return this.text.slice(node.getStart(this.sourceFile), node.end);
  }
}

function isToken(node: ts.Node): boolean {
  return (node.kind >= tsv().SyntaxKind.FirstToken && node.kind <= tsv().SyntaxKind.LastToken) || node.kind === tsv().SyntaxKind.JsxText || node.kind === tsv().SyntaxKind.JsxTextAllWhiteSpaces;
}
