import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli';

/**
 * Issue 20, second defect: everything cached is relative to its root, so a
 * tree copied or moved with its cache gives, in the new place, exactly what
 * --no-cache gives there (the JS dependency facts kept the old tree's
 * package.json: DEP002 was reported on ../a/ui/package.json).
 */
test('the sample project copied with its cache: the copy reports its own paths, as --no-cache does', () => {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-moved-'));
  const a = path.join(top, 'a');
  fs.cpSync(path.join(__dirname, '../../fixtures/sample-project'), a, { recursive: true, filter: (src) => !src.includes('.rfsn-upgrade-cache') });
  const scan = (cwd: string, ...extra: string[]): string => cli(['scan', '.', '--format', 'json', '--fail-on', 'never', ...extra], { cwd }).stdout;
  const original = scan(a);
  expect(JSON.parse(original).findings.some((f: { code: string; path: string }) => f.code === 'DEP002' && f.path === 'ui/package.json')).toBe(true);
  // no absolute path of the tree is kept in the cache
  const packs = path.join(a, '.rfsn-upgrade-cache', 'v2');
  for (const p of fs.readdirSync(packs)) expect(fs.readFileSync(path.join(packs, p)).includes(a)).toBe(false);
  const b = path.join(top, 'b');
  fs.cpSync(a, b, { recursive: true });
  const moved = path.join(top, 'c');
  fs.renameSync(a, moved);
  for (const dir of [b, moved]) {
    const warm = scan(dir);
    expect(warm).not.toContain('../a/');
    expect(warm).toBe(scan(dir, '--no-cache'));
    expect(warm).toBe(original);
  }
});
