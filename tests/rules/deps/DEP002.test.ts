import { findingsOf, expectProjectSnapshot } from '../project/projectScan';

describe('DEP002 unused-dependency', () => {
  it('reports run-time dependencies nothing imports, on the line that declares them', async () => {
    expect(await findingsOf('deps', 'DEP002', 'bad')).toEqual([
      { path: 'pyproject.toml', line: 6, message: 'click is declared ([project] dependencies) but never imported' },
      { path: 'pyproject.toml', line: 13, message: "ujson is declared (extra 'fast') but never imported" },
      { path: 'requirements.txt', line: 2, message: 'flask is declared (requirements.txt) but never imported' },
    ]);
  });

  it('reads Poetry dependencies and skips its dev groups', async () => {
    expect(await findingsOf('deps', 'DEP002', 'poetry')).toEqual([
      { path: 'pyproject.toml', line: 8, message: 'rich is declared ([tool.poetry.dependencies]) but never imported' },
    ]);
  });

  it('matches distributions to their import names and spares tools run without import', async () => {
    expect(await findingsOf('deps', 'DEP002', 'good')).toEqual([]);
  });
});

test('DEP002 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('deps', 'DEP002');
});
