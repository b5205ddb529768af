import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { cascadeCopy } from '../helpers/cascade';

/**
 * The migration guide (`fix --report`) is the migration: its examples are
 * pieces of the diff as applied, project-level changes are at their own
 * lines, and what is left is listed by hand, upgrade by upgrade.
 */
let dir: string;
let guide: string;
let diff: string;
let left: Record<string, number>;
beforeAll(() => {
  // the diff fix --diff prints, on a copy the fix does not touch
  const other = cascadeCopy();
  diff = cli(['fix', '--no-progress', '--unsafe-fixes', '--diff', '.'], { cwd: other }).stdout;
  fs.rmSync(other, { recursive: true, force: true });
  dir = cascadeCopy();
  // not MIGRATION.md: that would be the project's migration guide, and MIG001 would have nothing left to report
  const r = cli(['fix', '--no-progress', '--unsafe-fixes', '--report', 'UPGRADE-NOTES.md', '.'], { cwd: dir });
  expect(r.stderr).toBe('');
  guide = fs.readFileSync(path.join(dir, 'UPGRADE-NOTES.md'), 'utf8');
  left = JSON.parse(cli(['scan', '--no-cache', '--format', 'json', '.'], { cwd: dir }).stdout).summary.byCode;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The rules' sections: code -> its text up to the next heading. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of md.split(/^### /m).slice(1)) out.set(part.split(' ')[0], part);
  return out;
}

test('each example is a piece of the diff as applied (SEC003: the shlex.split rewrite)', () => {
  const examples = [...guide.matchAll(/^Example \(`([^`]+)`, line (\d+) as fixed\):\n\n```diff\n([^]*?)\n```$/gm)];
  expect(examples.length).toBe(5); // SEC003, NET001, TYP001, TYP002, TYP003
  for (const [, file, , body] of examples) {
    expect(file).toBe('app/net.py');
    expect(diff).toContain(`${body}\n`);
  }
  const sec003 = sections(guide).get('SEC003')!;
  expect(sec003).toContain('-    return subprocess.run(cmd, shell=True, check=False).returncode\n+    return subprocess.run(shlex.split(cmd), check=False).returncode\n');
  expect(sec003).toContain('Example (`app/net.py`, line 15 as fixed)');
});

test('each DEP002 removal is at the line of its dependency in pyproject.toml', () => {
  const dep002 = sections(guide).get('DEP002')!;
  expect(dep002).toContain('- `pyproject.toml`:6 removed requests>=2 from [project] dependencies (nothing imports it)');
  expect(dep002).toContain('- `pyproject.toml`:7 removed click>=8 from [project] dependencies (nothing imports it)');
  expect(dep002).toContain('- `pyproject.toml`:8 removed six from [project] dependencies (nothing imports it)');
  // an addition at its line in the result
  const at = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8').split('\n').findIndex((l) => l.includes('"httpx')) + 1;
  expect(sections(guide).get('DEP001')).toMatch(new RegExp(`- \`pyproject\\.toml\`:${at} added httpx`));
});

test('every rule with findings left is in "Still to do by hand", under its upgrade', () => {
  const byHand = guide.slice(guide.indexOf('## Still to do by hand'), guide.indexOf('## Verify'));
  expect(Object.keys(left).sort()).toEqual(['BEN001', 'INT001', 'MIG001', 'OBS001', 'OBS002', 'TST001']);
  for (const code of Object.keys(left)) expect(byHand).toContain(`- **${code}** `);
  expect(byHand).toContain(`What is left, as \`rfsn-upgrade scan\` reports it: ${Object.values(left).reduce((a, b) => a + b, 0)} findings.`);
  expect(byHand).toMatch(/### U11 Test coverage gaps\n\nAdd tests for the untested modules[^\n]*\n\n- \*\*TST001\*\* untested-module: 1 finding\. [^\n]*\n {2}- `app\/net\.py`:1 /);
});
