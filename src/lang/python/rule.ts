import type { FileOptions, Rule } from '../../core/rule';
import type { LazyFix, Severity } from '../../core/finding';
import type { NameResolver } from './names';
import type { Node } from './parser';
import type { SourceFile } from './source';

/**
 * The Python side of a rule: `create(ctx)` runs once per file and returns the
 * handlers for the node types the rule wants in that file (the prefilter: a
 * rule that can tell from the text that the file has nothing for it returns
 * `{}`), plus `module:exit`, called with the module node after the visit.
 * The engine captures every node type any rule asked for in one tree-sitter
 * query and dispatches; `facts` feeds the rule's project-level check.
 */
export type PythonHandlers = Record<string, (node: Node) => void>;

export interface PythonRule {
  create(ctx: PythonContext): PythonHandlers;
  /** per-file facts (JSON-serialisable) for the rule's `project` check */
  facts?(ctx: PythonContext): unknown;
}

export interface ReportArgs {
  node?: Node;
  start?: number; // JS index, when no node
  end?: number;
  message: string;
  /** this finding's severity when it differs from the rule's (e.g. a callee that may not run a shell) */
  severity?: Severity;
  /** a fix, or a function that builds it (or declines, with a reason) when the run asks for this rule's fixes */
  fix?: LazyFix;
  /**
   * other lines whose `# noqa` also covers this finding, beside its first and
   * last (an import's first line covers each of its names, as in ruff)
   */
  noqaLines?: number[];
}

export interface PythonContext {
  readonly file: SourceFile;
  readonly names: NameResolver;
  readonly options: FileOptions;
  report(args: ReportArgs): void;
  /**
   * Every node of a type some rule subscribed to in this file, in document
   * order; complete once the visit is over (in `module:exit` and `facts`).
   */
  nodesOfType(type: string): Node[];
  /** Per-file scratch state for this rule, created on first use. */
  state<T>(init: () => T): T;
}

declare module '../../core/rule' {
  interface RuleLanguages {
    python: PythonRule;
  }
}

export type PythonRuleDef = Rule & { python: PythonRule };
