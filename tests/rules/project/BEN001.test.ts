import { findingsOf, expectProjectSnapshot } from './projectScan';

describe('BEN001', () => {
  it('reports once, on line 1 of pyproject.toml', async () => {
    expect(await findingsOf('project', 'BEN001', 'bad')).toEqual([{ path: 'pyproject.toml', line: 1, message: 'no benchmarks: no benchmarks/ folder, asv configuration or pytest-benchmark test' }]);
  });

  it.each(['good', 'folder'])('is silent for the %s project', async (name) => {
    expect(await findingsOf('project', 'BEN001', name)).toEqual([]);
  });
});

test('BEN001 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('project', 'BEN001');
});
