// TRANSITIONAL re-exports while rules move to src/core and src/python/rule.ts
export * from '../core/finding';
export type { FileOptions, ProjectContext, ProjectFile } from '../core/rule';
export type { ReportArgs, PythonContext as RuleContext } from '../python/rule';
import type { Rule as CoreRule } from '../core/rule';
import type { Node } from '../python/parser';
import type { PythonContext } from '../python/rule';
import type { SourceFile } from '../python/source';
export type Rule = CoreRule & {
  nodeTypes?: string[];
  nodeTypesFor?(file: SourceFile): string[];
  visit?(node: Node, ctx: PythonContext): void;
  finish?(ctx: PythonContext): void;
  facts?(ctx: PythonContext): unknown;
};
