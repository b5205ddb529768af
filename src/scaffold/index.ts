import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors';
import { CONFIG_DOCS_KIND } from './config-docs';
import { resolvePackage, type PackageTarget } from './project';
import { STATIC_KINDS } from './static-kinds';
import { readTemplate, render } from './templates';
import { TESTS_KIND } from './tests-for';
import type { FileOutcome, GenContext, KindSpec, PlannedFile, ScaffoldOptions, ScaffoldResult } from './types';
import { toPosix } from '../core/paths';
import { writeAtomic } from '../core/write';
import { runImportCheck, verifyWritten, WriteJournal } from './verify';
import { projectPython } from '../lang/python/interpreter';

export type { KindSpec, ScaffoldOptions, ScaffoldResult } from './types';

export const KINDS: KindSpec[] = [...STATIC_KINDS, TESTS_KIND, CONFIG_DOCS_KIND];

export function kindByName(name: string): KindSpec | undefined {
  return KINDS.find((k) => k.name === name);
}

const NAMESPACE_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function display(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return toPosix(rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel);
}

function makeContext(root: string, opts: ScaffoldOptions): GenContext {
  let pkg: PackageTarget | undefined;
  const ctx: GenContext = {
    root,
    forModule: opts.forModule,
    explicitNamespace: opts.namespace !== undefined,
    notes: [],
    package: () => (pkg ??= resolvePackage(root, opts.package)),
    namespace: () => {
      if (opts.namespace !== undefined) return opts.namespace;
      // default: the top-level package, as Prometheus allows it
      return ctx.package().name.split('.')[0].toLowerCase();
    },
  };
  return ctx;
}

/** `__init__.py` files for a package folder (and its parents, for a dotted name) that do not exist yet. */
function packageInits(ctx: GenContext): PlannedFile[] {
  const pkg = ctx.package();
  if (pkg.exists) return [];
  const parts = pkg.name.split('.');
  let base = pkg.dir;
  for (let i = 0; i < parts.length; i++) base = path.dirname(base);
  const out: PlannedFile[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const abs = path.join(base, ...parts.slice(0, i), '__init__.py');
    if (!fs.existsSync(abs)) out.push({ abs, content: render(readTemplate('_package/__init__.py'), { PACKAGE: parts.slice(0, i).join('.') }, '_package/__init__.py') });
  }
  return out;
}

function checkOptions(kind: KindSpec, opts: ScaffoldOptions): void {
  if (opts.forModule !== undefined && kind.name !== 'tests') throw new UsageError(`--for only goes with 'scaffold tests', not '${kind.name}'`);
  if (opts.namespace !== undefined && !NAMESPACE_RE.test(opts.namespace)) {
    throw new UsageError(`--namespace must be a Prometheus name prefix (letters, digits, _; not starting with a digit), not '${opts.namespace}'`);
  }
}

/**
 * Plan the files of one kind, then write them: never over an existing file
 * without `force`, nothing at all with `dryRun`. Files of a required kind are
 * added when its module is missing, and existing ones are kept as they are.
 */
export function scaffold(opts: ScaffoldOptions): ScaffoldResult {
  const kind = kindByName(opts.kind);
  if (!kind) throw new UsageError(`unknown scaffold kind '${opts.kind}': choose one of ${KINDS.map((k) => k.name).join(', ')}`);
  checkOptions(kind, opts);
  const root = path.resolve(opts.out ?? '.');
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) throw new UsageError(`--out ${opts.out}: not a folder`);
  const ctx = makeContext(root, opts);

  const files: FileOutcome[] = [];
  const contents = new Map<string, string>();
  const add = (planned: PlannedFile[], because?: string, keepExisting = false): void => {
    for (const f of planned) {
      if (contents.has(f.abs)) continue;
      const exists = fs.existsSync(f.abs);
      const action = exists ? (keepExisting ? 'keep' : 'overwrite') : 'create';
      files.push({ abs: f.abs, path: display(f.abs), action, because });
      if (action !== 'keep') contents.set(f.abs, f.content);
    }
  };

  const own = kind.plan(ctx);
  // the template kinds write into the package: make it a package if it is new
  if (STATIC_KINDS.includes(kind)) add(packageInits(ctx), `new package ${ctx.package().name}`);
  add(own);
  for (const dep of kind.requires ?? []) {
    const spec = kindByName(dep)!;
    if (spec.module && fs.existsSync(path.join(ctx.package().dir, spec.module))) continue;
    add(spec.plan(ctx), `${kind.name} imports ${dep}`, true);
  }

  const clashes = files.filter((f) => f.action === 'overwrite');
  if (clashes.length && !opts.force) {
    throw new UsageError(`refusing to overwrite ${clashes.map((f) => f.path).join(', ')} (pass --force to replace ${clashes.length > 1 ? 'them' : 'it'})`);
  }
  const checks: string[] = [];
  if (!opts.dryRun) {
    const written = files.filter((f) => contents.has(f.abs)).map((f) => f.abs);
    // what fails to import before the write is not the generated code's fault
    const before = runImportCheck(root, written, projectPython(root));
    const journal = new WriteJournal();
    try {
      for (const abs of written) {
        journal.mkdirs(path.dirname(abs));
        journal.record(abs);
        if (fs.existsSync(abs)) writeAtomic(abs, Buffer.from(contents.get(abs)!, 'utf8'), { mode: fs.statSync(abs).mode & 0o7777 });
        else fs.writeFileSync(abs, contents.get(abs)!, { flag: 'wx', mode: 0o644 });
      }
    } catch (err) {
      journal.restore();
      throw err;
    }
    checks.push(...verifyWritten(root, journal, before));
  }

  const notes: string[] = [];
  if (kind.needs?.length) notes.push(`the generated code imports ${kind.needs.join(', ')}: declare ${kind.needs.length > 1 ? 'them' : 'it'} in pyproject.toml`);
  notes.push(...ctx.notes, ...(kind.next?.(ctx) ?? []));
  return { kind: kind.name, root, dryRun: !!opts.dryRun, files, notes, checks };
}

/** The report printed by the CLI: one line per file, then the hints. */
export function formatResult(result: ScaffoldResult): string {
  const verb = (f: FileOutcome): string => {
    if (f.action === 'keep') return 'kept';
    if (result.dryRun) return f.action === 'overwrite' ? 'would overwrite' : 'would write';
    return f.action === 'overwrite' ? 'overwrote' : 'wrote';
  };
  const width = Math.max(...result.files.map((f) => verb(f).length));
  const lines = result.files.map((f) => `${verb(f).padEnd(width)}  ${f.path}${f.because ? `  (${f.because})` : ''}`);
  if (result.dryRun) lines.push('dry run: nothing was written');
  else {
    lines.push(...result.checks);
    for (const note of result.notes) lines.push(`next: ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
