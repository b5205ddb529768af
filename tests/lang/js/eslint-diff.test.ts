import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ts } from 'ts-morph';
import { checkJsFile } from '../../../src/lang/js/check';
import { JsSourceFile } from '../../../src/lang/js/source';
import { JsNames, skipParens } from '../../../src/lang/js/names';
import { options, rulesFor } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const oracle = require('../../../scripts/eslint-diff.js') as {
  realTree(): { packages: string[]; files: string[] };
  runEslint(files: string[]): Promise<{ findings: Peer[]; fatal: Array<{ path: string; message: string }> }>;
};

interface Peer {
  path: string;
  line: number;
  group: string;
  rule: string;
  message: string;
}

const CODES = ['SEC001', 'SEC004', 'LOG001', 'TYP004'];

/** Ours, in the peer's groups: SEC001 splits into eval / implied-eval / new-func by what it found. */
function ours(files: string[]): Peer[] {
  const out: Peer[] = [];
  for (const f of files) {
    const file = new JsSourceFile(f, f, fs.readFileSync(f, 'utf8'));
    for (const x of checkJsFile(file, rulesFor(...CODES), options(path.dirname(f))).findings) {
      const group = x.code === 'SEC001' ? (/^eval/.test(x.message) ? 'eval' : /Function/.test(x.message) ? 'new-func' : 'implied-eval') : x.code === 'SEC004' ? 'child-process' : x.code === 'LOG001' ? 'console' : 'boundary';
      out.push({ path: f, line: x.line, group, rule: x.code, message: x.message });
    }
  }
  return out;
}

/** The nodes that start on a line (for explaining a difference from the code there). */
function nodesOnLine(file: JsSourceFile, line: number): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (file.lineOf(n.getStart(file.sourceFile)) <= line && file.lineOf(n.end) >= line) {
      if (file.lineOf(n.getStart(file.sourceFile)) === line) out.push(n);
      ts.forEachChild(n, visit);
    }
  };
  visit(file.sourceFile);
  return out;
}

const CONSOLE_OURS = new Set(['log', 'info', 'debug', 'warn', 'error']);

/**
 * Why a difference is one: every reason names a documented choice of ours or
 * a documented behaviour of the peer. `null` is an unexplained difference
 * (the test fails on it).
 */
function explain(d: Peer, side: 'eslint-only' | 'ours-only', file: JsSourceFile): string | null {
  const nodes = nodesOnLine(file, d.line);
  const calls = nodes.filter(ts.isCallExpression);
  const calleeText = (c: ts.CallExpression) => skipParens(c.expression).getText(file.sourceFile);
  if (d.group === 'console' && side === 'eslint-only') {
    const c = calls.find((c) => /^console\.\w+$/.test(calleeText(c)));
    if (c && !CONSOLE_OURS.has(calleeText(c).split('.')[1])) return `console.${calleeText(c).split('.')[1]}: LOG001 covers log/info/debug/warn/error only; no-console flags every console member`;
    const m = nodes.find((n) => ts.isPropertyAccessExpression(n) && n.expression.getText(file.sourceFile) === 'console' && !(ts.isCallExpression(n.parent) && n.parent.expression === n));
    if (m) return 'console.x not called (passed or stored): no-console reports any member access, LOG001 reports calls';
  }
  if (d.group === 'console' && side === 'ours-only') {
    if (calls.some((c) => /^(window|globalThis|global|self)\.console\./.test(calleeText(c)))) return 'window.console.x(): LOG001 follows the global host, no-console only the bare name';
  }
  if (d.group === 'child-process' && side === 'eslint-only') {
    if (calls.some((c) => ts.isIdentifier(c.expression) && c.expression.text === 'require' && /child_process/.test(c.arguments[0]?.getText(file.sourceFile) ?? ''))) return "require('child_process') not bound to a name: detect-child-process reports the require itself; SEC004 reports calls that run a shell";
  }
  if (d.group === 'child-process' && side === 'ours-only') {
    if (calls.some((c) => /(^|\.)execSync$/.test(calleeText(c)))) return 'execSync(): always runs a shell; detect-child-process checks exec() only';
    if (calls.some((c) => /(^|\.)exec$/.test(calleeText(c)) && c.arguments[0] && (ts.isStringLiteralLike(c.arguments[0]) || ts.isTemplateExpression(c.arguments[0]) || ts.isIdentifier(c.arguments[0])))) return 'exec() with a static command (a literal or a const): still a shell; detect-child-process only reports non-static commands';
  }
  if (d.group === 'eval' && side === 'ours-only') {
    if (calls.some((c) => /^(window|global|self)\.eval$/.test(calleeText(c)))) return 'window/global/self.eval(): no browser/node globals are configured for ESLint, so no-eval does not know the host; SEC001 treats them as the global';
  }
  if (d.group === 'eval' && side === 'eslint-only') {
    const names = new JsNames(file.sourceFile);
    if (calls.some((c) => ts.isIdentifier(c.expression) && c.expression.text === 'eval' && names.isShadowed(c.expression))) return 'a local named eval: no-eval reports every call of the name eval; SEC001 skips a shadowed local';
    if (calls.some((c) => /^this\.eval$/.test(calleeText(c)))) return 'this.eval(): no-eval assumes `this` is the global object at top level; SEC001 does not (obj.eval() is not the builtin)';
    if (nodes.some((n) => ts.isIdentifier(n) && n.text === 'eval' && !(ts.isCallExpression(n.parent) && n.parent.expression === n))) return 'eval referenced, not called (e.g. `const e = eval`): no-eval reports the reference; SEC001 reports calls';
  }
  if (d.group === 'implied-eval') {
    if (side === 'ours-only' && calls.some((c) => /setImmediate$/.test(calleeText(c)))) return 'setImmediate("…"): Node ignores a string here, but it is the same mistake; no-implied-eval does not check setImmediate';
    if (side === 'eslint-only' && calls.some((c) => /^(window|globalThis|global|self)\.(execScript|setTimeout|setInterval)$/.test(calleeText(c)))) return 'difference in host handling';
  }
  if (d.group === 'boundary') {
    const fn = nodes.find((n) => ts.isFunctionLike(n) || ts.isVariableStatement(n) || ts.isClassDeclaration(n) || ts.isPropertyDeclaration(n));
    if (side === 'eslint-only' && nodes.some((n) => ts.isPropertyDeclaration(n) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer)))) return 'class property holding an arrow function: explicit-module-boundary-types checks it; TYP004 checks methods and getters';
    if (side === 'eslint-only' && nodes.some((n) => ts.isExportSpecifier(n) || ts.isExportAssignment(n))) return 'exported through `export { f }` / `export default obj`: explicit-module-boundary-types follows the export to the function; TYP004 checks exported declarations only';
    if (side === 'eslint-only' && nodes.some((n) => ts.isFunctionLike(n) && !ts.isMethodDeclaration(n)) && !nodes.some((n) => (ts.isFunctionDeclaration(n) || ts.isVariableStatement(n)) && ts.getModifiers(n as ts.FunctionDeclaration)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) return 'a function reached from an export (returned, assigned or listed later): the peer follows it; TYP004 checks exported declarations only';
    if (side === 'ours-only' && fn && ts.isGetAccessor(fn)) return 'getter: TYP004 includes getters, explicit-module-boundary-types checks them only when the setter is absent';
  }
  return null;
}

async function differential(files: string[]) {
  const peer = await oracle.runEslint(files);
  const mine = ours(files);
  const key = (p: Peer) => `${p.path}\0${p.line}\0${p.group}`;
  const peerKeys = new Set(peer.findings.map(key));
  const ourKeys = new Set(mine.map(key));
  const rows: Array<{ side: 'eslint-only' | 'ours-only'; d: Peer; reason: string | null }> = [];
  const cache = new Map<string, JsSourceFile>();
  const src = (p: string) => cache.get(p) ?? cache.set(p, new JsSourceFile(p, p, fs.readFileSync(p, 'utf8'))).get(p)!;
  for (const d of peer.findings) if (!ourKeys.has(key(d))) rows.push({ side: 'eslint-only', d, reason: explain(d, 'eslint-only', src(d.path)) });
  for (const d of mine) if (!peerKeys.has(key(d))) rows.push({ side: 'ours-only', d, reason: explain(d, 'ours-only', src(d.path)) });
  const agree = mine.filter((d) => peerKeys.has(key(d))).length;
  return { rows, agree, peer: peer.findings.length, ours: mine.length, fatal: peer.fatal };
}

function table(title: string, r: Awaited<ReturnType<typeof differential>>): string {
  const lines = [`## ${title}: ${r.agree} agree, ${r.ours} ours, ${r.peer} ESLint's, ${r.rows.length} differences, ${r.fatal.length} files ESLint could not parse`];
  for (const f of r.fatal) lines.push(`- ESLint parse error ${path.relative(process.cwd(), f.path)}: ${f.message}`);
  for (const { side, d, reason } of r.rows) lines.push(`- ${side} ${d.group} ${path.relative(process.cwd(), d.path)}:${d.line} (${d.rule}): ${reason ?? 'UNEXPLAINED: ' + d.message}`);
  return lines.join('\n');
}

const report: string[] = [];
afterAll(() => {
  const out = path.join(os.tmpdir(), 'rfsn-eslint-diff.md');
  fs.writeFileSync(out, report.join('\n\n') + '\n');
  process.stdout.write(`ESLint differential written to ${out}\n`);
});

test('fixtures: every difference with ESLint has a reason', async () => {
  const files = ['security/SEC001.js', 'security/SEC004.mjs', 'logging/LOG001.mjs', 'typing/TYP004.ts', 'security/SEC003.js', 'security/SEC005.cjs'].map((f) => path.join(__dirname, '../..', 'rules', f));
  const r = await differential(files);
  report.push(table('fixtures', r));
  expect(r.fatal).toEqual([]);
  expect(r.agree).toBeGreaterThan(10);
  expect(r.rows.filter((x) => !x.reason).map((x) => `${x.side} ${x.d.path}:${x.d.line} ${x.d.message}`)).toEqual([]);
}, 120000);

test('a real tree (commander, ora, chalk, execa and their dependencies): every difference has a reason', async () => {
  const { files, packages } = oracle.realTree();
  expect(packages).toEqual(expect.arrayContaining(['commander', 'ora', 'chalk', 'execa']));
  expect(files.length).toBeGreaterThan(50);
  const r = await differential(files);
  report.push(table(`${packages.length} packages, ${files.length} files`, r));
  expect(r.rows.filter((x) => !x.reason).map((x) => `${x.side} ${path.relative(process.cwd(), x.d.path)}:${x.d.line} ${x.d.group} ${x.d.message}`)).toEqual([]);
}, 300000);
