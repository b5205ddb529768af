/**
 * The U01–U19 catalog of ../shared/UPGRADES.md: the plan's own numbering and
 * priorities, and which rule codes detect each upgrade.
 */
export type Priority = 'high' | 'medium' | 'low';

export interface Upgrade {
  id: string;
  title: string;
  priority: Priority;
  impact: 'high' | 'medium' | 'low';
  effort: 'high' | 'medium' | 'low';
  rules: string[];
  /** scaffold kinds that implement (part of) this upgrade */
  scaffolds: string[];
}

export const UPGRADES: Upgrade[] = [
  { id: 'U01', title: 'Integrate unused subsystems', priority: 'high', impact: 'high', effort: 'medium', rules: ['INT001'], scaffolds: [] },
  { id: 'U02', title: 'Fix security issues', priority: 'high', impact: 'high', effort: 'medium', rules: ['SEC001', 'SEC002', 'SEC003', 'SEC004', 'SEC005', 'SEC006'], scaffolds: [] },
  { id: 'U03', title: 'Connection pooling for SQLite', priority: 'high', impact: 'high', effort: 'low', rules: ['DB001'], scaffolds: ['pool'] },
  { id: 'U04', title: 'Replace requests with httpx', priority: 'high', impact: 'medium', effort: 'low', rules: ['NET001'], scaffolds: [] },
  { id: 'U05', title: 'Async database / non-blocking I/O', priority: 'high', impact: 'high', effort: 'medium', rules: ['ASY001', 'DB002'], scaffolds: ['async-cache'] },
  { id: 'U06', title: 'Replace print() with logging', priority: 'medium', impact: 'medium', effort: 'medium', rules: ['LOG001'], scaffolds: [] },
  { id: 'U07', title: 'Prometheus metrics', priority: 'medium', impact: 'medium', effort: 'low', rules: ['OBS001'], scaffolds: ['metrics', 'metrics-server'] },
  { id: 'U08', title: 'Declare missing dependencies', priority: 'medium', impact: 'low', effort: 'low', rules: ['DEP001', 'DEP002', 'DEP003'], scaffolds: [] },
  { id: 'U09', title: 'Docstrings', priority: 'medium', impact: 'medium', effort: 'medium', rules: ['DOC001', 'DOC002', 'DOC003', 'DOC004'], scaffolds: [] },
  { id: 'U10', title: 'Distributed tracing', priority: 'medium', impact: 'medium', effort: 'medium', rules: ['OBS002'], scaffolds: ['tracing'] },
  { id: 'U11', title: 'Test coverage gaps', priority: 'medium', impact: 'medium', effort: 'high', rules: ['TST001'], scaffolds: ['tests'] },
  { id: 'U12', title: 'Modernise type hints', priority: 'medium', impact: 'low', effort: 'low', rules: ['TYP001', 'TYP002', 'TYP003'], scaffolds: [] },
  { id: 'U13', title: 'Resolve TODO / FIXME', priority: 'medium', impact: 'low', effort: 'low', rules: ['TODO001'], scaffolds: [] },
  { id: 'U14', title: 'CLI improvements', priority: 'low', impact: 'low', effort: 'low', rules: ['CLI001'], scaffolds: [] },
  { id: 'U15', title: 'Configuration docs', priority: 'low', impact: 'low', effort: 'low', rules: ['CFG001'], scaffolds: ['config-docs'] },
  { id: 'U16', title: 'Migration guide', priority: 'low', impact: 'low', effort: 'low', rules: ['MIG001'], scaffolds: [] },
  { id: 'U17', title: 'Benchmarking suite', priority: 'low', impact: 'low', effort: 'medium', rules: ['BEN001'], scaffolds: ['benchmarks'] },
  { id: 'U18', title: 'Return type hints', priority: 'low', impact: 'low', effort: 'medium', rules: ['TYP004'], scaffolds: [] },
  { id: 'U19', title: 'Modernise string formatting (f-strings)', priority: 'low', impact: 'low', effort: 'low', rules: ['FMT001', 'FMT002'], scaffolds: [] },
];

export function upgradeById(id: string): Upgrade | undefined {
  return UPGRADES.find((u) => u.id === id);
}
