import * as path from 'path';
import type { Project, ts, SourceFile as MorphFile } from 'ts-morph';
import { tsMorph, tsv } from './ts';
import { nearestPackageJson } from './packages';
import { MANIFEST_LIMIT, readRegularText } from '../../core/readfile';
import type { diffLines as DiffLines } from 'diff';
import type { Declined, Edit, Fix } from '../../core/finding';
import type { JsSourceFile } from './source';

let project: Project | null = null;

/**
 * A ts-morph copy of the file to manipulate for one fix (an in-memory
 * project, reused; each call starts again from the file's text).
 */
export function morphOf(file: JsSourceFile): MorphFile {
  project ??= new (tsMorph().Project)({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true } });
  const name = `/fix${extOf(file.path)}`;
  return project.createSourceFile(name, file.text, { overwrite: true, scriptKind: file.kind });
}

function extOf(p: string): string {
  const m = /\.[cm]?[jt]sx?$/.exec(p);
  return m ? m[0] : '.js';
}

/** The node of the ts-morph copy at the same place as a compiler-API node of the original. */
export function sameNode(morph: MorphFile, node: ts.Node) {
  const start = node.getStart();
  const width = node.end - start;
  const found = morph.getDescendantAtStartWithWidth(start, width);
  // several nodes can share a range (an expression statement and its call); prefer the same kind
  let n = found;
  while (n && n.getKind() !== node.kind) {
    const p = n.getParent();
    if (!p || p.getStart() !== start || p.getEnd() !== node.end) break;
    n = p;
  }
  if (n && n.getKind() === node.kind) return n;
  if (found) for (const d of found.getDescendants()) if (d.getStart() === start && d.getEnd() === node.end && d.getKind() === node.kind) return d;
  return undefined;
}

function syntaxErrorCount(text: string, kind: ts.ScriptKind, name: string): number {
  const sf = tsv().createSourceFile(name, text, tsv().ScriptTarget.Latest, false, kind);
  return ((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length;
}

/**
 * The edits that turn the file's text into `after` (line-granular, so a fix
 * that also adds an import gives two edits), verified: `after` must parse
 * with no more syntax diagnostics than the original, else the fix is declined.
 */
export function finishFix(file: JsSourceFile, after: string, safety: Fix['safety'], description: string): Fix | Declined {
  if (after === file.text) return { declined: 'the fix changes nothing' };
  const before = syntaxErrorCount(file.text, file.kind, file.path);
  const now = syntaxErrorCount(after, file.kind, file.path);
  if (now > before) return { declined: `the fixed text does not parse (${now - before} new syntax error(s)); left alone` };
  return { safety, description, edits: textEdits(file.text, after) };
}

export function textEdits(a: string, b: string): Edit[] {
  // the common prefix and suffix first: most fixes change one small region
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  const midA = a.slice(p, a.length - s);
  const midB = b.slice(p, b.length - s);
  if (!midA.includes('\n') || !midB.includes('\n')) return [{ start: p, end: a.length - s, text: midB }];
  // two or more distant changes: split by lines
  const lineStart = a.lastIndexOf('\n', p - 1) + 1;
  const endA = a.indexOf('\n', a.length - s);
  const stopA = endA < 0 ? a.length : endA + 1;
  const stopB = stopA - a.length + b.length;
  const edits: Edit[] = [];
  let pos = lineStart;
  // loaded when a JS fix is built, not by every scan that loads the rules (issue 12: start-up)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { diffLines } = require('diff') as { diffLines: typeof DiffLines };
  for (const part of diffLines(a.slice(lineStart, stopA), b.slice(lineStart, stopB))) {
    if (part.added) {
      const last = edits[edits.length - 1];
      if (last && last.end === pos) last.text += part.value;
      else edits.push({ start: pos, end: pos, text: part.value });
    } else if (part.removed) {
      const last = edits[edits.length - 1];
      if (last && last.end === pos) last.end = pos + part.value.length;
      else edits.push({ start: pos, end: pos + part.value.length, text: '' });
      pos += part.value.length;
    } else pos += part.value.length;
  }
  return edits;
}

/** ES module, CommonJS, or unknown (a plain script, or a .js file with neither imports nor require). */
export function moduleKind(file: JsSourceFile): 'esm' | 'cjs' | 'unknown' {
  const p = file.path;
  if (/\.m[jt]s$/.test(p)) return 'esm';
  if (/\.c[jt]s$/.test(p)) return 'cjs';
  const sf = file.sourceFile;
  let esm = false;
  let cjs = false;
  for (const st of sf.statements) {
    if (tsv().isImportDeclaration(st) || tsv().isExportDeclaration(st) || tsv().isExportAssignment(st)) esm = true;
    else if (tsv().canHaveModifiers(st) && tsv().getModifiers(st)?.some((m) => m.kind === tsv().SyntaxKind.ExportKeyword)) esm = true;
    else if (tsv().isImportEqualsDeclaration(st)) cjs = true;
    else if (/\brequire\s*\(|\bmodule\.exports\b|\bexports\./.test(st.getText(sf)) && hasRequireOrExports(st)) cjs = true;
  }
  if (esm && !cjs) return 'esm';
  if (cjs && !esm) return 'cjs';
  if (file.isTypeScript && !cjs) return 'esm';
  // neither: a `.js` file is an ES module when its package says so (`"type": "module"`), else it may be a plain script
  if (!esm && !cjs && file.absPath) {
    const pj = nearestPackageJson(path.dirname(file.absPath));
    try {
      if (pj && (JSON.parse(readRegularText(pj, MANIFEST_LIMIT)) as { type?: string }).type === 'module') return 'esm';
    } catch {
      /* an unreadable package.json says nothing */
    }
  }
  return 'unknown';
}

function hasRequireOrExports(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (tsv().isCallExpression(n) && tsv().isIdentifier(n.expression) && n.expression.text === 'require') found = true;
    else if (tsv().isPropertyAccessExpression(n) && tsv().isIdentifier(n.expression) && (n.expression.text === 'module' && n.name.text === 'exports')) found = true;
    else if (tsv().isPropertyAccessExpression(n) && tsv().isIdentifier(n.expression) && n.expression.text === 'exports') found = true;
    else tsv().forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * Add `import { name } from 'spec'` (ESM) or `const { name } = require('spec')`
 * (CommonJS) to a ts-morph file, after the last import/require at the top;
 * nothing when the same import is there. Returns a reason when it cannot.
 */
export function addNamedImport(morph: MorphFile, kind: 'esm' | 'cjs', spec: string, name: string): string | null {
  if (kind === 'esm') {
    const existing = morph.getImportDeclarations().find((d) => d.getModuleSpecifierValue() === spec && !d.isTypeOnly() && !d.getNamespaceImport());
    if (existing) {
      if (!existing.getNamedImports().some((n) => n.getName() === name && !n.getAliasNode())) existing.addNamedImport(name);
      return null;
    }
    const decls = morph.getImportDeclarations();
    morph.insertImportDeclaration(decls.length ? decls[decls.length - 1].getChildIndex() + 1 : 0, { moduleSpecifier: spec, namedImports: [name] });
    return null;
  }
  // CommonJS: after the leading requires (and a 'use strict' directive)
  const statements = morph.getStatements();
  let at = 0;
  for (let i = 0; i < statements.length; i++) {
    const t = statements[i].getText();
    if (/^['"]use strict['"]/.test(t) || /^(const|let|var)\s[^=]+=\s*require\(/.test(t)) at = i + 1;
    else break;
  }
  morph.insertStatements(at, `const { ${name} } = require(${JSON.stringify(spec)});`);
  return null;
}
