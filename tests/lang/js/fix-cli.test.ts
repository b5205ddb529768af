import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { cli, ROOT } from '../../helpers/cli';

/**
 * `fix --unsafe-fixes` on a copy of the sample project, as a user runs it:
 * the JS/TS files are fixed in the same run as the Python ones, the results
 * still run under node (build.mjs really runs git through execFile and
 * stamps the commit), TypeScript output still compiles, and a second run
 * changes nothing.
 */
const SAMPLE = path.join(ROOT, 'fixtures/sample-project');

function copySample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-jsfix-'));
  fs.cpSync(SAMPLE, dir, { recursive: true, filter: (p) => !p.includes('.rfsn-upgrade-cache') });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'sample');
  return dir;
}

const read = (dir: string, rel: string): string => fs.readFileSync(path.join(dir, rel), 'utf8');
const jsFiles = ['ui/app.js', 'ui/enhancements.js', 'ui/build.mjs', 'ui/src/format.ts'];

describe('fix --unsafe-fixes on the sample project (Python + JS/TS)', () => {
  let dir: string;
  let before: Record<string, string>;
  beforeAll(() => {
    dir = copySample();
    before = Object.fromEntries(jsFiles.map((f) => [f, read(dir, f)]));
    const r = cli(['fix', '.', '--unsafe-fixes', '--no-cache', '--fail-on', 'never'], { cwd: dir });
    expect({ code: r.code, errors: r.stderr.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 0, errors: [] });
  });

  test('SEC004: exec of a plain command became execFile with an argv array, and the script still stamps the commit', () => {
    const text = read(dir, 'ui/build.mjs');
    expect(text).toContain('execFile("git", ["rev-parse", "HEAD"], (err, stdout) => {');
    expect(text).toMatch(/import \{ exec, execFile \} from 'node:child_process';/);
    fs.mkdirSync(path.join(dir, 'ui/dist'), { recursive: true });
    const run = spawnSync(process.execPath, ['build.mjs'], { cwd: path.join(dir, 'ui'), encoding: 'utf8' });
    expect(run.status).toBe(0);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    expect(read(dir, 'ui/dist/version.txt')).toBe(head);
  });

  test('TYP004: a function without a returned value got `: void`, and the TypeScript still transpiles and runs', () => {
    const text = read(dir, 'ui/src/format.ts');
    expect(text).toContain('export function logDuration(seconds: number): void {');
    // formatDuration returns a value: declined, left for a person
    expect(text).toContain('export function formatDuration(seconds: number) {');
    const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    expect(out.diagnostics ?? []).toEqual([]);
    const mod: { exports: Record<string, (...a: unknown[]) => unknown> } = { exports: {} };
    const logged: unknown[] = [];
    new Function('exports', 'module', 'console', out.outputText)(mod.exports, mod, { info: (...a: unknown[]) => logged.push(...a) });
    expect(mod.exports.logDuration(125)).toBeUndefined();
    expect(logged).toEqual(['2m']);
  });

  test('every JS file still parses under node; the ones fixes declined are untouched', () => {
    for (const f of jsFiles.filter((x) => !x.endsWith('.ts'))) {
      const r = spawnSync(process.execPath, ['--check', path.join(dir, f)], { encoding: 'utf8' });
      expect({ f, status: r.status, stderr: r.stderr }).toEqual({ f, status: 0, stderr: '' });
    }
    // LOG001 (no js-logger configured) and SEC005 (not known to run in Node) declined
    expect(read(dir, 'ui/app.js')).toBe(before['ui/app.js']);
    expect(read(dir, 'ui/enhancements.js')).toBe(before['ui/enhancements.js']);
  });

  test('a second run changes nothing', () => {
    const now = Object.fromEntries(jsFiles.map((f) => [f, read(dir, f)]));
    const r = cli(['fix', '.', '--unsafe-fixes', '--no-cache', '--fail-on', 'never', '--diff'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const again = cli(['fix', '.', '--unsafe-fixes', '--no-cache', '--fail-on', 'never'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(Object.fromEntries(jsFiles.map((f) => [f, read(dir, f)]))).toEqual(now);
  });
});
