import type { ScanResult } from '../engine/run';

export interface ReportContext {
  result: ScanResult;
  /** colour allowed (text reporter) */
  color: boolean;
  /** extra summary fields other features add (e.g. docstring coverage, baseline) */
  extraSummary?: Record<string, unknown>;
}

export type Reporter = (ctx: ReportContext) => string;
