import fs from 'node:fs';
import path from 'node:path';
import { ROOT, cli, tempProject } from '../helpers/cli';

/**
 * Issue 12: the cache changes nothing but speed. The JSON of a scan is the
 * same without the cache, with a cold cache, with a warm one, and with 1, 2
 * or 8 worker threads, on the sample project and on a generated tree; after
 * one file changes, the warm run equals a fresh uncached run.
 */
function generatedTree(): string {
  const files: Record<string, string | Buffer> = { 'pyproject.toml': '[project]\nname = "gen"\nversion = "1"\ndependencies = []\n' };
  for (let i = 0; i < 60; i++) {
    files[`gen/m${i}.py`] = `from typing import List, Optional\nimport os\n\n\ndef f${i}(x: Optional[int]) -> List[int]:\n    print("value", x)\n    os.system("echo ${i}")\n    return [x or ${i}]\n\n\ndef g${i}(y):\n    return "{}".format(y)\n`;
  }
  files['gen/__init__.py'] = '';
  // inputs that cannot be read as source: the cache keeps their verdict too
  files['gen/latin.py'] = Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x27, 0xf6, 0x27, 0x0a]);
  files['gen/nul.py'] = Buffer.concat([Buffer.from('x = 1\n'.repeat(2000)), Buffer.from([0]), Buffer.from('\n')]);
  return tempProject(files);
}

describe.each([
  ['the sample project', () => path.join(ROOT, 'fixtures/sample-project')],
  ['a generated tree', generatedTree],
])('%s', (_name, make) => {
  test('JSON identical with and without the cache, cold and warm, with --jobs 1/2/8; a changed file is seen', () => {
    const dir = make();
    const cacheDir = tempProject({});
    const scan = (...extra: string[]) => {
      const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'never', ...extra]);
      expect(r.stderr.replace(/^error: .*\/gen\/(latin|nul)\.py: .*\n/gm, '')).toBe('');
      return r.stdout;
    };
    const plain = scan('--no-cache', '--jobs', '1');
    expect(JSON.parse(plain).summary.findings).toBeGreaterThan(0);
    expect(scan('--cache-dir', cacheDir, '--jobs', '2')).toBe(plain); // cold
    expect(fs.readdirSync(path.join(cacheDir, 'v2')).length).toBeGreaterThan(0);
    expect(scan('--cache-dir', cacheDir, '--jobs', '8')).toBe(plain); // warm
    expect(scan('--cache-dir', cacheDir, '--jobs', '1')).toBe(plain);
    expect(scan('--no-cache', '--jobs', '8')).toBe(plain);
    // every file served, the unreadable ones too (their error comes from the cache)
    const timed = cli(['scan', dir, '--format', 'json', '--fail-on', 'never', '--cache-dir', cacheDir, '--timings']);
    expect(timed.stderr).toMatch(/^cache: \d+ files served from the cache, 0 checked$/m);
  });
});

test('after editing one file the warm run equals an uncached run', () => {
  const dir = generatedTree();
  const cacheDir = tempProject({});
  const scan = (...extra: string[]) => cli(['scan', dir, '--format', 'json', '--fail-on', 'never', ...extra]).stdout;
  scan('--cache-dir', cacheDir);
  fs.appendFileSync(path.join(dir, 'gen/m3.py'), '\n\ndef h():\n    eval("1")\n');
  const warm = scan('--cache-dir', cacheDir);
  expect(warm).toBe(scan('--no-cache'));
  expect(JSON.parse(warm).findings.some((f: { path: string; code: string }) => f.path.endsWith('gen/m3.py') && f.code === 'SEC001')).toBe(true);
});

test('fix keeps the cache at the project root by default and none with --no-cache; a scan after it is served from it', () => {
  const dir = generatedTree();
  const none = cli(['fix', '.', '--fail-on', 'never', '--no-cache'], { cwd: dir });
  expect(none.code).toBe(0);
  expect(fs.existsSync(path.join(dir, '.rfsn-upgrade-cache'))).toBe(false);
  fs.appendFileSync(path.join(dir, 'gen/m1.py'), '\n\nfrom typing import Dict\n\nd: Dict[str, int] = {}\n');
  const fixed = cli(['fix', '.', '--fail-on', 'never'], { cwd: dir });
  expect(fixed.stdout).toMatch(/^\d+ fix(es)? in 1 file/);
  expect(fs.existsSync(path.join(dir, '.rfsn-upgrade-cache', 'CACHEDIR.TAG'))).toBe(true);
  const warm = cli(['scan', '.', '--format', 'json', '--fail-on', 'never', '--timings'], { cwd: dir });
  expect(warm.stderr).toMatch(/^cache: 63 files served from the cache, 0 checked$/m);
  expect(warm.stdout).toBe(cli(['scan', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'], { cwd: dir }).stdout);
});
