import fs from 'node:fs';
import path from 'node:path';
import { lowestRequiredPython, minorFromRequiresPython } from '../../src/engine/config';
import { cli, tempProject } from '../helpers/cli';

describe('requires-python: the lowest declared version decides (issue 21, item 12)', () => {
  test.each([
    ['>=3.9', [3, 9]],
    ['>=3.8,<4', [3, 8]],
    ['>=2.7', [2, 7]],
    ['>=2.7, !=3.0.*', [2, 7]],
    ['>=2.7,!=3.0.*,!=3.1.*,!=3.2.*', [2, 7]],
    ['>=3', [3, 0]],
    ['~=3.10', [3, 10]],
    ['==3.11.*', [3, 11]],
    ['>3.7', [3, 7]],
    ['^3.8', [3, 8]],
    ['<3.10', [0, 0]],
    ['!=3.5.*', [0, 0]],
  ] as Array<[string, [number, number]]>)('%s admits %j', (spec, low) => {
    expect(lowestRequiredPython(spec)).toEqual(low);
  });
  test('no version at all is not a specifier', () => {
    expect(lowestRequiredPython('banana')).toBeNull();
    expect(minorFromRequiresPython('>=2.7')).toBeNull();
    expect(minorFromRequiresPython('>=3.10')).toBe(10);
  });

  const code = 'from typing import List, Optional\n\n\ndef f(a: List[int], b: Optional[int]) -> List[int]:\n    print("{} {}".format(a, b))\n    return a\n';
  test.each(['>=2.7', '>=2.7, !=3.0.*', '>=3', '>=3.6'])('fix writes no f-string, list[int] or X | None into a project declaring %s, and says why once', (spec) => {
    const dir = tempProject({ 'pyproject.toml': `[project]\nname = "app"\nrequires-python = "${spec}"\n`, 'app/__init__.py': '', 'app/m.py': code });
    const r = cli(['fix', '.', '--unsafe-fixes', '--select', 'TYP,FMT'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'app/m.py'), 'utf8')).toBe(code);
    const lines = r.stderr.split('\n').filter((l) => l.includes('fixes that depend on the Python version are off'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`requires-python ${JSON.stringify(spec)} admits`);
    // the scan still reports the findings, without a fix
    const scan = JSON.parse(cli(['scan', '.', '--select', 'TYP,FMT', '--format', 'json', '--fail-on', 'never'], { cwd: dir }).stdout);
    expect(scan.summary.findings).toBeGreaterThan(0);
    expect(scan.findings.every((f: { fix: unknown }) => f.fix === null)).toBe(true);
  });
  test('the same project declaring >=3.10 gets the fixes; an explicit target-version overrides the floor', () => {
    const dir = tempProject({ 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.10"\n', 'app/__init__.py': '', 'app/m.py': code });
    cli(['fix', '.', '--select', 'TYP,FMT'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'app/m.py'), 'utf8')).toContain('def f(a: list[int], b: int | None) -> list[int]:');
    const old = tempProject({ 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=2.7"\n', 'app/__init__.py': '', 'app/m.py': code });
    const r = cli(['fix', '.', '--select', 'TYP,FMT', '--target-version', 'py310'], { cwd: old });
    expect(r.stderr).not.toContain('fixes that depend on the Python version are off');
    expect(fs.readFileSync(path.join(old, 'app/m.py'), 'utf8')).toContain('list[int]');
  });
});
