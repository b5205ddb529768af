import fs from 'node:fs';
import path from 'node:path';
import { ResultCache } from '../../src/engine/cache';
import { cli, tempProject } from '../helpers/cli';

/** `rfsn-upgrade cache clean`, run as the built CLI. */
function makeCache(dir: string): void {
  const c = ResultCache.open(dir, {
    root: path.dirname(dir),
    settings: { version: '0', engine: 'native', rules: [], options: { targetMinor: 12, settings: { projectRoot: path.dirname(dir), pyprojectPath: null } }, implementation: 'x', projectInputs: 'y' },
  })!;
  c.store('a.py', 'h', 'a.py', { findings: [], facts: {}, errors: [], warnings: [], lines: 1, suppressions: [] });
  c.flush();
}

test('removes the cache at the project root (found from a subfolder), says what it removed, exit 0', () => {
  const dir = tempProject({ 'pyproject.toml': '[project]\nname = "x"\n', 'pkg/a.py': 'x = 1\n' });
  makeCache(path.join(dir, '.rfsn-upgrade-cache'));
  const r = cli(['cache', 'clean'], { cwd: path.join(dir, 'pkg') });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Removed \.\.\/\.rfsn-upgrade-cache \(3 files, [\d.]+ (B|kB)\)\.\n$/);
  expect(fs.existsSync(path.join(dir, '.rfsn-upgrade-cache'))).toBe(false);
  expect(fs.readFileSync(path.join(dir, 'pkg/a.py'), 'utf8')).toBe('x = 1\n');
  // a second clean: nothing there, still exit 0
  const again = cli(['cache', 'clean'], { cwd: dir });
  expect(again).toEqual({ code: 0, stdout: 'No cache at .rfsn-upgrade-cache; nothing to remove.\n', stderr: '' });
});

test('--cache-dir and RFSN_UPGRADE_CACHE_DIR name the folder', () => {
  const dir = tempProject({ 'a.py': 'x = 1\n' });
  makeCache(path.join(dir, 'ci-cache'));
  makeCache(path.join(dir, 'env-cache'));
  const flag = cli(['cache', 'clean', '--cache-dir', 'ci-cache'], { cwd: dir });
  expect(flag.code).toBe(0);
  expect(flag.stdout).toMatch(/^Removed ci-cache /);
  const env = cli(['cache', 'clean'], { cwd: dir, env: { RFSN_UPGRADE_CACHE_DIR: path.join(dir, 'env-cache') } });
  expect(env.code).toBe(0);
  expect(env.stdout).toMatch(/^Removed env-cache /);
  expect(fs.readdirSync(dir).sort()).toEqual(['a.py']);
});

test('a folder that is not our cache is left alone, with one line and exit 2', () => {
  const dir = tempProject({ 'src/keep.py': 'x = 1\n', 'other/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n# made by another tool\n' });
  const r = cli(['cache', 'clean', '--cache-dir', 'src'], { cwd: dir });
  expect(r).toEqual({ code: 2, stdout: '', stderr: "src is not an rfsn-upgrade cache (no CACHEDIR.TAG of ours); left alone.\n" });
  const o = cli(['cache', 'clean', '--cache-dir', 'other'], { cwd: dir });
  expect(o.code).toBe(2);
  expect(fs.existsSync(path.join(dir, 'src/keep.py'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'other/CACHEDIR.TAG'))).toBe(true);
});
