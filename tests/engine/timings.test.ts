import { cli, tempProject } from '../helpers/cli';

/**
 * Issue 25: `scan --timings` accounts for CPU, not wall time per thread, so
 * that its split adds up to what the run cost: each thread's CPU (the main
 * thread, every worker, V8's helper threads) and python3's, and the phases
 * sharing out the same total.
 */

/** 70 files: enough for two worker threads (one per 32 files). */
function project(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 70; i++) files[`m${i}.py`] = `import os\n\n\ndef f${i}(x):\n    os.system(x)\n    return eval(x)\n`;
  return tempProject(files);
}

function parse(stderr: string): { threads: Map<string, number>; phases: Map<string, number>; total: number } {
  const byThread = /^ {2}by thread: (.*) ms$/m.exec(stderr);
  if (!byThread) throw new Error(`no "by thread" line in:\n${stderr}`);
  const threads = new Map(byThread[1].split(', ').map((t) => [t.replace(/ \d+$/, ''), Number(/(\d+)$/.exec(t)![1])] as const));
  const phases = new Map<string, number>();
  let total = NaN;
  for (const m of stderr.matchAll(/^ {2}(\S.*?)\s+(\d+) ms\s+[\d.]+%$/gm)) {
    if (m[1] === 'total') {
      total = Number(m[2]);
      break;
    }
    phases.set(m[1], Number(m[2]));
  }
  return { threads, phases, total };
}

test('scan --timings: CPU per thread and python3, and phases that add up to the same total', () => {
  const r = cli(['scan', '.', '--no-cache', '--select', 'SEC', '--jobs', '2', '--timings', '--format', 'json'], { cwd: project() });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^timings \(CPU, summed over threads and python3; wall \d+ ms; 70 files\):$/m);
  const { threads, phases, total } = parse(r.stderr);
  expect([...threads.keys()].filter((k) => k.startsWith('worker'))).toHaveLength(2);
  expect(threads.has('main')).toBe(true);
  expect(threads.has('helpers')).toBe(true);
  // python3 judged the 70 files: its own CPU is counted, as the verdict's phase
  expect(threads.has('python3')).toBe(true);
  expect(phases.get('python3 verdict')).toBe(threads.get('python3'));
  expect([...phases.keys()]).toEqual(['start-up', 'discovery', 'reading and decoding', 'parsing', 'query and dispatch', 'names and scopes', 'rule code', 'project rules', 'cache', 'python3 verdict', 'reporting', 'other engine work', 'V8/libuv threads (GC)']);
  // each figure is rounded to a whole ms on its own: the sums agree within that
  const sum = (xs: Iterable<number>): number => [...xs].reduce((a, b) => a + b, 0);
  expect(Math.abs(sum(threads.values()) - total)).toBeLessThanOrEqual(threads.size);
  expect(Math.abs(sum(phases.values()) - total)).toBeLessThanOrEqual(phases.size);
});
