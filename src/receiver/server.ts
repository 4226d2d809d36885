import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyEventJws, type EventCheck, type KioskEvent } from '../core/upstream/events';
import { KioskKeys } from './kiosk-keys';
import { mergeRegister, type SessionEvent } from './register-merge';
import { ReceiverStore } from './store';

/**
 * The reference receiver (upstream.md "The reference receiver"): plain
 * HTTP on the address given — a trust puts its own TLS terminator in front
 * (docs/upstream.md) — with the events in a SQLite store.
 *
 * - `POST /v1/events`: each event checked (core `verifyEventJws`) against
 *   the enrolled keys; then, in one transaction that is on disk before the
 *   answer goes, accepted ones stored, repeats answered `duplicate`, a
 *   checkpoint that goes backwards `rejected` with CHECKPOINT_REGRESSED
 *   (and the kiosk's alarm raised). Not JSON of that shape: 400; over 5 MB: 413.
 * - `GET /v1/sessions/{id}/register`: the session merged across kiosks.
 * - `GET /v1/kiosks`: each kiosk's health.
 */

export interface ReceiverOptions {
  store: string;
  kioskKeys: string;
  host?: string;
  port?: number;
  /** Lines for the operator (stderr). */
  log?: (line: string) => void;
  clock?: () => number;
}

export interface RunningReceiver {
  url: string;
  server: Server;
  store: ReceiverStore;
  /** Stop taking requests, finish those in flight, close the store. */
  stop(): Promise<void>;
}

/** 5 MB, however counted: the body limit is 5 MiB; kiosks keep their bodies under 5,000,000 bytes. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MISSING_LIST_CAP = 1000;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_BODY_BYTES) throw new HttpFailure(413, `body of ${declared} bytes is over ${MAX_BODY_BYTES}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY_BYTES) throw new HttpFailure(413, `body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

type Result = { id: string | null; status: 'accepted' | 'duplicate' | 'rejected'; code?: string };

/** Store what checked out, in one transaction; answer per event in order. */
function ingest(store: ReceiverStore, checks: { jws: string; check: EventCheck }[], now: string): Result[] {
  return store.transaction(() => {
    const heard = new Set<string>();
    return checks.map(({ jws, check }): Result => {
      if (!check.ok) return { id: check.id, status: 'rejected', code: check.code };
      const e: KioskEvent = check.event;
      if (!heard.has(e.kiosk)) {
        heard.add(e.kiosk);
        store.markSeen(e.kiosk, now);
      }
      if (e.type === 'checkpoint' && store.exists(e.kiosk, e.id)) return { id: e.id, status: 'duplicate' };
      if (e.type === 'checkpoint') {
        const last = store.kiosk(e.kiosk)?.checkpoint;
        if (last && (e.auditSeq < last.auditSeq || (e.auditSeq === last.auditSeq && e.auditHead !== last.auditHead))) {
          store.raiseAlarm(e.kiosk, 'CHECKPOINT_REGRESSED');
          return { id: e.id, status: 'rejected', code: 'CHECKPOINT_REGRESSED' };
        }
        store.setCheckpoint(e.kiosk, e.auditSeq, e.auditHead);
      }
      const inserted = store.insert({
        kiosk: e.kiosk,
        id: e.id,
        seq: e.seq,
        type: e.type,
        at: e.at,
        sessionId: 'session' in e ? e.session.id : null,
        payload: JSON.stringify(e),
        jws,
        receivedAt: now,
      });
      return { id: e.id, status: inserted ? 'accepted' : 'duplicate' };
    });
  });
}

/** The kiosk health list (`GET /v1/kiosks`). */
export function kioskHealth(store: ReceiverStore, keys: KioskKeys) {
  const names = [...new Set([...keys.enrolled(), ...store.kioskNames()])].sort();
  return names.map((kiosk) => {
    const row = store.kiosk(kiosk);
    const seqs = store.seqs(kiosk);
    const missingSeqs: number[] = [];
    let expect = 1;
    for (const s of seqs) {
      while (expect < s && missingSeqs.length < MISSING_LIST_CAP) missingSeqs.push(expect++);
      expect = Math.max(expect, s + 1);
    }
    return {
      kiosk,
      lastSeen: row?.lastSeen ?? null,
      lastSeq: seqs.length ? seqs[seqs.length - 1]! : null,
      missingSeqs,
      checkpoint: row?.checkpoint ?? null,
      alarm: row?.alarm ?? null,
    };
  });
}

/** Start the receiver; resolves once it listens. */
export async function startReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? Date.now;
  const keys = new KioskKeys(options.kioskKeys, log);
  const store = new ReceiverStore(options.store);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname === '/v1/events') {
      if (req.method !== 'POST') throw new HttpFailure(405, 'use POST');
      const body = await readBody(req);
      let events: unknown;
      try {
        events = (JSON.parse(body.toString('utf8')) as { events?: unknown })?.events;
      } catch {
        throw new HttpFailure(400, 'the body is not JSON: expected {"events":["<compact JWS>",…]}');
      }
      if (!Array.isArray(events) || events.some((e) => typeof e !== 'string')) {
        throw new HttpFailure(400, 'expected {"events":["<compact JWS>",…]}');
      }
      keys.refresh();
      const checks = await Promise.all((events as string[]).map(async (jws) => ({ jws, check: await verifyEventJws(jws, (kid) => keys.get(kid)) })));
      send(res, 200, { results: ingest(store, checks, new Date(clock()).toISOString()) });
      return;
    }
    if (req.method !== 'GET') throw new HttpFailure(405, 'use GET');
    if (url.pathname === '/v1/kiosks') {
      keys.refresh();
      send(res, 200, kioskHealth(store, keys));
      return;
    }
    const m = /^\/v1\/sessions\/([^/]+)\/register$/.exec(url.pathname);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const events = store.sessionEvents(id).map((e) => ({ ...(JSON.parse(e.payload) as object), kiosk: e.kiosk }) as SessionEvent);
      const merged = mergeRegister(events);
      if (!merged) throw new HttpFailure(404, `no events about session ${id}`);
      send(res, 200, merged);
      return;
    }
    throw new HttpFailure(404, 'not found: POST /v1/events, GET /v1/kiosks, GET /v1/sessions/{id}/register');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpFailure ? e.status : 500;
      if (status === 500) log(`receiver: ${(e as Error).message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // An oversized body: the rest is read and dropped (so the sender sees the 413, not a reset), then the connection closes.
      if (status === 413) {
        res.setHeader('connection', 'close');
        req.resume();
      }
      send(res, status, { error: e instanceof HttpFailure ? e.message : 'internal error' });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${host}:${addr.port}`,
    server,
    store,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        // close() waits for requests in flight (each answers only after its transaction committed).
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeIdleConnections();
        // Keep-alive sockets left idle after their last answer; in-flight answers have had their time.
        const idle = setInterval(() => server.closeIdleConnections(), 200);
        const hard = setTimeout(() => server.closeAllConnections(), 30_000);
        server.once('close', () => {
          clearInterval(idle);
          clearTimeout(hard);
        });
      });
      return stopping;
    },
  };
}
