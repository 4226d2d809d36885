import { existsSync } from 'node:fs';
import path from 'node:path';
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A small pool of worker threads that answer requests, shared by the sync's
 * record verification (src/main/sync/verifier-pool.ts) and `verify --batch`
 * (src/main/verify/batch-verdicts.ts). Requests go round-robin (callers send
 * equal-sized batches, so the load evens out); each answer resolves its own
 * promise, so callers keep their own order. A worker that fails fails every
 * request still waiting, once, with the worker's error.
 *
 * The calling thread can help (`helpUntil`): while the answer it needs next
 * is not ready, it takes the newest request that no worker has started and
 * answers it itself, while the workers work through the oldest. Each request
 * has a flag in memory the threads share: posted, started by a worker,
 * answered; a request is claimed exactly once, by whichever thread gets to
 * it first, and the calling thread sees a worker's answer as soon as it is
 * made, without waiting for the message. So the workers always have
 * requests queued (none idles while the calling thread is busy writing),
 * and the calling thread neither sits idle while there is work left to take
 * nor keeps taking work once the answer it needs is there.
 *
 * Protocol: the pool posts `{init, claims}` once to each worker, then
 * `{id, req}`; the worker (see `serveRequests`) claims the request, then
 * answers `{id, res}` or `{id, error}`, or skips it if the calling thread
 * claimed it first.
 */

interface Reply<Res> {
  id: number;
  res?: Res;
  error?: { message: string; code?: string; name?: string };
}

/** An error a worker reported for one request; `code`/`name` say what kind it was. */
export class WorkerRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly kind: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The compiled worker `name` beside the calling module (`dir` is its
 * `__dirname`), or in dist/ when running from TypeScript sources (Jest).
 * Null when neither exists: the caller then works on its own thread.
 */
export function compiledWorker(dir: string, name: string): string | null {
  const here = path.join(dir, name);
  if (existsSync(here)) return here;
  const rel = path.relative(path.resolve(__dirname, '../../..'), dir);
  const dist = path.resolve(__dirname, '../../../dist', rel, name);
  return existsSync(dist) ? dist : null;
}

/**
 * Each worker's "has loaded its modules" (its `serveRequests` said so, or it
 * stopped). A worker terminated while it is still loading them can abort
 * the whole process: Node 22 fails fatally ("v8::Module::IsGraphAsync must
 * be used on an instantiated module") when the termination lands inside a
 * `require` of an ES module (jose is one). So a worker is only ever
 * terminated once loaded (`stopWorker`).
 */
const loaded = new WeakMap<Worker, Promise<void>>();

function spawn(file: string, resourceLimits?: ResourceLimits): Worker {
  const w = new Worker(file, resourceLimits ? { resourceLimits } : {});
  loaded.set(
    w,
    new Promise<void>((resolve) => {
      const onMessage = (m: { loaded?: boolean }) => {
        if (m?.loaded !== true) return;
        w.off('message', onMessage);
        resolve();
      };
      w.on('message', onMessage);
      w.once('exit', () => resolve());
    }),
  );
  return w;
}

/** Terminate a worker, once it has loaded its modules (see `loaded`); the process stays up for that. */
export async function stopWorker(w: Worker): Promise<void> {
  w.ref();
  await loaded.get(w);
  await w.terminate();
}

/**
 * Start `n` workers of `file` ahead of a pool (`ThreadPool`'s `started`), so
 * that their start-up overlaps the caller's. They do not hold the process
 * open until a pool takes them; one that fails or stops before then is
 * dropped by `live`, and the pool starts a new one in its place.
 */
export function startWorkers(file: string, n: number): { live(): Worker[] } {
  const workers = Array.from({ length: n }, () => {
    const w = spawn(file);
    w.unref();
    return w;
  });
  const gone = new Set<Worker>();
  for (const w of workers) {
    // A failure now is seen again by the pool: it starts a new worker.
    w.on('error', () => gone.add(w));
    w.once('exit', () => gone.add(w));
  }
  return { live: () => workers.filter((w) => !gone.has(w)) };
}

/** Request flags: at most this many requests may be unanswered at once. */
const SLOTS = 4096;
/**
 * A request's flag: its tag once posted, minus its tag while a worker
 * answers it, 0 once answered (or taken by the calling thread).
 */
const tag = (id: number): number => (id % 0x3fffffff) + 1;
/** Take request `id` for this thread (`to`: the flag while it works on it): true for exactly one thread. */
const claim = (claims: Int32Array, id: number, to: number): boolean => Atomics.compareExchange(claims, id % SLOTS, tag(id), to) === tag(id);

export class ThreadPool<Req, Res> {
  private readonly workers: Worker[];
  /** Unanswered requests, oldest first. */
  private readonly waiting = new Map<number, { req: Req; resolve(r: Res | Promise<Res>): void; reject(e: Error): void }>();
  private readonly claims = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private readonly ids = new WeakMap<Promise<Res>, number>();
  private nextId = 0;
  private failure: Error | null = null;

  /** `started`: workers of `file` started ahead of time (see `startWorkers`), used before new ones are started. */
  constructor(file: string, threads: number, init: unknown, resourceLimits?: ResourceLimits, started: Worker[] = []) {
    for (const w of started.slice(threads)) void stopWorker(w);
    this.workers = Array.from({ length: threads }, (_, i) => {
      const w = started[i] ?? spawn(file, resourceLimits);
      w.ref();
      w.on('message', (m: Reply<Res> | { loaded: true }) => {
        if (!('id' in m)) return;
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error) p?.reject(new WorkerRequestError(m.error.message, m.error.code, m.error.name));
        else p?.resolve(m.res as Res);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`worker thread stopped (exit ${code})`));
      });
      w.postMessage({ init, claims: this.claims.buffer });
      return w;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  /** Queue `req` for a worker (or for the calling thread, through `helpUntil`). */
  run(req: Req): Promise<Res> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting.size >= SLOTS) return Promise.reject(new Error(`thread pool: more than ${SLOTS} requests unanswered`));
    const id = this.nextId++;
    Atomics.store(this.claims, id % SLOTS, tag(id));
    const answer = new Promise<Res>((resolve, reject) => {
      this.waiting.set(id, { req, resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, req });
    });
    this.ids.set(answer, id);
    return answer;
  }

  /** Is the answer to this request (a promise `run` returned) ready, here or on a worker? */
  private answered(answer: Promise<Res>): boolean {
    const id = this.ids.get(answer);
    return id === undefined || !this.waiting.has(id) || Atomics.load(this.claims, id % SLOTS) === 0;
  }

  /**
   * Until the answer to `answer` (a promise `run` returned) is ready, answer
   * on this thread, with `here`, the newest request that no worker has
   * started, one at a time. Returns when it is ready, or when no request is
   * left to take; then await `answer` itself.
   */
  async helpUntil(answer: Promise<Res>, here: (req: Req) => Res | Promise<Res>): Promise<void> {
    while (!this.answered(answer)) {
      const mine = this.helpOne(here);
      if (!mine) return;
      // Its failure, if any, is reported through its own request's promise.
      await mine.then(
        () => undefined,
        () => undefined,
      );
    }
  }

  /** Answer the newest request no worker has started, here; null when there is none. */
  private helpOne(here: (req: Req) => Res | Promise<Res>): Promise<Res> | null {
    if (this.failure) return null;
    const ids = [...this.waiting.keys()];
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i]!;
      if (!claim(this.claims, id, 0)) continue;
      const p = this.waiting.get(id)!;
      this.waiting.delete(id);
      let answer: Promise<Res>;
      try {
        answer = Promise.resolve(here(p.req));
      } catch (e) {
        answer = Promise.reject(e as Error);
      }
      p.resolve(answer);
      return answer;
    }
    return null;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('pool closed');
    await Promise.all(this.workers.map((w) => stopWorker(w)));
  }
}

/**
 * The worker side: `setup` receives the pool's `init` once and returns the
 * handler for each request. A handler's error goes back to that request's
 * caller (message, code, name), not to the whole pool.
 */
export function serveRequests<Init, Req, Res>(setup: (init: Init) => (req: Req) => Res | Promise<Res>): void {
  const port = parentPort;
  if (!port) return;
  // The worker's modules are loaded by now: it may be terminated safely (see `loaded`).
  port.postMessage({ loaded: true });
  let handle: ((req: Req) => Res | Promise<Res>) | null = null;
  let setupError: unknown = null;
  let claims: Int32Array | null = null;
  port.on('message', (msg: { init?: Init; claims?: SharedArrayBuffer; id?: number; req?: Req }) => {
    if ('init' in msg) {
      claims = msg.claims ? new Int32Array(msg.claims) : null;
      try {
        handle = setup(msg.init as Init);
      } catch (e) {
        setupError = e;
      }
      return;
    }
    const id = msg.id!;
    // The calling thread answered it itself (ThreadPool.helpUntil).
    if (claims && !claim(claims, id, -tag(id))) return;
    // Posted first, then flagged: a calling thread that sees the flag finds the answer on its way.
    const answer = (m: Reply<Res>) => {
      port.postMessage(m);
      if (claims) Atomics.store(claims, id % SLOTS, 0);
    };
    const reply = (e: unknown) => {
      const err = e as Error & { code?: unknown };
      answer({ id, error: { message: err?.message ?? String(e), code: typeof err?.code === 'string' ? err.code : undefined, name: err?.constructor?.name } });
    };
    if (!handle) {
      reply(setupError ?? new Error('worker was not set up'));
      return;
    }
    Promise.resolve()
      .then(() => handle!(msg.req as Req))
      .then((res) => answer({ id, res }), reply);
  });
}
