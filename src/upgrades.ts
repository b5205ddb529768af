import path from 'node:path';
import { allRules } from './rules/registry';
import { benchmarkWorks, metricsEvidence, type Evidence } from './lang/python/evidence';
import { importsAny, type ModuleFacts } from './lang/python/modules';
import { relPosix } from './core/paths';

/**
 * The U01–U19 upgrade catalog: the plan's own numbering and priorities
 * (UPGRADE_PLAN_V0.3.0.md is the plan `rfsn-upgrade plan` writes for the
 * sample project), which scaffolds help, and how `status` judges each
 * upgrade's state. Which rules detect an upgrade is not written here: it is
 * each rule's `upgrade` (src/rules/<group>/<CODE>-*.ts), read from the registry.
 *
 *   done     no finding of its rules, every scaffold it `requires` is present and works
 *            (metrics the application imports, a benchmark that runs), and no work
 *            left that findings do not show (tests that only skip)
 *   partial  a required scaffold is present but findings remain (or another is missing),
 *            or only such unfinished work is left
 *   todo     otherwise
 *   unknown  it would be done, but some of its rules could not run (e.g. the
 *            project-level rules found no project): "no findings" proves nothing
 */
export type Priority = 'high' | 'medium' | 'low';
export type UpgradeState = 'todo' | 'partial' | 'done' | 'unknown';

export interface Upgrade {
  id: string;
  title: string;
  priority: Priority;
  impact: 'high' | 'medium' | 'low';
  effort: 'high' | 'medium' | 'low';
  /** the codes of the rules whose `upgrade` is this id, sorted (derived from the registry) */
  readonly rules: string[];
  /** scaffold kinds that implement (part of) this upgrade */
  scaffolds: string[];
  /** scaffolds whose presence (detected from the project's files) `done` requires */
  requires: string[];
  /** what to do, one sentence for the plan */
  action: string;
}

const CATALOG: Array<Omit<Upgrade, 'rules'>> = [
  { id: 'U01', title: 'Integrate unused subsystems', priority: 'high', impact: 'high', effort: 'medium', scaffolds: [], requires: [], action: 'Wire each unused package into the code that should call it, or delete it.' },
  { id: 'U02', title: 'Fix security issues', priority: 'high', impact: 'high', effort: 'medium', scaffolds: [], requires: [], action: 'Replace eval/exec, pass argument lists instead of shell=True, use secrets for tokens and read credentials from the environment.' },
  { id: 'U03', title: 'Connection pooling for SQLite', priority: 'high', impact: 'high', effort: 'low', scaffolds: ['pool'], requires: ['pool'], action: 'Add one shared connection pool (get_pool) and route every sqlite3.connect through it.' },
  { id: 'U04', title: 'Replace requests with httpx', priority: 'high', impact: 'medium', effort: 'low', scaffolds: [], requires: [], action: 'Move HTTP calls from requests to httpx (same API for the common calls, HTTP/2 and async available).' },
  { id: 'U05', title: 'Async database / non-blocking I/O', priority: 'high', impact: 'high', effort: 'medium', scaffolds: ['async-cache'], requires: ['async-cache'], action: 'Take blocking calls out of async functions: aiosqlite for the database, httpx.AsyncClient, asyncio.sleep, asyncio subprocesses.' },
  { id: 'U06', title: 'Replace print() with logging', priority: 'medium', impact: 'medium', effort: 'medium', scaffolds: [], requires: [], action: 'Replace print() with a module logger so output has levels and can be configured.' },
  { id: 'U07', title: 'Prometheus metrics', priority: 'medium', impact: 'medium', effort: 'low', scaffolds: ['metrics', 'metrics-server'], requires: ['metrics', 'metrics-server'], action: 'Instrument the main operations with prometheus_client and expose /metrics.' },
  { id: 'U08', title: 'Declare missing dependencies', priority: 'medium', impact: 'low', effort: 'low', scaffolds: [], requires: [], action: 'Declare every third-party import in pyproject.toml, drop unused dependencies, and put optional imports in extras.' },
  { id: 'U09', title: 'Docstrings', priority: 'medium', impact: 'medium', effort: 'medium', scaffolds: [], requires: [], action: 'Write docstrings for public modules, classes and functions, starting with the most used.' },
  { id: 'U10', title: 'Distributed tracing', priority: 'medium', impact: 'medium', effort: 'medium', scaffolds: ['tracing'], requires: ['tracing'], action: 'Set up OpenTelemetry tracing with an OTLP exporter and put spans around the slow, remote calls.' },
  { id: 'U11', title: 'Test coverage gaps', priority: 'medium', impact: 'medium', effort: 'high', scaffolds: ['tests'], requires: [], action: 'Add tests for the untested modules, starting with the ones that hold state or talk to the outside.' },
  { id: 'U12', title: 'Modernise type hints', priority: 'medium', impact: 'low', effort: 'low', scaffolds: [], requires: [], action: 'Use built-in generics (list[int]) and X | None instead of typing.List and Optional.' },
  { id: 'U13', title: 'Resolve TODO / FIXME', priority: 'medium', impact: 'low', effort: 'low', scaffolds: [], requires: [], action: 'Resolve each TODO/FIXME/XXX/HACK or turn it into a tracked issue.' },
  { id: 'U14', title: 'CLI improvements', priority: 'low', impact: 'low', effort: 'low', scaffolds: [], requires: [], action: 'Give every command --version, -v/--verbose, --dry-run and a machine-readable --output/--format.' },
  { id: 'U15', title: 'Configuration docs', priority: 'low', impact: 'low', effort: 'low', scaffolds: ['config-docs'], requires: [], action: 'Document every environment variable the code reads, with its default.' },
  { id: 'U16', title: 'Migration guide', priority: 'low', impact: 'low', effort: 'low', scaffolds: [], requires: [], action: 'Write a migration guide for the version that ships these upgrades.' },
  { id: 'U17', title: 'Benchmarking suite', priority: 'low', impact: 'low', effort: 'medium', scaffolds: ['benchmarks'], requires: ['benchmarks'], action: 'Add a benchmarks/ suite that measures the hot paths before and after each change.' },
  { id: 'U18', title: 'Return type hints', priority: 'low', impact: 'low', effort: 'medium', scaffolds: [], requires: [], action: 'Annotate the return type of every public function.' },
  { id: 'U19', title: 'Modernise string formatting (f-strings)', priority: 'low', impact: 'low', effort: 'low', scaffolds: [], requires: [], action: 'Use f-strings instead of str.format() and % on literals.' },
];

let byUpgrade: Map<string, string[]> | null = null;

/** The codes of the rules that detect upgrade `id`, from each rule's `upgrade`. */
export function rulesOfUpgrade(id: string): string[] {
  if (!byUpgrade) {
    byUpgrade = new Map();
    for (const r of allRules()) {
      let list = byUpgrade.get(r.upgrade);
      if (!list) byUpgrade.set(r.upgrade, (list = []));
      list.push(r.code);
    }
    for (const list of byUpgrade.values()) list.sort();
  }
  return [...(byUpgrade.get(id) ?? [])];
}

export const UPGRADES: Upgrade[] = CATALOG.map((u) => ({
  ...u,
  get rules(): string[] {
    return rulesOfUpgrade(u.id);
  },
}));

export function upgradeById(id: string): Upgrade | undefined {
  return UPGRADES.find((u) => u.id === id);
}

export const PRIORITIES: Priority[] = ['high', 'medium', 'low'];

/** What `status` looks at besides findings: the project's files and the facts of each. */
export interface ProjectView {
  root: string;
  /** display path, absolute path (needed to resolve imports), module facts */
  files: Array<{ path: string; absPath?: string; facts: ModuleFacts | undefined }>;
  /** the folders module names start from (default: the root) */
  roots?: string[];
  /**
   * the interpreter evidence is run with (a benchmark's short run); null: none
   * found; absent: nothing is run (a report that only shows findings)
   */
  python?: string | null;
  /** work left that no finding shows, by scaffold kind (the tests to write: skipped stubs) */
  unfinished?: Record<string, string>;
}

export interface ScaffoldProbe {
  kind: string;
  /** how presence is detected, for the plan */
  describe: string;
  /** the file (display path) or folder that shows the scaffold is there and works, or null; and why */
  find(view: ProjectView): Evidence;
}

function firstFile(view: ProjectView, what: string, test: (f: ModuleFacts, p: string) => boolean): Evidence {
  const hit = [...view.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).find((f) => f.facts && test(f.facts, f.path));
  return hit ? { at: hit.path, why: what } : { at: null, why: `no ${what}` };
}

const defines = (f: ModuleFacts, name: string): boolean => f.defs.some((d) => d.name === name);
const baseName = (p: string): string => p.split('/').pop() ?? p;

const shown = (p: string): string => (path.isAbsolute(p) ? relPosix(process.cwd(), p) || '.' : p);

export const SCAFFOLD_PROBES: Record<string, ScaffoldProbe> = {
  pool: { kind: 'pool', describe: 'a module defining get_pool(), such as db_pool.py', find: (v) => firstFile(v, 'module defining get_pool()', (f) => defines(f, 'get_pool')) },
  'async-cache': { kind: 'async-cache', describe: 'a module importing aiosqlite', find: (v) => firstFile(v, 'module importing aiosqlite', (f) => importsAny(f, ['aiosqlite'])) },
  metrics: {
    kind: 'metrics',
    describe: 'a module importing prometheus_client that the application imports',
    find: (v) => metricsEvidence(v.files, v.root, v.roots ?? [v.root]),
  },
  'metrics-server': {
    kind: 'metrics-server',
    describe: 'metrics_server.py or a module defining start_metrics_server()',
    find: (v) => firstFile(v, 'metrics_server.py or a module defining start_metrics_server()', (f, p) => baseName(p) === 'metrics_server.py' || defines(f, 'start_metrics_server')),
  },
  tracing: {
    kind: 'tracing',
    describe: 'a module importing opentelemetry, or tracing.py defining a traced decorator',
    find: (v) => firstFile(v, 'module importing opentelemetry, or tracing.py defining traced()', (f, p) => importsAny(f, ['opentelemetry']) || (baseName(p) === 'tracing.py' && defines(f, 'traced'))),
  },
  benchmarks: {
    kind: 'benchmarks',
    describe: 'a benchmark (benchmarks/, asv, or pytest-benchmark tests) that runs a short iteration',
    find: (v) => {
      if (v.python === undefined) return { at: null, why: 'not run in this report (rfsn-upgrade status runs it)' };
      const hit = benchmarkWorks(v.root, v.files, v.roots ?? [v.root], v.python);
      return hit.at ? { at: shown(hit.at), why: hit.why } : hit;
    },
  },
};

/**
 * The state of an upgrade from its finding count and the scaffolds found.
 * `incomplete`: some of its rules could not run, so no findings is no
 * evidence and the answer is `unknown` where it would have been `done`
 * (findings and missing scaffolds are still known work: todo or partial).
 */
export function judgeState(u: Upgrade, findings: number, present: ReadonlySet<string>, incomplete = false): UpgradeState {
  const have = u.requires.filter((k) => present.has(k));
  if (findings === 0 && have.length === u.requires.length) return incomplete ? 'unknown' : 'done';
  if (have.length > 0) return 'partial';
  return 'todo';
}

export interface UpgradeJudgement {
  upgrade: Upgrade;
  state: UpgradeState;
  findings: number;
  /** files with findings, sorted */
  files: string[];
  /** false when none of its rules ran (ignored in config, or not available) */
  checked: boolean;
  /** its rules that were selected but could not run (sorted): why the state may be `unknown` */
  notRun: string[];
  /** every scaffold it requires, with the evidence accepted (where, and why it works) or why none was */
  scaffolds: Array<{ kind: string; at: string | null; why: string }>;
  /** work left that no finding shows (tests to write): the upgrade is partial, not done */
  unfinished: string[];
}

/** What `upgradeStatuses` returns: never `unknown`, since it is not told which rules could not run. */
export interface UpgradeStatus extends Omit<UpgradeJudgement, 'state' | 'notRun'> {
  state: Exclude<UpgradeState, 'unknown'>;
}

/**
 * Judge every upgrade from a scan's findings, the rules that ran, the rules
 * that were asked for but could not run (`notRun`, e.g. project-level rules
 * with no project root to run on), and the project's files. An upgrade with
 * one of its rules in `notRun` is never `done`: it is `unknown` instead.
 */
export function judgeUpgrades(
  findings: Array<{ upgrade: string; path: string }>,
  ranCodes: ReadonlySet<string>,
  view: ProjectView,
  notRun: ReadonlySet<string> = new Set(),
): UpgradeJudgement[] {
  const probes = new Map<string, Evidence>();
  const probe = (kind: string): Evidence => {
    if (!probes.has(kind)) probes.set(kind, SCAFFOLD_PROBES[kind]?.find(view) ?? { at: null, why: `no way to detect ${kind}` });
    return probes.get(kind)!;
  };
  return UPGRADES.map((u) => {
    const own = findings.filter((f) => f.upgrade === u.id);
    const scaffolds = u.requires.map((kind) => ({ kind, ...probe(kind) }));
    const present = new Set(scaffolds.filter((s) => s.at).map((s) => s.kind));
    const missing = u.rules.filter((c) => notRun.has(c));
    const checked = u.rules.some((c) => ranCodes.has(c) && !notRun.has(c));
    const unfinished = u.scaffolds.flatMap((k) => (view.unfinished?.[k] ? [view.unfinished[k]] : []));
    let state: UpgradeState;
    if (checked) state = judgeState(u, own.length, present, missing.length > 0);
    else if (missing.length) state = own.length === 0 && present.size === u.requires.length ? 'unknown' : present.size ? 'partial' : 'todo';
    else state = present.size ? 'partial' : 'todo';
    // no finding left, but work no finding shows (tests that only skip): begun, not done
    if (state === 'done' && unfinished.length) state = 'partial';
    return { upgrade: u, state, findings: own.length, files: [...new Set(own.map((f) => f.path))].sort(), checked, notRun: missing, scaffolds, unfinished };
  });
}

/** Judge every upgrade from a scan's findings, the rules that ran, and the project's files (every rule that ran is taken to have run fully). */
export function upgradeStatuses(findings: Array<{ upgrade: string; path: string }>, ranCodes: ReadonlySet<string>, view: ProjectView): UpgradeStatus[] {
  return judgeUpgrades(findings, ranCodes, view).map(({ notRun: _notRun, state, ...rest }) => {
    if (state === 'unknown') throw new Error(`${rest.upgrade.id}: unknown without rules that could not run`);
    return { ...rest, state };
  });
}
