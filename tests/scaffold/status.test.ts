import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, ROOT } from '../helpers/cli';
import './helpers'; // the scaffolded projects' interpreter: the test venv

/**
 * Issue 5's proof that the scaffolds count: on a copy of the sample project,
 * `status` moves U03, U07, U10 and U17 from todo to partial or done once the
 * pool, metrics, metrics server, tracing and benchmarks are generated.
 */
test('status sees the generated scaffolds', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-status-'));
  try {
    fs.cpSync(path.join(ROOT, 'fixtures/sample-project'), dir, { recursive: true });
    const states = (): Record<string, string> => {
      const r = cli(['status', '.', '--format', 'json', '--no-progress'], { cwd: dir });
      const out = JSON.parse(r.stdout) as { upgrades: Array<{ id: string; state: string }>; total: number };
      expect(out.total).toBe(19);
      return Object.fromEntries(out.upgrades.map((u) => [u.id, u.state]));
    };
    const before = states();
    for (const id of ['U03', 'U07', 'U10', 'U17']) expect({ id, state: before[id] }).toEqual({ id, state: 'todo' });
    for (const kind of ['pool', 'metrics', 'metrics-server', 'tracing', 'benchmarks']) {
      const r = cli(['scaffold', kind], { cwd: dir });
      expect({ kind, code: r.code, stderr: r.stderr }).toEqual({ kind, code: 0, stderr: '' });
    }
    const after = states();
    for (const id of ['U03', 'U07', 'U10', 'U17']) expect({ id, moved: ['partial', 'done'].includes(after[id]) }).toEqual({ id, moved: true });
    // the pool exists but the sample's modules still call sqlite3.connect
    expect(after.U03).toBe('partial');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
