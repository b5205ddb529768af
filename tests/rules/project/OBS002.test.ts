import { findingsOf, expectProjectSnapshot } from './projectScan';

describe('OBS002', () => {
  it('reports once, on line 1 of pyproject.toml', async () => {
    expect(await findingsOf('project', 'OBS002', 'bad')).toEqual([{ path: 'pyproject.toml', line: 1, message: 'no distributed tracing: nothing imports OpenTelemetry tracing' }]);
  });

  it.each(['good', 'instrumentation'])('is silent for the %s project', async (name) => {
    expect(await findingsOf('project', 'OBS002', name)).toEqual([]);
  });
});

test('OBS002 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('project', 'OBS002');
});
