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
 * Protocol: the pool posts `{init}` once to each worker, then `{id, req}`;
 * the worker (see `serveRequests`) answers `{id, res}` or `{id, error}`.
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

/** Requests waiting per worker before `runOrHere` answers on the calling thread. */
const QUEUED_PER_WORKER = 2;

export class ThreadPool<Req, Res> {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(r: Res): void; reject(e: Error): void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(file: string, threads: number, init: unknown, resourceLimits?: ResourceLimits) {
    this.workers = Array.from({ length: threads }, () => {
      const w = new Worker(file, resourceLimits ? { resourceLimits } : {});
      w.on('message', (m: Reply<Res>) => {
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error) p?.reject(new WorkerRequestError(m.error.message, m.error.code, m.error.name));
        else p?.resolve(m.res as Res);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`worker thread stopped (exit ${code})`));
      });
      w.postMessage({ init });
      return w;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  /**
   * Send `req` to a worker while the workers have fewer than two requests
   * waiting each; otherwise answer it on the calling thread at once with
   * `here`. The callers (the sync's verification, `verify --batch`) keep
   * their own thread busy this way while a worker starts or falls behind,
   * with no more threads than cores.
   */
  runOrHere(req: Req, here: (req: Req) => Promise<Res>): Promise<Res> {
    return this.waiting.size < this.workers.length * QUEUED_PER_WORKER ? this.run(req) : here(req);
  }

  run(req: Req): Promise<Res> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, req });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('pool closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
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
  let handle: ((req: Req) => Res | Promise<Res>) | null = null;
  let setupError: unknown = null;
  port.on('message', (msg: { init?: Init; id?: number; req?: Req }) => {
    if ('init' in msg) {
      try {
        handle = setup(msg.init as Init);
      } catch (e) {
        setupError = e;
      }
      return;
    }
    const id = msg.id!;
    const reply = (e: unknown) => {
      const err = e as Error & { code?: unknown };
      port.postMessage({ id, error: { message: err?.message ?? String(e), code: typeof err?.code === 'string' ? err.code : undefined, name: err?.constructor?.name } });
    };
    if (!handle) {
      reply(setupError ?? new Error('worker was not set up'));
      return;
    }
    Promise.resolve()
      .then(() => handle!(msg.req as Req))
      .then((res) => port.postMessage({ id, res }), reply);
  });
}
