import type { FileError, Finding, Severity } from '../core/finding';
import type { Rule } from '../core/rule';
import type { HistoryEntry } from '../core/history';
import type { Position } from '../core/positions';
import type { UpgradeJudgement, UpgradeStatus } from '../upgrades';

/**
 * What a reporter needs of a run. A `ScanResult` is one; `merge` builds one
 * from the JSON of several shards, which is why this is narrower than it.
 */
export interface ReportResult {
  files: number;
  findings: Finding[];
  errors: FileError[];
  /** the files read (absolute, or relative to the cwd); absent after `merge` */
  scanned?: string[];
  /** the rules that ran; absent after `merge` (then the rules of the findings are listed) */
  rules?: Rule[];
  /** the project roots the files fell into (absolute); absent after `merge` */
  roots?: Array<{ root: string }>;
  /** the text of an input not read from disk (`scan -`), by display path */
  texts?: Map<string, string>;
}

/** Where a sharded run's JSON keeps what `merge` needs to finish the project-level rules. */
export interface ShardInfo {
  index: number;
  total: number;
  /** project-level rules that were held back: display path -> rule code -> facts */
  facts: Record<string, Record<string, unknown>>;
  /** codes of the project-level rules that ran in the shard's selection */
  projectRules: string[];
  /** what `merge` needs to give those rules the same settings: the project root and config file (relative to the cwd) and target version */
  projectRoot: string;
  config: string | null;
  targetVersion: string;
}

export interface ReportContext {
  /** what the text report shows: --min-severity, --statistics */
  view?: ReportView;
  result: ReportResult;
  /** colour allowed (text reporter) */
  color: boolean;
  /** extra summary fields other features add (e.g. docstring coverage, baseline) */
  extraSummary?: Record<string, unknown>;
  /** the repository root (absolute): SARIF, GitHub, GitLab and checklist paths are relative to it (the caller finds it: cli/report-input.ts); absent: the cwd */
  root?: string;
  /** the commit checked out where the report is made (the dashboard's header), asked when a format needs it; null outside git */
  commit?: () => string | null;
  /** where the checklist's permalinks point (https://github.com/OWNER/REPO/blob/SHA), asked when it needs it; null: relative links */
  blobBase?: () => string | null;
  /** a scanned file's text as the checker read it, null when it cannot be read: the lines reports quote, the regions of SARIF fixes; absent: nothing quoted */
  source?: (path: string) => SourceText | null;
  /**
   * each finding's baseline fingerprint (ci/baseline.ts), in the order of
   * result.findings, with paths relative to `root`: SARIF's
   * partialFingerprints, GitLab's fingerprint. Made when a format asks.
   */
  fingerprints?: () => string[];
  /** lines a person should read after the report (e.g. "3 findings hidden by baseline") */
  notes?: string[];
  /** set by `scan --shard`: written to JSON so `merge` can reproduce the unsharded run */
  shard?: ShardInfo;
  /** the file this report is written to (absent on stdout): the dashboard links the rule pages relative to it */
  outputFile?: string;
  /** a baseline was applied: every finding shown is new (SARIF baselineState) */
  baselineApplied?: boolean;
  /**
   * what the HTML dashboard draws besides the findings: the upgrades as `status`
   * judges them (cli/status.ts `dashboardFor`), the history for its burndown
   * (`--history N`) and the paths named on the command line
   */
  dashboard?: { statuses?: Array<UpgradeStatus | UpgradeJudgement>; history?: HistoryEntry[]; paths?: string[] };
}

/** What reporters read of a scanned file: its lines, and where a fix's offsets fall. */
export interface SourceText {
  readonly lineCount: number;
  /** a 1-based line without its line ending */
  lineText(line: number): string;
  /** line and code-point column of a string index (a fix edit's offset) */
  position(index: number): Position;
}

/** What the text report shows of a run (the gate, --fail-on, is separate). */
export interface ReportView {
  /** findings below this severity are counted, not listed (--min-severity) */
  minSeverity?: Severity;
  /** one line per code instead of the findings (--statistics) */
  statistics?: boolean;
  /** findings on lines changed since --changed-since come first where reporters rank (github) */
  changedLines?: (path: string, line: number) => boolean;
  /** the text report within a file: by line (default), or the highest severities first (--sort severity) */
  sort?: 'line' | 'severity';
  /** the findings and errors only: no summary, no notes (--quiet, as ruff's) */
  quiet?: boolean;
}

/**
 * A report, in the pieces its reporter makes as it goes (report/stream.ts):
 * no reporter builds one string of the whole report.
 */
export type Reporter = (ctx: ReportContext) => Iterable<string>;
