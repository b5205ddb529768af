import type { Node } from '../python/parser';
import type { NameResolver } from '../python/names';
import type { SourceFile } from '../python/source';

export type Severity = 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: Severity[] = ['high', 'medium', 'low', 'info'];

/** A text edit in the decoded file text (JS string indices, i.e. UTF-16 code units). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  /** safe: `fix` applies it; unsafe: only with --unsafe-fixes */
  safety: 'safe' | 'unsafe';
  description: string;
  edits: Edit[];
}

export interface Finding {
  code: string;
  upgrade: string;
  severity: Severity;
  message: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix: Fix | null;
  /** JS string index range of the finding in the file; kept for suppressions, baselines and fixes, not in JSON output */
  start?: number;
  end?: number;
  /** internal: reported by a project-level rule (not in JSON output) */
  project?: boolean;
}

export interface FileError {
  path: string;
  message: string;
}

/** Options resolved for one file (from CLI flags and pyproject config). */
export interface FileOptions {
  /** minor version of Python 3 targeted, e.g. 9 for py39 */
  targetMinor: number;
  /** rule-specific options from config, keyed by config name (e.g. "allow-print-in") */
  settings: Record<string, unknown>;
  /** set by `fix`: rules may build fixes that cost too much for a scan (DOC skeletons) */
  fixing?: boolean;
  /** with `fixing`: codes whose fixes are not applied in this run */
  fixBlocked?: string[];
}

export interface ReportArgs {
  node?: Node;
  start?: number; // JS index, when no node
  end?: number;
  message: string;
  fix?: Fix | null;
}

export interface RuleContext {
  readonly file: SourceFile;
  readonly names: NameResolver;
  readonly options: FileOptions;
  report(args: ReportArgs): void;
  /**
   * Every node of a type some rule subscribed to in this file (through
   * `nodeTypes`/`nodeTypesFor`), in document order; complete once the visit
   * phase is over (in `finish` and `facts`).
   */
  nodesOfType(type: string): Node[];
  /** Per-file scratch state for this rule, created on first use. */
  state<T>(init: () => T): T;
}

export interface ProjectFile {
  path: string;
  absPath: string;
  /** what this rule's `facts` returned for the file */
  facts: unknown;
}

export interface ProjectContext {
  /** the project root: the folder of the pyproject.toml in use, else the cwd */
  root: string;
  /** every scanned Python file with this rule's facts */
  files: ProjectFile[];
  options: FileOptions;
  /** report at a file (path as in ProjectFile.path, or an absolute path, e.g. pyproject.toml) and 1-based line */
  report(args: { path: string; line?: number; column?: number; message: string }): void;
  /** report a problem with an input the rule needed (e.g. a broken pyproject.toml) */
  error(path: string, message: string): void;
}

export interface Rule {
  /** public, stable: SEC003 */
  code: string;
  /** kebab-case name: subprocess-shell-true */
  name: string;
  /** catalog id in src/upgrades.ts: U02 */
  upgrade: string;
  severity: Severity;
  /** one line for listings and SARIF shortDescription */
  summary: string;
  /** Markdown: What it does / Why is this bad? / Example / Use instead / Fix safety */
  docs: string;
  cwe?: number;
  /** bandit test ids that a `# nosec B602` comment names for this rule */
  nosec?: string[];
  /** 'never' when the rule has no fix */
  fixable?: 'safe' | 'unsafe' | 'sometimes' | 'never';
  /** the syntax node types `visit` wants, e.g. ['call'] */
  nodeTypes?: string[];
  /**
   * Optional per-file narrowing of `nodeTypes`, decided from the text before
   * any node is captured (e.g. skip string literals when no token shape occurs
   * anywhere in the file). Must return a subset of `nodeTypes`.
   */
  nodeTypesFor?(file: SourceFile): string[];
  visit?(node: Node, ctx: RuleContext): void;
  /** runs once per file after all nodes were visited */
  finish?(ctx: RuleContext): void;
  /** per-file facts (JSON-serialisable) gathered for `project` */
  facts?(ctx: RuleContext): unknown;
  /** project-level check, after every file was read */
  project?(ctx: ProjectContext): void;
}
