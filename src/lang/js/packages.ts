import * as fs from 'fs';
import * as path from 'path';
import { builtinModules } from 'module';
import type { ts } from 'ts-morph';
import { tsv } from './ts';
import { moduleName, requireOf } from './names';
import { FileReadError, MANIFEST_LIMIT, readRegularText } from '../../core/readfile';
import { reportOnce } from '../python/pyproject';
import type { ProjectContext, ProjectFile } from '../../core/rule';
import type { JsContext } from './rule';

const BUILTINS = new Set(builtinModules);

export interface JsImport {
  spec: string;
  /** the package it names: `lodash/fp` -> lodash, `@scope/pkg/x` -> @scope/pkg; null for relative, absolute, builtin */
  pkg: string | null;
  line: number;
  column: number;
  typeOnly: boolean;
}

/** The package a specifier names, or null when it names a file, a URL or a Node builtin. */
export function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('#') || /^[a-z]+:/i.test(spec)) return null; // relative, absolute, subpath imports, node:/data:/http:
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (BUILTINS.has(moduleName(name)) || BUILTINS.has(spec)) return null;
  return name;
}

/**
 * Every module a file names: `import … from`, `import type`, `export … from`,
 * `import x = require()`, `require('x')`, `import('x')`, `require.resolve('x')`
 * (string literals only); type-only when the import or all its specifiers are.
 */
export function fileImports(sf: ts.SourceFile, position: (i: number) => { line: number; column: number }): JsImport[] {
  const out: JsImport[] = [];
  const add = (lit: ts.StringLiteralLike, typeOnly: boolean): void => {
    const p = position(lit.getStart(sf));
    out.push({ spec: lit.text, pkg: packageOf(lit.text), line: p.line, column: p.column, typeOnly });
  };
  const visit = (n: ts.Node): void => {
    if (tsv().isImportDeclaration(n) && tsv().isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && tsv().isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier, typeOnly);
    } else if (tsv().isExportDeclaration(n) && n.moduleSpecifier && tsv().isStringLiteral(n.moduleSpecifier)) add(n.moduleSpecifier, n.isTypeOnly);
    else if (tsv().isImportEqualsDeclaration(n) && tsv().isExternalModuleReference(n.moduleReference) && tsv().isStringLiteral(n.moduleReference.expression)) add(n.moduleReference.expression, n.isTypeOnly);
    else if (tsv().isCallExpression(n)) {
      if (requireOf(n) !== null) add(n.arguments[0] as ts.StringLiteralLike, false);
      else if (n.expression.kind === tsv().SyntaxKind.ImportKeyword && n.arguments[0] && tsv().isStringLiteralLike(n.arguments[0])) add(n.arguments[0], false);
      else if (tsv().isPropertyAccessExpression(n.expression) && tsv().isIdentifier(n.expression.expression) && n.expression.expression.text === 'require' && n.expression.name.text === 'resolve' && n.arguments[0] && tsv().isStringLiteralLike(n.arguments[0])) add(n.arguments[0], false);
    } else if (tsv().isImportTypeNode(n) && tsv().isLiteralTypeNode(n.argument) && tsv().isStringLiteral(n.argument.literal)) add(n.argument.literal, true);
    tsv().forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const nearestCache = new Map<string, string | null>();

/** The nearest package.json at or above a folder. */
export function nearestPackageJson(dir: string): string | null {
  const hit = nearestCache.get(dir);
  if (hit !== undefined) return hit;
  const p = path.join(dir, 'package.json');
  let found: string | null;
  if (fs.existsSync(p)) found = p;
  else {
    const up = path.dirname(dir);
    found = up === dir ? null : nearestPackageJson(up);
  }
  nearestCache.set(dir, found);
  return found;
}

export const DEP_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

export interface Manifest {
  path: string;
  /** package -> section and 1-based line of its key */
  declared: Map<string, { section: string; line: number; column: number }>;
  /** the text of package.json outside the dependency sections (scripts, tool configs) */
  otherStrings: string[];
  /** the package's own `name`, when it is a string */
  name?: string;
  error?: string;
}

/** Read a package.json through TypeScript's JSON parser (positions for every key). */
export function readManifest(file: string): Manifest {
  const text = readRegularText(file, MANIFEST_LIMIT);
  const json = tsv().parseJsonText(file, text);
  const m: Manifest = { path: file, declared: new Map(), otherStrings: [] };
  const diags = (json as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diags.length) m.error = `package.json does not parse: ${tsv().flattenDiagnosticMessageText(diags[0].messageText, ' ')}`;
  const root = json.statements[0]?.expression;
  if (!root || !tsv().isObjectLiteralExpression(root)) return m;
  const strings = (n: ts.Node): void => {
    if (tsv().isStringLiteral(n)) m.otherStrings.push(n.text);
    tsv().forEachChild(n, strings);
  };
  for (const p of root.properties) {
    if (!tsv().isPropertyAssignment(p) || !tsv().isStringLiteral(p.name)) continue;
    const key = p.name.text;
    if ((DEP_SECTIONS as readonly string[]).includes(key) && tsv().isObjectLiteralExpression(p.initializer)) {
      for (const d of p.initializer.properties) {
        if (!tsv().isPropertyAssignment(d) || !tsv().isStringLiteral(d.name)) continue;
        const lc = json.getLineAndCharacterOfPosition(d.name.getStart(json));
        if (!m.declared.has(d.name.text)) m.declared.set(d.name.text, { section: key, line: lc.line + 1, column: lc.character + 1 });
      }
    } else if (key === 'name') {
      if (tsv().isStringLiteral(p.initializer)) m.name = p.initializer.text;
    } else strings(p.initializer);
  }
  return m;
}

/** The commands a package installs (its `bin`), read from node_modules beside the manifest when it is installed. */
export function binNames(manifestDir: string, pkg: string): string[] {
  // the installed package, found the way Node finds it: node_modules folders from the manifest's folder up
  for (let d = manifestDir; ; d = path.dirname(d)) {
    const pj = path.join(d, 'node_modules', pkg, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        const meta = JSON.parse(readRegularText(pj, MANIFEST_LIMIT)) as { bin?: string | Record<string, string> };
        if (typeof meta.bin === 'string') return [pkg.split('/').pop()!];
        return meta.bin ? Object.keys(meta.bin) : [];
      } catch {
        return [];
      }
    }
    if (path.dirname(d) === d) return [];
  }
}

/** Configuration files that name plugins and presets by package name (`eslint.config.js`, `.babelrc`, `jest.config.ts`, …). */
export function isConfigFile(base: string): boolean {
  return /^\.?[\w-]+rc(\.[\w]+)?$/.test(base) || /(^|[.-])config\.[cm]?[jt]s(on)?$/.test(base) || /^tsconfig.*\.json$/.test(base);
}

/** The string literals of a configuration file, read as JSON or JS/TS (never grepped); [] when it parses as neither. */
export function configStrings(file: string): string[] {
  const text = readRegularText(file, MANIFEST_LIMIT);
  const out: string[] = [];
  const base = path.basename(file);
  const isScript = /\.[cm]?[jt]sx?$/.test(base);
  const sf = isScript ? tsv().createSourceFile(file, text, tsv().ScriptTarget.Latest, true) : tsv().parseJsonText(file, text);
  if (((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length) return out;
  const visit = (n: ts.Node): void => {
    if (tsv().isStringLiteralLike(n)) out.push(n.text);
    tsv().forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * Whether a word from a script or config names a package: the name itself, a
 * path into it (`pkg/preset`), or the short names ESLint, Babel and Prettier
 * accept (`"plugins": ["security"]` for eslint-plugin-security,
 * `"@acme"` for @acme/eslint-plugin, `"env"` for babel-preset-env).
 */
export function namesPackage(word: string, pkg: string): boolean {
  if (word === pkg || word.startsWith(`${pkg}/`)) return true;
  for (const kind of ['eslint-plugin', 'eslint-config', 'babel-preset', 'babel-plugin', 'prettier-plugin']) {
    if (pkg === `${kind}-${word}`) return true;
    if (word.startsWith('@') && (pkg === `${word}/${kind}` || (word.includes('/') && pkg === word.replace('/', `/${kind}-`)))) return true;
  }
  return false;
}

export interface DepFacts {
  imports: JsImport[];
  /** the nearest package.json, relative to the file's folder (`/` separators): facts are cached, and a cache moves with its tree */
  manifest: string | null;
}

/** The facts DEP001 and DEP002 share: the packages a file imports and its nearest package.json. */
export function depFacts(ctx: JsContext): DepFacts {
  const abs = ctx.file.absPath || path.resolve(ctx.file.path);
  const found = nearestPackageJson(path.dirname(abs));
  return { imports: fileImports(ctx.file.sourceFile, (i) => ctx.file.position(i)).filter((i) => i.pkg), manifest: found ? path.relative(path.dirname(abs), found).split(path.sep).join('/') : null };
}

/** The absolute path of a file's nearest package.json, from its facts. */
export function manifestOf(f: ProjectFile): string | null {
  const m = (f.facts as DepFacts | undefined)?.manifest;
  return m ? path.resolve(path.dirname(f.absPath), m) : null;
}

export function manifests(ctx: ProjectContext): Map<string, Manifest> {
  const out = new Map<string, Manifest>();
  for (const f of ctx.files) {
    const m = manifestOf(f);
    if (m && !out.has(m)) {
      try {
        const man = readManifest(m);
        if (man.error) ctx.error(m, man.error);
        out.set(m, man);
      } catch (err) {
        // a FIFO, device or huge file named package.json: one line however many rules need it, and its folder's DEP rules are skipped
        if (!(err instanceof FileReadError)) throw err;
        reportOnce(ctx.options.settings, `unreadable:${m}`, () => ctx.error(m, `${err.message}; skipped`));
      }
    }
  }
  return out;
}
