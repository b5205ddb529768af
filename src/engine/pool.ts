import os from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { mergeTimings, startupDone, takeTimings, timingsEnabled, type TimingsData } from './timings';

/** A batch's answer: its results, with the worker's timings when `--timings` is on; first, that it is ready (with its start-up's timings). */
type Answer<R> = R[] | { results: R[]; timings: TimingsData } | 'ready' | { ready: TimingsData };

/**
 * The thread pool `scan` and `fix` share: jobs go to worker threads in
 * batches (each worker has its own parser), results come back in job order.
 * Small runs, and runs from TypeScript sources (tests), stay in this thread.
 */
export interface PoolRun<J, R> {
  jobs: J[];
  /** --jobs; default: the number of CPUs */
  threads?: number;
  /** compiled worker script (dist/…/worker.js), started with `workerData` */
  workerFile: string;
  workerData: unknown;
  batch: number;
  /** the same work in this thread, for small runs */
  inThread: (job: J) => R;
  /** awaited once before in-thread work (e.g. parser start-up) */
  init: () => Promise<void>;
  onResult?: (result: R) => void;
  onProgress?: (done: number, total: number) => void;
}

/** How long a worker may stay silent on a batch before this thread takes its work over. */
const STALL_MS = Number(process.env.RFSN_WORKER_STALL_MS) || 60_000;

/**
 * Batches a worker holds at once. 2 (a worker never waits for this thread's
 * answer-and-send) was tried: workers were idle 2-3% of their time between
 * batches with 1, the gain did not show above the noise, and peak memory rose
 * by 20-40 MB (stdlib, 2 workers); so 1, with the queue kept for trying again.
 */
const IN_FLIGHT = 1;

export function threadCount(requested: number | undefined, jobs: number): number {
  return Math.max(1, Math.min(requested ?? os.availableParallelism(), Math.ceil(jobs / 32)));
}

export async function runPool<J, R>(run: PoolRun<J, R>): Promise<R[]> {
  const { jobs, onResult, onProgress } = run;
  const threads = threadCount(run.threads, jobs.length);
  if (threads <= 1 || !run.workerFile.endsWith('.js')) {
    await run.init();
    const out: R[] = [];
    for (let i = 0; i < jobs.length; i++) {
      const r = run.inThread(jobs[i]);
      onResult?.(r);
      out.push(r);
      if (i % 16 === 15) {
        onProgress?.(i + 1, jobs.length);
        await new Promise((resolve) => setImmediate(resolve)); // let the spinner and GC breathe
      }
    }
    onProgress?.(jobs.length, jobs.length);
    return out;
  }
  const results: R[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(run.workerFile, { workerData: run.workerData });
          // batches sent and not answered yet, oldest first (a worker answers in order)
          const inFlight: number[][] = [];
          let finished = false;
          let watchdog: NodeJS.Timeout | null = null;
          const arm = (): void => {
            if (watchdog) clearTimeout(watchdog);
            watchdog = setTimeout(() => void takeOver(`gave no answer for ${STALL_MS / 1000} s`), STALL_MS);
          };
          // a worker that stops answering or stops on its own is replaced by this thread: the run neither hangs nor fails
          const takeOver = async (why: string): Promise<void> => {
            if (finished) return;
            finished = true;
            if (watchdog) clearTimeout(watchdog);
            const pending = inFlight.flat();
            process.stderr.write(`warning: a worker thread ${why}; its ${pending.length} files and the rest of its share are checked in the main thread\n`);
            void w.terminate();
            try {
              await run.init();
              const mine = [...pending];
              while (next < jobs.length) mine.push(next++);
              for (const i of mine) {
                const r = run.inThread(jobs[i]);
                onResult?.(r);
                results[i] = r;
                onProgress?.(++done, jobs.length);
              }
              resolve();
            } catch (err) {
              reject(err);
            }
          };
          const send = (): void => {
            if (next >= jobs.length) {
              if (inFlight.length) return;
              finished = true;
              if (watchdog) clearTimeout(watchdog);
              void w.terminate().then(() => resolve());
              return;
            }
            // smaller batches near the end, so that no thread is left with a long tail while the others wait
            const size = Math.max(1, Math.min(run.batch, Math.ceil((jobs.length - next) / (threads * IN_FLIGHT))));
            const batch: number[] = [];
            for (let k = 0; k < size && next < jobs.length; k++) batch.push(next++);
            inFlight.push(batch);
            arm();
            w.postMessage(batch.map((i) => jobs[i]));
          };
          arm();
          w.on('message', (answer: Answer<R>) => {
            if (finished) return;
            if (answer === 'ready' || 'ready' in answer) {
              if (answer !== 'ready') mergeTimings(answer.ready);
              for (let k = 0; k < IN_FLIGHT; k++) send();
              return;
            }
            {
              const pending = inFlight.shift()!;
              let msg: R[];
              if (Array.isArray(answer)) msg = answer;
              else {
                msg = answer.results;
                mergeTimings(answer.timings);
              }
              msg.forEach((r, k) => {
                onResult?.(r);
                results[pending[k]] = r;
              });
              done += msg.length;
              onProgress?.(done, jobs.length);
            }
            send();
          });
          w.on('error', (err) => void takeOver(`failed (${err.message})`));
          w.on('exit', (code) => void takeOver(`stopped unexpectedly (exit code ${code})`));
        }),
    ),
  );
  return results;
}

/** The worker side: start up once, then answer each batch of jobs with its results. */
export function serveBatches<J, R>(init: () => Promise<void>, handle: (job: J) => R): void {
  void init().then(() => {
    parentPort!.on('message', (batch: J[]) => {
      const results = batch.map(handle);
      const answer: Answer<R> = timingsEnabled() ? { results, timings: takeTimings() } : results;
      parentPort!.postMessage(answer);
    });
    startupDone();
    parentPort!.postMessage(timingsEnabled() ? { ready: takeTimings() } : 'ready');
  });
}
