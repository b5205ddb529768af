import { findingsOf, expectProjectSnapshot } from '../project/projectScan';

describe('DEP003 optional-import-not-in-extra', () => {
  it('reports try/except ImportError imports that no extra declares', async () => {
    expect(await findingsOf('deps', 'DEP003', 'bad')).toEqual([
      { path: 'app/io.py', line: 7, message: 'ujson is imported optionally (try/except ImportError) but no extra declares ujson' },
      { path: 'app/io.py', line: 27, message: 'rich.console is imported optionally (try/except ImportError) but no extra declares rich' },
    ]);
  });

  it('accepts Poetry extras and optional dependencies', async () => {
    expect(await findingsOf('deps', 'DEP003', 'good')).toEqual([]);
  });
});

test('DEP003 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('deps', 'DEP003');
});
