import type { z } from 'zod';
import type { LazyFix, Severity } from './finding';
import type { NoqaDirective } from './suppression';

/**
 * The rule contract, language-neutral. A rule file exports `rule`: its
 * metadata and docs, the options it reads from `[tool.rfsn-upgrade]` (a zod
 * shape, merged into the config schema), one check per language it supports
 * (each language adds its field to `RuleLanguages`, e.g. `python`), and an
 * optional project-level check that runs once over every file's facts.
 */
export interface RuleMeta {
  /** public, stable: SEC003 */
  code: string;
  /** kebab-case name: subprocess-shell-true */
  name: string;
  /** catalog id in src/upgrades.ts: U02 (the catalog's rule lists are derived from this) */
  upgrade: string;
  severity: Severity;
  /** one line for listings and SARIF shortDescription */
  summary: string;
  /** Markdown: What it does / Why is this bad? / Example / Use instead / Fix safety / References */
  docs: string;
  cwe?: number;
  /** bandit test ids that a `# nosec B602` comment names for this rule */
  nosec?: string[];
  /**
   * other tools' codes for the same finding (ruff, flake8 and its plugins):
   * `# noqa: T201` suppresses this rule as `# noqa: LOG001` does. Only exact
   * equivalents: a code that reports this rule's finding at the same place.
   */
  aliases?: string[];
  /** 'never' when the rule has no fix */
  fixable?: 'safe' | 'unsafe' | 'sometimes' | 'never';
  /** its fixes are applied only when `--select` names the rule, and built only then (DOC skeletons are drafts) */
  fixOptIn?: boolean;
  /**
   * its fixes write syntax or names that exist only from some Python version
   * on (f-strings, `list[int]`, `X | None`, `secrets`, httpx): declined when
   * requires-python admits a Python older than the lowest target (FileOptions.versionFixesOff)
   */
  versionDependentFix?: boolean;
  /** keys this rule reads from `[tool.rfsn-upgrade]`, with their schema */
  options?: z.ZodRawShape;
  /**
   * what its result for one file depends on outside that file and the
   * settings (the words of the project's docs, the pool module it finds):
   * a string that enters the cache key, so that a change of it checks the
   * files again. A rule that reads anything else outside its file must say so here.
   */
  cacheInputs?(root: string, options: FileOptions): string;
  /** after its fixes are applied: what to check (the migration guide's "Follow-up", `fix --report`) */
  followUp?: string;
  /** after its fixes are applied: what is left to do by hand (the migration guide's "By hand next") */
  byHand?: string;
  /** its findings are security findings: SARIF's `security` tag and security-severity, GitLab's Security category */
  security?: boolean;
  /** the coverage figure of the scan summary its facts feed (rules that feed one figure share the object) */
  coverage?: CoverageFigure;
  /** the project-wide inventory its facts make, which other parts read (`scaffold config-docs`: the environment variables) */
  inventory?: { [K in keyof Inventories]: Inventory<K> }[keyof Inventories];
  /** Markdown lines the migration guide adds under this rule's applied fixes (each with its file and the lines as they now read) */
  migrationNotes?(fixes: Array<{ path: string; after: string }>): string[];
}

/** What a coverage figure reads of a finished scan (a ScanResult is one). */
export interface CoverageScan {
  /** per scanned file (display path) -> rule code -> facts */
  facts: Map<string, Record<string, unknown>>;
  /** the files read (absolute) */
  scanned: string[];
  /** a scan of some files of a project: the facts of its other files */
  contextFacts?: Map<string, { abs: string; facts: Record<string, unknown> }>;
  loaded: { projectRoot: string };
  options: FileOptions;
}

/** One figure of the scan summary (docstring coverage, test coverage), worked out from the facts of the rules that feed it. */
export interface CoverageFigure<V = unknown> {
  /** its field in the JSON summary: `docstringCoverage` */
  key: string;
  /** `--fail-under` judges its percent */
  failUnder?: boolean;
  /** it counts the whole project: not given for part of it (a shard, --changed-since, --no-project-rules); `merge` works it out from the project-level facts */
  wholeProject?: boolean;
  /** the figure of a finished scan; null when the scan cannot give it */
  of(scan: CoverageScan): V | null;
  /** the figure of `merge`: from the shards' summary values of it (as read, unchecked), or (wholeProject) from the project-level facts its rule (`project`) was given */
  merged(input: { summaries: unknown[]; project: ProjectContext | null }): V | null;
  /** the summary's field: the figure as JSON */
  summary(value: V): { percent: number };
  /** the line a person reads after the report; `failUnder` given when --fail-under judges this figure */
  note(value: V, failUnder?: number): string;
  /** what `status` shows as still to do for a scaffold of the figure's upgrade (by its key: `tests`), e.g. skipped test stubs */
  unfinished?(value: V): Record<string, string> | undefined;
}

/** What `scaffold config-docs` writes its table from: every environment variable the code reads, and the reads whose name is computed. */
export interface EnvInventory {
  variables: Array<{
    name: string;
    /** the defaults' source texts, in path and line order, each once */
    defaults: string[];
    type: string;
    /** read as `environ["X"]`, with no default anywhere and no `"X" in environ` check */
    required: boolean;
    /** every read is in a test file */
    tests_only: boolean;
    reads: Array<{ path: string; line: number; how: string; test: boolean }>;
  }>;
  dynamic: Array<{ path: string; line: number; code: string }>;
}

/** The inventories rules make of a project for other parts, by what they list. */
export interface Inventories {
  'environment variables': EnvInventory;
}

/** A rule's inventory: what it lists, built from its facts per file (path relative to the project root -> the rule's facts there). */
export interface Inventory<K extends keyof Inventories> {
  of: K;
  from(facts: Map<string, unknown>): Inventories[K];
}

/** What one run knows of the project it checks; its identity keys per-run caches. */
export interface ProjectInfo {
  /** folder of the pyproject.toml in use, else the cwd */
  projectRoot: string;
  pyprojectPath: string | null;
}

/** Options resolved for one file (from CLI flags and pyproject config). */
export interface FileOptions {
  /** minor version of Python 3 targeted, e.g. 9 for py39 */
  targetMinor: number;
  /**
   * the validated `[tool.rfsn-upgrade]` table plus the project's root and
   * pyproject path; rules read their own keys through `ruleOptions`
   */
  settings: Record<string, unknown> & ProjectInfo;
  /**
   * the opt-in rules (`fixOptIn`) whose lazy fixes this run builds: `fix
   * --select DOC` names them; every other rule's fixes are always built (their
   * edits are part of the JSON)
   */
  optInFixes?: string[];
  /** why fixes of `versionDependentFix` rules are declined: the project declares a Python older than the lowest target */
  versionFixesOff?: string;
}

/** A rule's own options, typed by its schema (validated when the config was read). */
export function ruleOptions<S extends z.ZodRawShape>(options: FileOptions, shape: S): Partial<{ [K in keyof S]: z.infer<S[K]> }> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(shape)) if (options.settings[k] !== undefined) out[k] = options.settings[k];
  return out as Partial<{ [K in keyof S]: z.infer<S[K]> }>;
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
  /** every scanned file with this rule's facts */
  files: ProjectFile[];
  options: FileOptions;
  /** report at a file (path as in ProjectFile.path, or an absolute path, e.g. pyproject.toml) and 1-based line */
  report(args: { path: string; line?: number; column?: number; message: string }): void;
  /** report a problem with an input the rule needed (e.g. a broken pyproject.toml) */
  error(path: string, message: string): void;
  /** the rule cannot judge this project (no manifest, no modules…): said on stderr and in JSON; `status` shows its upgrade as unknown */
  skip?(reason: string): void;
}

/** Each language adds the shape of its per-file check here (module augmentation). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface RuleLanguages {}

/**
 * One whole-file result of a project-level fix (`Rule.projectFix`): the file
 * as it is and as it should be, what changed, and the fix's own verdict on
 * it. `fix` applies it after the per-file fixes: a Python result is compiled
 * like any fixed file, a TOML or text result is written only when `verify()`
 * is null; the write is atomic and refused when the file no longer holds
 * `before`.
 */
export interface ProjectFileFix {
  /** absolute path */
  path: string;
  before: string;
  after: string;
  language: 'python' | 'toml' | 'text';
  changes: Array<{ code: string; safety: 'safe' | 'unsafe'; description: string; line?: number }>;
  /** null when the result may be written; else why not (TOML: it does not re-parse to exactly the intended change) */
  verify(): string | null;
}

/** python3 must compile a project-level fix's result before it is written: it is Python source (TOML and text answer to `verify()` alone). */
export function compiledByPython3(f: Pick<ProjectFileFix, 'language'>): boolean {
  return f.language === 'python';
}

export interface ProjectFixResult {
  fixes: ProjectFileFix[];
  /** what the fix would not do, and why (`fix` warns: "CODE not fixed: reason") */
  declined: Array<{ code: string; reason: string; path?: string }>;
}

/** A `# noqa: CODE` directive of a file as the engine found it, with file offsets (both languages). */
export interface FileNoqa {
  line: number;
  /** the comment it is in: its start and end, and where the text the directive parser read ends (before a `*\/`) */
  comment: { start: number; end: number; bodyEnd: number };
  directive: NoqaDirective;
  /** for each of `directive.codes`: whether it suppressed a finding of this check */
  used: boolean[];
}

/** What a rule's `noqa` check sees of one file, once the other rules' findings were checked against the directives. */
export interface NoqaContext {
  text: string;
  directives: FileNoqa[];
  /** the rules whose findings in this file are all known here: the file-level rules that ran (not project-level ones, nor semgrep's) */
  ran: ReadonlySet<string>;
  report(args: { start: number; end: number; message: string; fix?: LazyFix }): void;
}

export type Rule = RuleMeta & { [L in keyof RuleLanguages]?: RuleLanguages[L] } & {
  /** judges the file's `# noqa: CODE` directives after the file-level checks (the unused-noqa rule), in both languages */
  noqa?(ctx: NoqaContext): void;
  /** project-level check, after every file was read */
  project?(ctx: ProjectContext): void;
  /**
   * project-level fix (src/fix/project.ts): called by `fix` once per project
   * root for every rule sharing the same function, with the codes selected
   * and allowed (unsafe ones only with --unsafe-fixes), over facts read from
   * the files as they are after the per-file fixes were written
   */
  projectFix?(ctx: ProjectContext, opts: { unsafe: boolean; codes: string[] }): Promise<ProjectFixResult> | ProjectFixResult;
};
