import fs from 'node:fs';
import path from 'node:path';

// every project-level rule fixture has a project where it must fire and one where it must stay silent
describe('project rule fixtures', () => {
  const groups = ['integration', 'testing', 'deps', 'cli', 'project'];
  for (const group of groups) {
    const dir = path.join('tests', 'rules', group);
    const codes = fs.readdirSync(dir).filter((d) => /^[A-Z]+\d+$/.test(d));
    for (const code of codes) {
      it(`${group}/${code} has a bad and a good project, each with a pyproject.toml`, () => {
        for (const kind of ['bad', 'good']) expect(fs.existsSync(path.join(dir, code, kind, 'pyproject.toml'))).toBe(true);
        expect(fs.existsSync(path.join(dir, `${code}.test.ts`))).toBe(true);
      });
    }
  }
});
