import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors';
import { isDottedIdentifier } from './project';
import { runHelper } from './python';
import { parseBlocks, readTemplate, render } from './templates';
import type { GenContext, KindSpec, PlannedFile } from './types';

/** What templates/_helpers/public_symbols.py reports for one symbol. */
export interface PublicSymbol {
  name: string;
  kind: 'function' | 'class';
  line: number;
  async?: boolean;
  generator?: boolean;
  action: 'call' | 'skip' | 'construct' | 'enum' | 'exception' | 'probe';
  reason?: string;
}

export interface ModuleTarget {
  /** dotted import name */
  name: string;
  file: string;
}

/** Turn a path under the project (or its src/) into a dotted module name. */
function moduleNameOf(root: string, file: string): string | undefined {
  for (const base of [path.join(root, 'src'), root]) {
    const rel = path.relative(base, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const parts = rel.replace(/\.py$/, '').split(path.sep);
    if (parts[parts.length - 1] === '__init__') parts.pop();
    const name = parts.join('.');
    if (name && isDottedIdentifier(name)) return name;
  }
  return undefined;
}

/** Find the module named by `--for`: a dotted name or a path to a .py file or a package folder. */
export function resolveModule(root: string, spec: string): ModuleTarget {
  const looksLikePath = spec.endsWith('.py') || spec.includes('/') || spec.includes('\\');
  if (looksLikePath) {
    const candidates = [path.resolve(spec), path.resolve(root, spec)];
    for (let file of candidates) {
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, '__init__.py');
      if (!fs.existsSync(file)) continue;
      const name = moduleNameOf(root, file);
      if (!name) throw new UsageError(`--for ${spec}: ${file} is not an importable module under ${root}`);
      return { name, file };
    }
    throw new UsageError(`--for ${spec}: no such file`);
  }
  if (!isDottedIdentifier(spec)) throw new UsageError(`--for must be a module name (like 'pkg.module') or a path to a .py file, not '${spec}'`);
  const rel = spec.split('.');
  for (const base of [root, path.join(root, 'src')]) {
    for (const file of [path.join(base, ...rel) + '.py', path.join(base, ...rel, '__init__.py')]) {
      if (fs.existsSync(file)) return { name: spec, file };
    }
  }
  throw new UsageError(`--for ${spec}: module not found under ${root} (looked for ${rel.join('/')}.py and ${rel.join('/')}/__init__.py, also under src/)`);
}

export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function blockFor(symbol: PublicSymbol): string {
  if (symbol.kind === 'function' && symbol.action === 'call') {
    if (symbol.async) return 'call_async';
    return symbol.generator ? 'call_generator' : 'call';
  }
  return symbol.action === 'call' ? 'construct' : symbol.action;
}

/** Build the test file's text from the block template, one test per symbol. */
export function renderTests(moduleName: string, symbols: PublicSymbol[]): string {
  const where = 'tests/test_module.py';
  const blocks = parseBlocks(readTemplate(where));
  const block = (name: string): string => {
    const text = blocks.get(name);
    if (text === undefined) throw new Error(`template ${where}: no block '${name}'`);
    return text;
  };
  const used = new Set(['test_import']);
  const chosen = symbols.map((s) => ({ symbol: s, block: blockFor(s) }));
  const imports = ['importlib'];
  if (chosen.some((c) => c.block === 'probe')) imports.push('inspect');
  let text = render(block('header'), { MODULE: moduleName, STDLIB_IMPORTS: imports.sort().map((m) => `import ${m}`).join('\n') }, where);
  if (chosen.some((c) => c.block === 'probe')) text += render(block('required_parameters'), {}, where);
  for (const { symbol, block: name } of chosen) {
    let test = `test_${snakeCase(symbol.name)}`;
    for (let n = 2; used.has(test); n++) test = `test_${snakeCase(symbol.name)}_${n}`;
    used.add(test);
    const reason = (symbol.reason ?? `${symbol.name} needs setup`).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    text += render(block(name), { TEST: test, NAME: symbol.name, REASON: reason }, where);
  }
  return text;
}

/**
 * Where the tests of `moduleName` go: tests/test_<last part>.py, unless a file
 * of that name tests another module (it imports something else, as Python's
 * `ast` reads it): then the name takes more of the dotted path,
 * test_<parent>_<last>.py and so on (pkg/a/util.py and pkg/b/util.py get
 * test_util.py and test_b_util.py, not one file for both). A file that already
 * imports the module is its test file (scaffold refuses to overwrite it
 * without --force).
 */
export function testFileFor(root: string, moduleName: string): string {
  const parts = moduleName.split('.');
  // test_<last>.py, test_<parent>_<last>.py, ... the whole dotted path, then that numbered
  const names = [...parts.map((_, i) => parts.slice(parts.length - 1 - i).join('_')), ...[2, 3, 4].map((n) => `${parts.join('_')}_${n}`)];
  const abs = names.map((name) => path.join(root, 'tests', `test_${name}.py`));
  const existing = abs.filter((f) => fs.existsSync(f));
  const imports = existing.length ? runHelper<Record<string, string[] | null>>('imported_modules.py', existing) : {};
  for (const f of abs) {
    if (!existing.includes(f)) return f;
    const mods = imports[f];
    // unreadable or not Python: not ours to judge, and not to be taken over
    if (mods && mods.includes(moduleName)) return f;
  }
  return abs[0]; // every name taken by other modules' tests: the first, which scaffold refuses to overwrite without --force
}

export const TESTS_KIND: KindSpec = {
  name: 'tests',
  summary: 'tests/test_<module>.py for an untested module (--for MODULE): import test + one test per public symbol (test_<parent>_<module>.py when another module has the name)',
  upgrade: 'U11',
  plan(ctx: GenContext): PlannedFile[] {
    if (!ctx.forModule) throw new UsageError("scaffold tests needs --for MODULE (a dotted module name or a path to a .py file)");
    const target = resolveModule(ctx.root, ctx.forModule);
    const inventory = runHelper<{ symbols: PublicSymbol[] }>('public_symbols.py', [target.file]);
    return [{ abs: testFileFor(ctx.root, target.name), content: renderTests(target.name, inventory.symbols) }];
  },
  next: () => ['run them: python3 -m pytest tests/ -q; replace the skips marked "to be written" with real cases'],
};
