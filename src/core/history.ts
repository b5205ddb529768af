/** One commit of `status --history`: what the engine judged there, and what the dashboard's burndown draws. */
export interface HistoryEntry {
  commit: string;
  date: string;
  subject: string;
  reused: boolean;
  done: number;
  findings: number;
  upgrades: Record<string, { state: string; findings: number }>;
}
