import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { gitRepoOf } from '../helpers/git';
import { VENV } from '../helpers/python';

// the interpreter the evidence runs with (a benchmark's short run): the test venv, not whatever python3 is first on PATH
const env = { VIRTUAL_ENV: VENV };

/**
 * Issue 23: `status --history` and `status` are one judgement. A repository
 * whose commits add docs, tests, metrics and a benchmark, commit by commit:
 * the verdict history gives each commit is what `status --format json` says
 * on that commit checked out. (Before, history judged every commit in one
 * folder and kept what it had read of the docs: after the commit that
 * documents APP_TIMEOUT in docs/CONFIGURATION.md, history said U15 todo and
 * status done.)
 */
const COMMITS: Array<[string, Record<string, string>]> = [
  [
    'start: a package that reads an environment variable',
    {
      'pyproject.toml': '[project]\nname = "app"\nversion = "1.0"\nrequires-python = ">=3.10"\ndependencies = ["prometheus-client"]\n',
      'app/__init__.py': '"""App."""\n',
      'app/cfg.py': '"""Settings."""\nimport os\n\nTIMEOUT = os.environ.get("APP_TIMEOUT", "5")\n',
      'app/store.py': '"""A store."""\n\n\ndef get(key: str) -> str:\n    """Return the key."""\n    return key\n',
    },
  ],
  ['document the variable', { 'docs/CONFIGURATION.md': '# Configuration\n\n| Variable | Default |\n| --- | --- |\n| APP_TIMEOUT | 5 |\n' }],
  [
    'tests: one real, one file of stubs',
    {
      'tests/test_store.py': '"""Store tests."""\nfrom app.store import get\n\n\ndef test_get() -> None:\n    """Get returns the key."""\n    assert get("a") == "a"\n',
      'tests/test_cfg.py': '"""Settings tests."""\nimport pytest\n\nfrom app import cfg\n\n\ndef test_timeout() -> None:\n    """To be written."""\n    pytest.skip("to be written")\n',
    },
  ],
  ['metrics nothing uses', { 'app/metrics.py': '"""Metrics."""\nfrom prometheus_client import Counter\n\nGETS = Counter("app_gets_total", "Gets")\n' }],
  ['the store counts its gets', { 'app/store.py': '"""A store."""\nfrom app.metrics import GETS\n\n\ndef get(key: str) -> str:\n    """Return the key."""\n    GETS.inc()\n    return key\n' }],
  [
    'a benchmark with a short run',
    {
      'benchmarks/bench_store.py':
        '"""Benchmark the store."""\nimport argparse\n\nfrom app.store import get\n\n\ndef main() -> int:\n    """Time get()."""\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--smoke", action="store_true")\n    args = parser.parse_args()\n    for _ in range(10 if args.smoke else 100000):\n        get("k")\n    return 0\n\n\nif __name__ == "__main__":\n    raise SystemExit(main())\n',
    },
  ],
  [
    'the stubs are written, the metrics tested',
    {
      'tests/test_cfg.py': '"""Settings tests."""\nfrom app import cfg\n\n\ndef test_timeout() -> None:\n    """The default."""\n    assert cfg.TIMEOUT\n',
      'tests/test_metrics.py': '"""Metrics tests."""\nfrom app.metrics import GETS\n\n\ndef test_gets() -> None:\n    """There."""\n    assert GETS\n',
    },
  ],
];

let repo: string;

beforeAll(() => {
  repo = gitRepoOf(COMMITS, '2026-02-01', 'rfsn-history-same-');
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

type Verdicts = Record<string, { state: string; findings: number }>;

test('status --history gives each commit the verdicts status gives that commit checked out', () => {
  const r = cli(['status', '--history', '20', '--format', 'json', '--no-progress'], { cwd: repo, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const history: Array<{ commit: string; subject: string; upgrades: Verdicts }> = JSON.parse(r.stdout).commits;
  expect(history.map((e) => e.subject)).toEqual(COMMITS.map(([s]) => s));
  const checkedOut: Verdicts[] = history.map((e) => {
    const co = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-checkout-'));
    try {
      execFileSync('sh', ['-c', `git archive ${e.commit} | tar -x -C "${co}"`], { cwd: repo });
      const st = cli(['status', '--format', 'json', '--no-progress'], { cwd: co, env });
      expect(st.code).toBe(0);
      const upgrades: Array<{ id: string; state: string; findings: number }> = JSON.parse(st.stdout).upgrades;
      return Object.fromEntries(upgrades.map((u) => [u.id, { state: u.state, findings: u.findings }]));
    } finally {
      fs.rmSync(co, { recursive: true, force: true });
    }
  });
  for (let i = 0; i < history.length; i++) expect({ commit: history[i].subject, ...history[i].upgrades }).toEqual({ commit: history[i].subject, ...checkedOut[i] });
  // and the verdicts move as the commits say they should
  const states = (id: string): string[] => checkedOut.map((v) => v[id].state);
  expect(states('U15')).toEqual(['todo', 'done', 'done', 'done', 'done', 'done', 'done']);
  expect(states('U11')).toEqual(['todo', 'todo', 'todo', 'todo', 'todo', 'todo', 'done']);
  expect(states('U07')).toEqual(['todo', 'todo', 'todo', 'todo', 'partial', 'partial', 'partial']);
  expect(states('U17')).toEqual(['todo', 'todo', 'todo', 'todo', 'todo', 'done', 'done']);
});
