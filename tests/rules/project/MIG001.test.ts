import { findingsOf, expectProjectSnapshot } from './projectScan';

describe('MIG001', () => {
  it('reports once, on line 1 of pyproject.toml', async () => {
    expect(await findingsOf('project', 'MIG001', 'bad')).toEqual([{ path: 'pyproject.toml', line: 1, message: 'no migration guide: no MIGRATION*.md at the project root and no docs/migration*' }]);
  });

  it.each(['good', 'root-file'])('is silent for the %s project', async (name) => {
    expect(await findingsOf('project', 'MIG001', name)).toEqual([]);
  });
});

test('MIG001 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('project', 'MIG001');
});
