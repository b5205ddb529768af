import { findingsOf, fixture, scanProject, expectProjectSnapshot } from '../project/projectScan';

describe('CLI001 cli-missing-options', () => {
  it('names what each CLI lacks, at its construction or its console-script function', async () => {
    expect(await findingsOf('cli', 'CLI001', 'bad')).toEqual([
      { path: 'app/bare.py', line: 4, message: "console script 'app-bare' (app.bare:run) parses no options: it lacks --version, -v/--verbose, --dry-run, --output/--format" },
      { path: 'app/cli.py', line: 5, message: 'command-line interface lacks --version, --dry-run, --output/--format' },
      { path: 'app/clicky.py', line: 4, message: 'command-line interface lacks --version, --output/--format' },
      { path: 'app/typed.py', line: 3, message: 'command-line interface lacks --version, --output/--format' },
      { path: 'app/versionish.py', line: 3, message: 'command-line interface lacks -v/--verbose, --dry-run' },
    ]);
    const { findings } = await scanProject(fixture('cli', 'CLI001', 'bad'), ['CLI001']);
    expect(findings.find((f) => f.path.endsWith('app/cli.py'))).toMatchObject({ line: 5, column: 14 });
  });

  it('is silent for complete argparse, click and typer CLIs and for scripts that delegate', async () => {
    expect(await findingsOf('cli', 'CLI001', 'good')).toEqual([]);
  });
});

test('CLI001 snapshot: what it reports on each fixture project', async () => {
  await expectProjectSnapshot('cli', 'CLI001');
});
