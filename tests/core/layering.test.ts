import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { allRules } from '../../src/rules/registry';

/**
 * Issue 20: rule knowledge lives on the rule. Outside src/rules no code names
 * a rule code (a string literal that is a code or a code prefix: 'TST001',
 * 'DOC') nor imports a rule file or a group's `_` helper. Read with the
 * TypeScript parser, so comments and prose messages do not count.
 */
const SRC = path.resolve(__dirname, '../../src');
const RULES = path.join(SRC, 'rules');

/**
 * Where rule knowledge is still outside the rules, each with what it is. The
 * test fails when a new place appears, and when a listed place is gone (so
 * the list only shrinks).
 */
const REMAINING: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== RULES && e.name !== 'templates') out.push(...sourceFiles(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

test('nothing outside src/rules names a rule code or imports a rule file (but the places listed, which only shrink)', () => {
  const codes = new Set(allRules().map((r) => r.code));
  const prefixes = new Set([...codes].map((c) => c.replace(/\d+$/, '')));
  const isCode = (s: string): boolean => codes.has(s) || prefixes.has(s);
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const hits: string[] = [];
    const visit = (n: ts.Node): void => {
      if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && isCode(n.text)) {
        const parent = n.parent;
        const spec = (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) && parent.moduleSpecifier === n;
        if (!spec) hits.push(`'${n.text}' at line ${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
      }
      // imports and requires of a rule file or a group's helper
      const spec = ts.isImportDeclaration(n) || ts.isExportDeclaration(n) ? n.moduleSpecifier : ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' ? n.arguments[0] : undefined;
      if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec.text);
        // a rule file or a group's helper (src/rules/<group>/…); the registry (src/rules/registry.ts) is how everything else asks the rules
        if (target.startsWith(RULES + path.sep) && path.relative(RULES, target).includes(path.sep)) hits.push(`imports ${spec.text}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    if (hits.length) found.set(rel, hits);
  }
  const unexpected = [...found].filter(([f]) => !(f in REMAINING)).map(([f, h]) => `${f}: ${h.join(', ')}`);
  expect(unexpected).toEqual([]);
  const gone = Object.keys(REMAINING).filter((f) => !found.has(f));
  expect(gone).toEqual([]);
});

/**
 * The floors of the layout (README, "Layout"): core imports only core; report/
 * renders a result it is given: core, the rules and the upgrades, nothing from
 * engine, ci or lang. Dynamic imports and requires count too.
 */
const under = (t: string, ...folders: string[]): boolean => folders.some((f) => t.startsWith(path.join(SRC, f) + path.sep));
const FLOORS: Array<{ folder: string; mayImport: (target: string) => boolean; remaining: Record<string, string> }> = [
  {
    folder: 'core',
    mayImport: (t) => under(t, 'core'),
    remaining: {},
  },
  {
    folder: 'lang',
    mayImport: (t) => under(t, 'core', 'lang'),
    remaining: {},
  },
  {
    folder: 'rules',
    mayImport: (t) => under(t, 'core', 'lang', 'rules') || t === path.join(SRC, 'upgrades') || t === path.join(SRC, 'version'),
    remaining: {},
  },
  {
    folder: 'engine',
    mayImport: (t) => !under(t, 'ci', 'fix', 'cli', 'report', 'scaffold', 'instrument', 'server'),
    remaining: {},
  },
  {
    // what a reporter needs of the disk, git or the run (source lines, fingerprints, the repository root) comes in its ReportContext
    // (cli/report-input.ts); the rules (metadata by code, the docstring figure) and the upgrades' table are what it renders from
    folder: 'report',
    mayImport: (t) => under(t, 'core', 'report', 'rules') || t === path.join(SRC, 'upgrades') || t === path.join(SRC, 'version'),
    remaining: {},
  },
  ...['ci', 'fix', 'scaffold', 'instrument', 'server'].map((folder) => ({ folder, mayImport: (t: string) => !under(t, 'cli'), remaining: {} })),
];

test.each(FLOORS.map((f) => [f.folder, f] as const))('%s imports only what is below it (but the places listed, which only shrink)', (_name, floor) => {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(SRC, floor.folder))) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const bad: string[] = [];
    const visit = (n: ts.Node): void => {
      const spec = ts.isImportDeclaration(n) || ts.isExportDeclaration(n) ? n.moduleSpecifier : ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require')) ? n.arguments[0] : undefined;
      if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec.text);
        if (!floor.mayImport(target)) bad.push(spec.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    if (bad.length) found.set(rel, bad);
  }
  expect([...found].filter(([f]) => !(f in floor.remaining)).map(([f, b]) => `${f}: ${b.join(', ')}`)).toEqual([]);
  expect(Object.keys(floor.remaining).filter((f) => !found.has(f))).toEqual([]);
});

/** report/ renders: it starts no process (git's commit and root come in its ReportContext, from cli/report-input.ts). */
test('report/ starts no process', () => {
  const found: string[] = [];
  for (const file of sourceFiles(path.join(SRC, 'report'))) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      const spec = ts.isImportDeclaration(n) ? n.moduleSpecifier : ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' ? n.arguments[0] : undefined;
      if (spec && ts.isStringLiteral(spec) && /^(node:)?child_process$|^execa$/.test(spec.text)) found.push(`${path.relative(SRC, file)}: ${spec.text}`);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  expect(found).toEqual([]);
});

/**
 * Issue 20: engine/ and fix/ never ask what language a file is; they ask its
 * adapter (`adapterFor(path)`) a question with a name. Only
 * engine/languages.ts, which registers the adapters, tells files apart: no
 * other file there uses isJsPath or languageOfPath, or compares a
 * `.language` (or a `language`) to a literal.
 */
test('engine/ and fix/ never ask what language a file is (but engine/languages.ts, which registers the adapters)', () => {
  const ASKS = new Set(['isJsPath', 'languageOfPath']);
  const isLanguage = (n: ts.Node): boolean => (ts.isPropertyAccessExpression(n) && n.name.text === 'language') || (ts.isIdentifier(n) && n.text === 'language');
  const isLiteral = (n: ts.Node): boolean => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);
  const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);
  const found: string[] = [];
  for (const file of [...sourceFiles(path.join(SRC, 'engine')), ...sourceFiles(path.join(SRC, 'fix'))]) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel === 'engine/languages.ts') continue;
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (n: ts.Node): string => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && ASKS.has(n.text)) found.push(`${at(n)} ${n.text}`);
      if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind) && ((isLanguage(n.left) && isLiteral(n.right)) || (isLiteral(n.left) && isLanguage(n.right)))) found.push(`${at(n)} ${n.getText(sf)}`);
      if (ts.isSwitchStatement(n) && isLanguage(n.expression)) found.push(`${at(n)} switch (${n.expression.getText(sf)})`);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  expect(found).toEqual([]);
});
