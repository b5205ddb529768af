import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors';
import { compileAll } from '../engine/pycompile';
import { findPython, projectPython } from '../lang/python/interpreter';
// applyEdits: the edits' lines end as the file's do (a CRLF file must not get LF lines); insertions at one
// spot keep their given order (the import before the decorator when the def is the file's first line)
import { applyEdits, detectEol } from '../core/edits';
import { sha256, writeAtomic } from '../core/write';
import { decodePython, DecodeError, encodePython, type Decoded } from '../lang/python/decode';
import { addFromImport, joinInsertions } from '../lang/python/import-edit';
import { NameResolver } from '../lang/python/names';
import { initParser, type Node } from '../lang/python/parser';
import { SourceFile } from '../lang/python/source';
import { isDottedIdentifier, resolvePackage } from '../scaffold/project';
import { GeneratedCodeError, runImportCheck, verifyWritten, WriteJournal } from '../scaffold/verify';
import type { Edit } from '../core/finding';
import { INSTRUMENTATION_PY } from './template';

/**
 * `rfsn-upgrade instrument MODULE:FUNCTION... --metrics --tracing`: wrap the
 * named functions (top-level `fn` or `Class.method`, sync or async) with
 * `@instrumented("module.fn")` (call count by outcome and duration, on the
 * scaffold's metrics registry, from <package>/instrumentation.py, written
 * here on first use) and `@traced("module.fn")` (the tracing scaffold's span
 * decorator), right above the `def` so that staticmethod, classmethod and
 * other decorators keep wrapping the function they wrapped. Refuses when the
 * scaffold module is missing, naming the `scaffold` command; refuses
 * generators (a wrapper would time only their creation). Every changed file
 * is re-parsed and compiled with python3 before it is written atomically; a
 * second run changes nothing.
 */
export interface InstrumentOptions {
  root: string;
  targets: string[];
  metrics: boolean;
  tracing: boolean;
  package?: string;
  /** false: compute and verify, write nothing (--diff) */
  write: boolean;
  /** interpreter for the compile check (default python3 on PATH; null: tree-sitter check only) */
  python?: string | null;
}

export interface InstrumentedFile {
  path: string;
  before: string;
  after: string;
  created: boolean;
  /** an existing file's bytes and encoding (PEP 263): it is written back in that encoding, and only over those bytes */
  original?: { bytes: Buffer; decoded: Pick<Decoded, 'encoding' | 'bom'> };
}

/** The bytes to write: an existing file in its own encoding (a latin-1 file stays latin-1). */
function bytesOf(f: InstrumentedFile): Buffer {
  if (!f.original) return Buffer.from(f.after, 'utf8');
  try {
    return encodePython(f.after, f.original.decoded);
  } catch (err) {
    throw new UsageError(`${path.relative(process.cwd(), f.path)}: ${(err as Error).message}; nothing written`);
  }
}

export interface InstrumentResult {
  files: InstrumentedFile[];
  /** MODULE:FUNCTION and what was added */
  wrapped: Array<{ target: string; added: string[] }>;
  /** targets that already had everything asked for */
  unchanged: string[];
  /** what the import check could not judge ("not checked: … is not installed in …") */
  checks: string[];
}

interface Target {
  spec: string;
  module: string;
  qual: string[];
}

function parseTarget(spec: string): Target {
  const m = /^([^:]+):(.+)$/.exec(spec);
  if (!m || !isDottedIdentifier(m[1]) || !isDottedIdentifier(m[2])) throw new UsageError(`${spec}: expected MODULE:FUNCTION or MODULE:Class.method (like taskrunner.worker:QueueWorker.poll_once)`);
  return { spec, module: m[1], qual: m[2].split('.') };
}

function moduleFile(root: string, module: string): string {
  const rel = module.split('.');
  for (const base of [root, path.join(root, 'src')]) {
    for (const f of [path.join(base, ...rel) + '.py', path.join(base, ...rel, '__init__.py')]) if (fs.existsSync(f)) return f;
  }
  throw new UsageError(`${module}: module not found under ${root} (looked for ${rel.join('/')}.py and ${rel.join('/')}/__init__.py, also under src/)`);
}

/** The def named by `qual` in a module, with its decorators (when it has some). */
function findDef(root: Node, qual: string[]): { def: Node; decorated: Node | null } | null {
  let scope: Node | null = root;
  for (let i = 0; i < qual.length && scope; i++) {
    const want = i === qual.length - 1 ? 'function_definition' : 'class_definition';
    let found: { def: Node; decorated: Node | null } | null = null;
    for (const stmt of scope.namedChildren as Array<Node | null>) {
      if (!stmt) continue;
      const inner: Node | null = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (inner?.type === want && inner.childForFieldName('name')?.text === qual[i]) found = { def: inner, decorated: stmt.type === 'decorated_definition' ? stmt : null };
    }
    if (!found) return null;
    if (i === qual.length - 1) return found;
    scope = found.def.childForFieldName('body');
  }
  return null;
}

/** A `yield` that belongs to this def (not to a nested function or lambda). */
function isGenerator(def: Node): boolean {
  for (const y of def.descendantsOfType('yield')) {
    let p = y?.parent ?? null;
    while (p && p.id !== def.id && p.type !== 'function_definition' && p.type !== 'lambda') p = p.parent;
    if (p?.id === def.id) return true;
  }
  return false;
}

function decoratorNames(decorated: Node | null, names: NameResolver): string[] {
  if (!decorated) return [];
  const out: string[] = [];
  for (const d of decorated.namedChildren) {
    if (d?.type !== 'decorator') continue;
    const e = d.namedChildren[0];
    const fn = e?.type === 'call' ? e.childForFieldName('function') : e;
    const q = fn ? names.qualifiedName(fn) : null;
    if (q) out.push(q);
  }
  return out;
}

/** The names the generated instrumentation.py imports from the package's metrics module. */
function namesFromMetrics(): string[] {
  const m = /^from __PACKAGE__\.metrics import (.+)$/m.exec(INSTRUMENTATION_PY);
  return m ? m[1].split(',').map((n) => n.trim()) : [];
}

/** Names bound at module level: assignments, defs, classes, imports (also inside top-level if/try/with); null when unknowable (star import, module __getattr__). */
function moduleLevelNames(root: Node): Set<string> | null {
  const out = new Set<string>();
  let unknowable = false;
  const visit = (n: Node): void => {
    for (const c of n.namedChildren as Array<Node | null>) {
      if (!c) continue;
      const inner = c.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
      if (!inner) continue;
      if (inner.type === 'function_definition' || inner.type === 'class_definition') {
        const name = inner.childForFieldName('name')?.text;
        if (name) out.add(name);
        if (name === '__getattr__') unknowable = true;
      } else if (inner.type === 'expression_statement') {
        for (const a of inner.namedChildren as Array<Node | null>) {
          // a = b = 1: the right side of an assignment is another assignment
          for (let asg: Node | null = a; asg && (asg.type === 'assignment' || asg.type === 'augmented_assignment'); asg = asg.childForFieldName('right')) {
            const left = asg.childForFieldName('left');
            const ids = left?.type === 'identifier' ? [left] : (left?.descendantsOfType('identifier') ?? []);
            for (const id of ids) if (id && id.parent?.type !== 'attribute' && id.parent?.type !== 'subscript') out.add(id.text);
          }
        }
      } else if (inner.type === 'import_from_statement' || inner.type === 'import_statement') {
        if (inner.descendantsOfType('wildcard_import').length) unknowable = true;
        for (const n2 of inner.childrenForFieldName('name') as Array<Node | null>) {
          if (!n2) continue;
          const alias = n2.type === 'aliased_import' ? n2.childForFieldName('alias') : null;
          out.add(alias ? alias.text : n2.text.split('.')[inner.type === 'import_statement' ? 0 : n2.text.split('.').length - 1]);
        }
      } else if (['if_statement', 'try_statement', 'with_statement', 'block', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause'].includes(inner.type)) {
        visit(inner);
      }
    }
  };
  visit(root);
  return unknowable ? null : out;
}

/**
 * The generated instrumentation.py imports names from the package's
 * metrics.py: a metrics.py of the project's own that lacks them would make
 * every instrumented module unimportable, so refuse before writing.
 */
function refuseForeignMetrics(metricsPy: string, shown: string): void {
  let text: string;
  try {
    text = decodePython(fs.readFileSync(metricsPy)).text;
  } catch {
    return; // the import check after the write judges it
  }
  const src = new SourceFile(shown, metricsPy, text);
  try {
    const have = moduleLevelNames(src.root);
    if (!have) return;
    const missing = namesFromMetrics().filter((n) => !have.has(n));
    if (missing.length) {
      throw new GeneratedCodeError(
        `instrument --metrics: ${shown} does not define ${missing.join(', ')}, which the generated instrumentation imports from it (it is not the metrics scaffold's module); nothing written`,
      );
    }
  } finally {
    src.dispose();
  }
}

export async function instrument(opts: InstrumentOptions): Promise<InstrumentResult> {
  if (!opts.metrics && !opts.tracing) throw new UsageError('instrument: name what to add: --metrics, --tracing or both');
  if (!opts.targets.length) throw new UsageError('instrument: name at least one MODULE:FUNCTION');
  const root = path.resolve(opts.root);
  const pkg = resolvePackage(root, opts.package);
  if (!pkg.exists) throw new UsageError(`instrument: the package ${pkg.name} does not exist under ${root}`);
  const relPkg = path.relative(process.cwd(), pkg.dir) || '.';
  const metricsPy = path.join(pkg.dir, 'metrics.py');
  const tracingPy = path.join(pkg.dir, 'tracing.py');
  if (opts.metrics && !fs.existsSync(metricsPy)) throw new UsageError(`instrument --metrics: ${path.join(relPkg, 'metrics.py')} not found; generate it first with: rfsn-upgrade scaffold metrics${opts.package ? ` --package ${opts.package}` : ''}`);
  if (opts.tracing && !fs.existsSync(tracingPy)) throw new UsageError(`instrument --tracing: ${path.join(relPkg, 'tracing.py')} not found; generate it first with: rfsn-upgrade scaffold tracing${opts.package ? ` --package ${opts.package}` : ''}`);
  await initParser();
  if (opts.metrics && !fs.existsSync(path.join(pkg.dir, 'instrumentation.py'))) refuseForeignMetrics(metricsPy, path.join(relPkg, 'metrics.py'));
  const targets = opts.targets.map(parseTarget);
  const own = new Set([`${pkg.name}.metrics`, `${pkg.name}.tracing`, `${pkg.name}.instrumentation`, `${pkg.name}.metrics_server`]);
  for (const t of targets) if (own.has(t.module)) throw new UsageError(`${t.spec}: the generated ${t.module} module is not instrumented`);
  const instrMod = `${pkg.name}.instrumentation`;
  const tracingMod = `${pkg.name}.tracing`;
  const byFile = new Map<string, Target[]>();
  for (const t of targets) {
    const f = moduleFile(root, t.module);
    byFile.set(f, [...(byFile.get(f) ?? []), t]);
  }
  const result: InstrumentResult = { files: [], wrapped: [], unchanged: [], checks: [] };
  for (const [file, list] of byFile) {
    const bytes = fs.readFileSync(file);
    let decoded: Decoded;
    try {
      decoded = decodePython(bytes);
    } catch (err) {
      if (err instanceof DecodeError) throw new UsageError(`${path.relative(process.cwd(), file)}: cannot decode: ${err.message}; not instrumented`);
      throw err;
    }
    const before = decoded.text;
    const src = new SourceFile(path.relative(process.cwd(), file), file, before);
    try {
      if (src.root.hasError) throw new UsageError(`${src.path}: has syntax errors; not instrumented`);
      const names = new NameResolver(src.root, src.text);
      const edits: Edit[] = [];
      let needInstr = false;
      let needTrace = false;
      for (const t of list) {
        const found = findDef(src.root, t.qual);
        if (!found) throw new UsageError(`${t.spec}: no ${t.qual.length > 1 ? 'method' : 'function'} ${t.qual.join('.')} at the top level of ${src.path}`);
        if (isGenerator(found.def)) throw new UsageError(`${t.spec}: is a generator; its body runs after the call returns, so a wrapper would time nothing: instrument its caller instead`);
        const has = decoratorNames(found.decorated, names);
        const label = JSON.stringify(`${t.module}.${t.qual.join('.')}`);
        const lines: string[] = [];
        const added: string[] = [];
        if (opts.metrics && !has.includes(`${instrMod}.instrumented`)) {
          lines.push(`@instrumented(${label})`);
          added.push('metrics');
          needInstr = true;
        }
        if (opts.tracing && !has.includes(`${tracingMod}.traced`)) {
          lines.push(`@traced(${label})`);
          added.push('tracing');
          needTrace = true;
        }
        if (!lines.length) {
          result.unchanged.push(t.spec);
          continue;
        }
        const ls = src.lineStarts[src.lineOf(found.def.startIndex) - 1];
        const indent = /^[ \t]*/.exec(before.slice(ls))![0];
        edits.push({ start: ls, end: ls, text: lines.map((l) => `${indent}${l}\n`).join('') });
        result.wrapped.push({ target: t.spec, added });
      }
      if (!edits.length) continue;
      const imports: Edit[] = [];
      for (const [need, mod, name] of [[needInstr, instrMod, 'instrumented'], [needTrace, tracingMod, 'traced']] as const) {
        if (!need) continue;
        const e = addFromImport(src, names, mod, name);
        if (e === undefined) throw new UsageError(`${src.path}: the name ${name} is already bound to something else; not instrumented`);
        if (e) imports.push(e);
      }
      const after = applyEdits(before, [...joinInsertions(imports), ...edits], detectEol(before));
      const check = new SourceFile(src.path, file, after);
      const broken = check.root.hasError;
      check.dispose();
      if (broken) throw new UsageError(`${src.path}: the instrumented text would not parse; nothing written`);
      result.files.push({ path: file, before, after, created: false, original: { bytes, decoded } });
    } finally {
      src.dispose();
    }
  }
  const instrPy = path.join(pkg.dir, 'instrumentation.py');
  if (opts.metrics && result.wrapped.some((w) => w.added.includes('metrics')) && !fs.existsSync(instrPy)) {
    result.files.push({ path: instrPy, before: '', after: INSTRUMENTATION_PY.replace(/__PACKAGE__/g, pkg.name), created: true });
  }
  // python3 must compile every result before anything is written
  const python = opts.python === undefined ? findPython() : opts.python;
  if (python && result.files.length) {
    const verdicts = await compileAll(result.files.map((f) => ({ path: f.path, bytes: bytesOf(f), original: f.original?.bytes ?? Buffer.alloc(0) })), python);
    for (const f of result.files) {
      const v = verdicts?.get(f.path);
      if (v && !v.ok) throw new UsageError(`${path.relative(process.cwd(), f.path)}: the instrumented file does not compile (${v.message}); nothing written`);
    }
  }
  if (opts.write && result.files.length) {
    const written = result.files.map((f) => f.path);
    // what fails to import before the write is not the instrumentation's fault
    const before = runImportCheck(root, written, opts.python === undefined ? projectPython(root) : opts.python);
    const journal = new WriteJournal();
    try {
      for (const f of result.files) {
        journal.record(f.path);
        if (f.created) fs.writeFileSync(f.path, f.after, { flag: 'wx', mode: 0o644 });
        else writeAtomic(f.path, bytesOf(f), { mode: fs.statSync(f.path).mode & 0o7777, expectSha256: sha256(f.original!.bytes) });
      }
    } catch (err) {
      journal.restore();
      throw err;
    }
    result.checks.push(...verifyWritten(root, journal, before));
  }
  return result;
}
