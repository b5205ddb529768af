import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Edit } from '../../core/finding';
import type { ProjectContext, ProjectFixResult } from '../../core/rule';
import { projectPython } from '../../lang/python/interpreter';
import { normalizeDist, readPyproject, table } from '../../lang/python/pyproject';
import { usedWithoutImport } from './_distributions';
import { analyseDeps, declarationsFor, optionalInTests } from './_imports';
import { addKeyToTable, addTable, addToInlineTable, appendToArray, applyTextEdits, removeFromArray, TomlText, tomlString, verifyTomlEdit } from './_toml-edit';

/**
 * U08's codemod: the manifest edits that make DEP001–DEP003 go away. It is a
 * project-level fix (the findings are the project's, the file edited is
 * pyproject.toml or requirements.txt), built here and applied by `fix`
 * through a hook (see `planDependencyFixes`):
 * - DEP001 (safe): each undeclared third-party import's distribution is added
 *   to `[project] dependencies` (or `[tool.poetry.dependencies]`, or appended
 *   to requirements.txt), with `>=` the version installed in the project's
 *   interpreter when it has one;
 * - DEP003 (safe): each optional import's distribution goes to an extra named
 *   after it in `[project.optional-dependencies]`;
 * - DEP002 (unsafe): a runtime dependency nothing imports is removed.
 * A TOML result must re-parse and mean exactly the original plus the change.
 */
export interface ManifestChange {
  code: 'DEP001' | 'DEP002' | 'DEP003';
  safety: 'safe' | 'unsafe';
  /** what the migration report says: "added PyYAML>=6.0.2 to [project] dependencies" */
  description: string;
  /** the report's `pyproject.toml:LINE`: an addition's line in the result, a removal's in the manifest as it was */
  line?: number;
}

export interface ManifestFix {
  /** absolute path of the manifest */
  path: string;
  before: string;
  after: string;
  changes: ManifestChange[];
  /** null when the result may be written; else why not (a TOML result that does not re-parse to the intended change) */
  verify(): string | null;
}

export interface DependencyFixPlan {
  fixes: ManifestFix[];
  declined: Array<{ code: string; reason: string }>;
}

export interface PlanOptions {
  /** include DEP002's removals */
  unsafe: boolean;
  /** the codes whose fixes to build (default all three) */
  codes?: string[];
  /** the interpreter to read installed versions from (default: projectPython(root)); null: no lower bounds */
  python?: string | null;
}

const VERSION_SCRIPT = `
import json, sys
from importlib import metadata
out = {}
for name in sys.argv[1:]:
    try:
        out[name] = metadata.version(name)
    except Exception:
        out[name] = None
print(json.dumps(out))
`;

/** importlib.metadata.version of each distribution in that interpreter (null where it is not installed). */
function installedVersions(python: string | null, dists: string[]): Map<string, string | null> {
  const out = new Map<string, string | null>(dists.map((d) => [d, null]));
  if (!python || !dists.length) return out;
  try {
    const r = JSON.parse(execFileSync(python, ['-c', VERSION_SCRIPT, ...dists], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] })) as Record<string, string | null>;
    for (const d of dists) out.set(d, typeof r[d] === 'string' && /^[0-9][0-9A-Za-z.+!-]*$/.test(r[d]!) ? r[d] : null);
  } catch {
    // no versions: the dependencies are added without a bound
  }
  return out;
}

interface Wanted {
  dist: string;
  extra: string | null;
  code: 'DEP001' | 'DEP003';
}

/** The fixes for the project `ctx` describes (the same analysis DEP001–DEP003 report from). */
export function planDependencyFixes(ctx: ProjectContext, opts: PlanOptions): DependencyFixPlan {
  const codes = new Set(opts.codes ?? ['DEP001', 'DEP002', 'DEP003']);
  const declined: DependencyFixPlan['declined'] = [];
  const a = analyseDeps(ctx);
  if (!a) return { fixes: [], declined };
  const wanted: Wanted[] = [];
  const seen = new Set<string>();
  const buildOnly = (i: (typeof a.imports)[number]): boolean => path.basename(i.file.path) === 'setup.py';
  for (const imp of a.imports) {
    // an import for type checkers only (`if TYPE_CHECKING:`) never runs: the install needs nothing for it
    if (imp.imp.typeChecking || imp.stdlib || imp.stdlibElsewhere || declarationsFor(a, imp).length || optionalInTests(ctx.root, imp)) continue;
    const code = imp.imp.optional ? 'DEP003' : 'DEP001';
    if (!codes.has(code)) continue;
    const key = normalizeDist(imp.suggestion);
    if (seen.has(key)) continue;
    // what only setup.py imports is needed to build, not to run
    if (buildOnly(imp)) {
      if (!a.imports.some((o) => !buildOnly(o) && normalizeDist(o.suggestion) === key)) {
        seen.add(key);
        declined.push({ code, reason: `${imp.suggestion} is imported by setup.py only: a build requirement ([build-system] requires), not a dependency` });
      }
      continue;
    }
    // imported only under a sys.version_info condition: the declaration needs that condition as an environment
    // marker, and a version floor read from this interpreter may not even install on those Pythons (attrs'
    // `typing_extensions` for Python < 3.8): the edit is the maintainer's
    const guarded = (i: (typeof a.imports)[number]): boolean => !!i.imp.versionGuarded && !buildOnly(i);
    if (guarded(imp)) {
      if (!a.imports.some((o) => normalizeDist(o.suggestion) === key && !guarded(o) && !o.imp.typeChecking)) {
        seen.add(key);
        declined.push({ code, reason: `${imp.suggestion} is imported only under a sys.version_info condition: declare it with that condition as an environment marker (\`${imp.suggestion}; python_version < "3.x"\`) by hand` });
      }
      continue;
    }
    seen.add(key);
    wanted.push({ dist: imp.suggestion, extra: imp.imp.optional ? key : null, code });
  }
  // an optional import that is also imported unconditionally is a plain dependency
  for (const w of wanted) if (w.extra && wanted.some((o) => !o.extra && normalizeDist(o.dist) === normalizeDist(w.dist))) w.extra = null;
  const used = new Set(a.imports.flatMap((i) => i.candidates));
  const unused = opts.unsafe && codes.has('DEP002') ? a.manifest.declared.filter((d) => d.runtime && !used.has(d.normalized) && !usedWithoutImport(d.name)) : [];
  const versions = installedVersions(opts.python === undefined ? projectPython(ctx.root) : opts.python, wanted.map((w) => w.dist));
  const spec = (dist: string): string => (versions.get(dist) ? `${dist}>=${versions.get(dist)}` : dist);

  const fixes: ManifestFix[] = [];
  const py = readPyproject(ctx.options.settings);
  const hasProject = !!(py?.doc && table(py.doc, 'project'));
  const hasPoetry = !!(py?.doc && table(py.doc, 'tool', 'poetry'));
  const requirements = a.manifest.files.find((f) => /(^|[\\/])requirements\.(txt|in)$/i.test(f)) ?? null;

  if (py && (hasProject || hasPoetry)) {
    const f = tomlFix(py.path, py.text, wanted, unused.filter((d) => d.file === py.path), spec, hasProject, declined);
    if (f) fixes.push(f);
  } else if (requirements) {
    for (const w of wanted) if (w.extra) declined.push({ code: 'DEP003', reason: `${w.dist}: a requirements file has no extras; declare it in pyproject.toml [project.optional-dependencies] by hand` });
    const before = fs.readFileSync(requirements, 'utf8');
    const add = wanted.filter((w) => !w.extra);
    if (add.length) {
      const eol = /\r\n/.test(before) ? '\r\n' : '\n';
      const head = `${before}${before && !before.endsWith('\n') ? eol : ''}`;
      const after = `${head}${add.map((w) => spec(w.dist) + eol).join('')}`;
      fixes.push({
        path: requirements,
        before,
        after,
        changes: add.map((w, i) => ({ code: 'DEP001', safety: 'safe', description: `added ${spec(w.dist)} to ${path.basename(requirements)}`, line: head.split('\n').length + i })),
        verify: () => null,
      });
    }
  }
  // removals from requirements files (DEP002, unsafe)
  for (const file of [...new Set(unused.map((d) => d.file))].filter((f) => !py || f !== py.path)) {
    const before = fixes.find((f) => f.path === file)?.after ?? fs.readFileSync(file, 'utf8');
    const lines = before.split(/(?<=\n)/);
    const drop = new Set(unused.filter((d) => d.file === file).map((d) => d.line - 1));
    const after = lines.filter((_, i) => !drop.has(i)).join('');
    const changes: ManifestChange[] = unused.filter((d) => d.file === file).map((d) => ({ code: 'DEP002', safety: 'unsafe', description: `removed ${d.name} from ${path.basename(file)} (nothing imports it)`, line: d.line }));
    const prior = fixes.find((f) => f.path === file);
    // the additions were appended after every declaration: each line dropped moves them up
    if (prior) Object.assign(prior, { after, changes: [...prior.changes.map((c) => (c.line === undefined ? c : { ...c, line: c.line - drop.size })), ...changes] });
    else fixes.push({ path: file, before, after, changes, verify: () => null });
  }
  return { fixes, declined };
}

function tomlFix(
  file: string,
  original: string,
  wanted: Wanted[],
  unused: Array<{ name: string; normalized: string; where: string; extra: string | null; line: number }>,
  spec: (d: string) => string,
  pep621: boolean,
  declined: DependencyFixPlan['declined'],
): ManifestFix | null {
  let text = original;
  const changes: ManifestChange[] = [];
  const expects: Array<(doc: Record<string, any>) => void> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  // where the last edits' inserted text ends (an addition's line in the result), moved by every edit after them
  const marks: Array<{ at: number }> = [];
  const shift = (at: number, edits: Edit[]): number => at + edits.filter((e) => e.end <= at).reduce((n, e) => n + e.text.length - (e.end - e.start), 0);
  const apply = (edits: Edit[]): void => {
    for (const m of marks) m.at = shift(m.at, edits);
    const last = edits.reduce((a, e) => (e.start >= a.start ? e : a));
    marks.push({ at: shift(last.start, edits.filter((e) => e !== last)) + last.text.trimEnd().length });
    text = applyTextEdits(text, edits);
  };
  const lines = new Map<ManifestChange, { at: number }>();
  const added = (change: ManifestChange): void => {
    changes.push(change);
    lines.set(change, marks[marks.length - 1]);
  };
  for (const w of wanted) {
    const s = spec(w.dist);
    const t = new TomlText(text);
    if (!pep621) {
      // Poetry: name = ">=x" (or "*") in [tool.poetry.dependencies]; extras need two tables, by hand
      if (w.extra) {
        declined.push({ code: 'DEP003', reason: `${w.dist}: a Poetry extra needs the dependency marked optional and listed in [tool.poetry.extras]; add it by hand` });
        continue;
      }
      const deps = t.table(['tool', 'poetry', 'dependencies']);
      const version = s === w.dist ? '*' : `>=${s.slice(w.dist.length + 2)}`;
      const line = `${/^[A-Za-z0-9_-]+$/.test(w.dist) ? w.dist : JSON.stringify(w.dist)} = ${JSON.stringify(version)}`;
      if (!deps) {
        declined.push({ code: 'DEP001', reason: `${w.dist}: pyproject.toml has no [tool.poetry.dependencies] table to add it to` });
        continue;
      }
      apply([addKeyToTable(t, deps, line)]);
      expects.push((doc) => {
        doc.tool.poetry.dependencies[w.dist] = version;
      });
      added({ code: 'DEP001', safety: 'safe', description: `added ${w.dist} = "${version}" to [tool.poetry.dependencies]` });
      continue;
    }
    if (!w.extra) {
      const kv = t.keyValue(['project', 'dependencies']);
      if (kv && kv.kv.value.type !== 'InlineArray') {
        declined.push({ code: 'DEP001', reason: `${w.dist}: [project] dependencies is not an array` });
        continue;
      }
      if (kv) apply(appendToArray(t, kv.kv.value, s));
      else {
        const project = t.table(['project']);
        if (!project) {
          declined.push({ code: 'DEP001', reason: `${w.dist}: no [project] table header to add dependencies under` });
          continue;
        }
        apply([addKeyToTable(t, project, `dependencies = [${tomlString(s, '"')}]`)]);
      }
      expects.push((doc) => {
        (doc.project.dependencies ??= []).push(s);
      });
      added({ code: 'DEP001', safety: 'safe', description: `added ${s} to [project] dependencies` });
      continue;
    }
    // DEP003: an extra named after the distribution
    const extra = w.extra;
    const existing = t.keyValue(['project', 'optional-dependencies', extra]);
    const inline = t.keyValue(['project', 'optional-dependencies']);
    const tableNode = t.table(['project', 'optional-dependencies']);
    const keyText = /^[A-Za-z0-9_-]+$/.test(extra) ? extra : JSON.stringify(extra);
    if (existing && existing.kv.value.type === 'InlineArray') apply(appendToArray(t, existing.kv.value, s));
    else if (existing) {
      declined.push({ code: 'DEP003', reason: `${w.dist}: the extra '${extra}' is not an array` });
      continue;
    } else if (tableNode) apply([addKeyToTable(t, tableNode, `${keyText} = [${tomlString(s, '"')}]`)]);
    else if (inline && inline.kv.value.type === 'InlineTable') apply([addToInlineTable(t, inline.kv.value, keyText, `[${tomlString(s, '"')}]`)]);
    else if (inline) {
      declined.push({ code: 'DEP003', reason: `${w.dist}: [project] optional-dependencies is written in a form this fix does not edit` });
      continue;
    } else {
      const project = t.table(['project']);
      apply([addTable(t, ['project', 'optional-dependencies'], [`${keyText} = [${tomlString(s, '"')}]`], project)]);
    }
    expects.push((doc) => {
      const od = (doc.project['optional-dependencies'] ??= {});
      (od[extra] ??= []).push(s);
    });
    added({ code: 'DEP003', safety: 'safe', description: `added ${s} to the extra '${extra}' ([project.optional-dependencies])` });
  }
  for (const d of unused) {
    const t = new TomlText(text);
    const path_ = d.extra !== null && d.where.startsWith('extra') ? ['project', 'optional-dependencies', d.extra] : d.where === '[project] dependencies' ? ['project', 'dependencies'] : null;
    const kv = path_ ? t.keyValue(path_) : null;
    if (!kv || kv.kv.value.type !== 'InlineArray') {
      declined.push({ code: 'DEP002', reason: `${d.name} (${d.where}): only PEP 621 arrays are edited; remove it by hand` });
      continue;
    }
    let removed: string | null = null;
    const edit = removeFromArray(t, kv.kv.value, (v) => {
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(v);
      const hit = !!m && normalizeDist(m[1]) === d.normalized;
      if (hit) removed = v;
      return hit;
    });
    if (!edit || removed === null) {
      declined.push({ code: 'DEP002', reason: `${d.name} (${d.where}): its item could not be cut out cleanly; remove it by hand` });
      continue;
    }
    apply([edit]);
    const gone: string = removed;
    expects.push((doc) => {
      let arr = doc;
      for (const k of path_!) arr = arr[k];
      const list = arr as unknown as string[];
      list.splice(list.indexOf(gone), 1);
    });
    changes.push({ code: 'DEP002', safety: 'unsafe', description: `removed ${gone} from ${d.where} (nothing imports it)`, line: d.line });
  }
  if (!changes.length) return null;
  const after = text;
  for (const [change, m] of lines) change.line = after.slice(0, m.at).split('\n').length;
  return {
    path: file,
    before: original,
    after,
    changes,
    verify: () => verifyTomlEdit(original, after, (doc) => expects.forEach((e) => e(doc))),
  };
}

/** DEP001–DEP003's `projectFix`: one call for the selected DEP codes (they edit the same manifest). */
export async function dependencyProjectFix(ctx: ProjectContext, opts: { unsafe: boolean; codes: string[] }): Promise<ProjectFixResult> {
  const plan = planDependencyFixes(ctx, { unsafe: opts.unsafe, codes: opts.codes });
  return {
    fixes: plan.fixes.map((f) => ({
      path: f.path,
      before: f.before,
      after: f.after,
      language: f.path.endsWith('.toml') ? 'toml' : 'text',
      changes: f.changes.filter((c) => c.safety === 'safe' || opts.unsafe),
      verify: f.verify,
    })),
    declined: plan.declined,
  };
}
