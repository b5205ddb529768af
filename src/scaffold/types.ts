import type { PackageTarget } from './project';

export interface ScaffoldOptions {
  kind: string;
  /** project root; files go under it (default: the working directory) */
  out?: string;
  package?: string;
  namespace?: string;
  /** module for `tests --for` */
  forModule?: string;
  force?: boolean;
  dryRun?: boolean;
}

/** Everything a generator may need; the package is resolved only for kinds that use it. */
export interface GenContext {
  root: string;
  package(): PackageTarget;
  namespace(): string;
  /** --namespace was given: it wins over what the project's metrics module uses */
  explicitNamespace: boolean;
  forModule?: string;
  /** what a plan found worth saying (printed with the kind's `next` hints) */
  notes: string[];
}

export interface PlannedFile {
  abs: string;
  content: string;
}

export interface KindSpec {
  name: string;
  summary: string;
  /** the upgrade of UPGRADES.md this scaffold implements */
  upgrade: string;
  /** other kinds this one imports from: generated too when their module is missing */
  requires?: string[];
  /** distributions the generated code imports (to declare in pyproject) */
  needs?: string[];
  /** the kind's main module, relative to the package folder: a dependency counts as present when it exists */
  module?: string;
  plan(ctx: GenContext): PlannedFile[];
  /** one-line hints printed after writing (how to run what was generated) */
  next?(ctx: GenContext): string[];
}

export type FileAction = 'create' | 'overwrite' | 'keep';

export interface FileOutcome {
  abs: string;
  /** relative to the working directory, `/` separators */
  path: string;
  action: FileAction;
  /** why the file is part of this run, when it is not one of the kind's own */
  because?: string;
}

export interface ScaffoldResult {
  kind: string;
  root: string;
  dryRun: boolean;
  files: FileOutcome[];
  notes: string[];
  /** what the import check could not judge ("not checked: … is not installed in …") */
  checks: string[];
}
