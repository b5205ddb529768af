import type { ts } from 'ts-morph';
import type { FileOptions, ProjectContext } from '../../core/rule';
import type { LazyFix, Severity } from '../../core/finding';
import type { JsNames } from './names';
import type { JsSourceFile } from './source';

/**
 * The JS/TS side of a rule, shaped like the Python side (src/python/rule.ts):
 * `create(ctx)` runs once per file and returns handlers keyed by the
 * TypeScript `SyntaxKind` name of the nodes it wants (`CallExpression`,
 * `NewExpression`, …), plus `SourceFile:exit`, called with the file's root
 * after the visit. Returning `{}` after looking at the text is the
 * prefilter; a rule that returns `{}` for every file costs no traversal.
 * Nodes are the compiler API's (`import { ts } from 'ts-morph'`), read-only;
 * fixes are built with ts-morph's manipulation API (src/js/edit.ts) and
 * verified to parse.
 */
export type JsHandlers = Record<string, (node: ts.Node) => void>;

export interface JsRule {
  create(ctx: JsContext): JsHandlers;
  /** per-file facts (JSON-serialisable) for `project` */
  facts?(ctx: JsContext): unknown;
  /**
   * project-level check over the JS/TS files' facts (the engine calls it with
   * only the JS/TS files in `ctx.files`, beside the rule's Python `project`)
   */
  project?(ctx: ProjectContext): void;
}

export interface JsReportArgs {
  node?: ts.Node;
  start?: number; // UTF-16 index, when no node
  end?: number;
  message: string;
  severity?: Severity;
  fix?: LazyFix;
}

export interface JsContext {
  readonly file: JsSourceFile;
  readonly names: JsNames;
  readonly options: FileOptions;
  report(args: JsReportArgs): void;
  /** Per-file scratch state for this rule, created on first use. */
  state<T>(init: () => T): T;
}

declare module '../../core/rule' {
  interface RuleLanguages {
    js: JsRule;
  }
}

