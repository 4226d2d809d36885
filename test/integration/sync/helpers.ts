import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verdictForPayload } from '../../../src/core/scan-verdict';
import type { PinnedKey } from '../../../src/core/jws';
import type { Verdict } from '../../../src/core/verdict';
import { openPassportStore } from '../../../src/main/cache/passport-cache';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { HttpTransport, type HttpOptions } from '../../../src/main/sync/http-transport';
import { runSync, type SyncOutcome } from '../../../src/main/sync/run-sync';
import { whenFolded } from '../../../src/main/cache/wal-fold';
import type { FeedTransport } from '../../../src/main/sync/transport';
import { POLICY } from '../../unit/core/fixtures';
import type { FeedFixture } from '../../helpers/feed-fixture';
import { answerFromFolder } from '../../helpers/serve-folder';

/** Shared pieces of the sync integration tests: temp dirs, a loopback feed server, sync and scan. */

export const tempDir = (prefix = 'sync-it-') => mkdtemp(path.join(tmpdir(), prefix));

export const pinned = (fx: FeedFixture): PinnedKey[] => [{ kty: 'OKP', crv: 'Ed25519', x: fx.hubPublic.x, kid: fx.hubPublic.kid }];

/** Sync `db` from a transport (default: the fixture's folder). */
export async function sync(db: string, fx: FeedFixture, transport: FeedTransport = new FolderTransport(fx.dir), keys = pinned(fx)): Promise<SyncOutcome> {
  const outcome = await runSync({ db, transport, hubKeys: keys });
  // A test may copy or damage the file next: let a large delta's WAL be folded back first.
  await whenFolded(db);
  return outcome;
}

/** The verdict the kiosk gives for `payload` at `at`, from the cache file. */
export async function scan(db: string, payload: string, at = '2026-11-24T10:00:00Z'): Promise<Verdict> {
  const { store, close } = openPassportStore(db);
  try {
    return (await verdictForPayload(payload, store, POLICY, Date.parse(at))).verdict;
  } finally {
    close();
  }
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | void;

/** A static feed server on 127.0.0.1 with ETag/304, and hooks to misbehave per request. */
export interface FeedServer {
  url: string;
  requests: string[];
  statuses: number[];
  /** Runs before the file is served; return true if it answered the request itself. */
  hook: Handler | null;
  close(): Promise<void>;
}

export async function serveFeed(dir: string): Promise<FeedServer> {
  const server: FeedServer = { url: '', requests: [], statuses: [], hook: null, close: async () => undefined };
  const srv = http.createServer(async (req, res) => {
    server.requests.push(req.url ?? '');
    res.on('finish', () => server.statuses.push(res.statusCode));
    if (server.hook?.(req, res)) return;
    await answerFromFolder(dir, req, res);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  server.url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`;
  server.close = () =>
    new Promise((r) => {
      srv.closeAllConnections();
      srv.close(() => r());
    });
  return server;
}

/** An HTTP transport with short time-outs and back-off, for tests. */
export const httpTransport = (url: string, opts: HttpOptions = {}) => new HttpTransport(url, { timeoutMs: 1000, retries: 2, backoffMs: 20, ...opts });
