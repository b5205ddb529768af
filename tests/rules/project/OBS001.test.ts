import { findingsOf, expectProjectSnapshot } from './projectScan';

describe('OBS001', () => {
  it('reports once, on line 1 of pyproject.toml', async () => {
    expect(await findingsOf('project', 'OBS001', 'bad')).toEqual([{ path: 'pyproject.toml', line: 1, message: 'no metrics instrumentation: nothing imports prometheus_client or OpenTelemetry metrics' }]);
  });

  it.each(['good'])('is silent for the %s project', async (name) => {
    expect(await findingsOf('project', 'OBS001', name)).toEqual([]);
  });
});

test('OBS001 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('project', 'OBS001');
});
