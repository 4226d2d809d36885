import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { compiledWorker, startWorkers, stopWorker, ThreadPool } from '../../../src/main/workers/thread-pool';

/**
 * A worker is terminated only once it has loaded its modules: terminating
 * one inside a `require` of an ES module can abort the whole process
 * (Node 22, "v8::Module::IsGraphAsync must be used on an instantiated
 * module"), and a pool is often closed while its worker is still starting
 * (a sync of a few records finishes on the calling thread first).
 */

const file = compiledWorker(path.resolve(__dirname, '../../../src/main/sync'), 'verify-worker.js')!;

/** Which workers had said they were loaded when terminate was called on them. */
function watchTerminations(workers: Worker[]) {
  const said = new Set<Worker>();
  for (const w of workers) w.on('message', (m: { loaded?: boolean }) => m?.loaded === true && said.add(w));
  const atTerminate: boolean[] = [];
  const terminate = jest.spyOn(Worker.prototype, 'terminate').mockImplementation(function (this: Worker) {
    atTerminate.push(said.has(this));
    return original.call(this);
  });
  return { atTerminate, restore: () => terminate.mockRestore() };
}
const original = Worker.prototype.terminate;

test('the compiled worker is there (npm test builds first)', () => {
  expect(file).not.toBeNull();
});

test('stopWorker, called at once, waits for the worker to load before terminating it', async () => {
  const [w] = startWorkers(file, 1).live();
  const watch = watchTerminations([w!]);
  try {
    await stopWorker(w!);
    expect(watch.atTerminate).toEqual([true]);
  } finally {
    watch.restore();
  }
});

test('a pool closed at once, and a worker started ahead that it has no use for, are terminated only once loaded', async () => {
  const started = startWorkers(file, 2).live();
  const watch = watchTerminations(started);
  try {
    // One thread: the second worker started ahead is surplus and stopped by the pool.
    const pool = new ThreadPool<string[], unknown>(file, 1, JSON.stringify({ v: 1, issuers: [] }), undefined, started);
    await pool.close();
    // The surplus one is stopped in the background: wait for its exit.
    await new Promise((resolve) => (watch.atTerminate.length === 2 ? resolve(null) : started[1]!.once('exit', resolve)));
    expect(watch.atTerminate).toEqual([true, true]);
  } finally {
    watch.restore();
  }
});
