import fs from 'node:fs';
import { cli, tempProject } from '../helpers/cli';
import { cascadeCopy } from '../helpers/cascade';

/** scan's summary says that fix can apply more than its fixable count, only when something is fixable. */
const NOTE = /^Fixes make more fixes possible \(a rewrite can leave an import unused, an added import needs declaring\)(.*): `rfsn-upgrade fix --diff` shows all that fix would apply\.$/m;

test('with fixable findings: one line, naming the project-level findings the count leaves out', () => {
  const dir = cascadeCopy();
  try {
    const r = cli(['scan', '.'], { cwd: dir });
    const m = NOTE.exec(r.stdout);
    expect(m?.[1]).toBe(", and 2 project-level findings with a fix (whole-file edits such as the manifest's) are not counted");
    expect(r.stdout.match(new RegExp(NOTE.source, 'gm'))).toHaveLength(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with nothing fixable: no such line', () => {
  const dir = tempProject({ 'pyproject.toml': '[project]\nname = "a"\nrequires-python = ">=3.10"\n', 'a/__init__.py': '"""A."""\nimport os\n\nPATH = os.environ.get("A_PATH")\n' });
  try {
    const r = cli(['scan', '.'], { cwd: dir });
    expect(r.stdout).toMatch(/^Found \d+ findings? in/m);
    expect(r.stdout).not.toMatch(/fixable now/);
    expect(r.stdout).not.toMatch(/Fixes make more fixes possible/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
