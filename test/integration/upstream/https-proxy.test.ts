import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { main } from '../../../src/cli/passport-kiosk';
import { closeNodeHttp } from '../../../src/main/net/node-fetch';
import type { RunningReceiver } from '../../../src/receiver/server';
import { captureIo } from '../../helpers/capture-io';
import { startSquid, type Squid } from '../../helpers/squid';
import { makeTestCa, type TestCa } from '../../helpers/test-ca';
import { addSession, arrive, enrol, openKiosk, receiver, tempDir } from './helpers';

/**
 * docs/upstream.md's deployment, on loopback: the reference receiver
 * behind a TLS terminator with a certificate from the trust's private CA,
 * reached through squid (HTTPS_PROXY, CONNECT) by `outbox flush --ca` —
 * the same transport seam the feed uses. Without the CA the certificate is
 * refused in one line and every event stays queued.
 */

let dir: string;
let ca: TestCa;
let squid: Squid;
let rx: RunningReceiver;
let terminator: https.Server;
let endpoint: string;

beforeAll(async () => {
  dir = tempDir('upstream-https-');
  ca = await makeTestCa();
  squid = await startSquid();
  writeFileSync(path.join(dir, 'keys.json'), '{"keys":[]}');
  rx = await receiver(dir);
  const target = new URL(rx.url);
  // The trust's TLS terminator: HTTPS in front, plain HTTP to the receiver on loopback.
  terminator = https.createServer({ key: ca.good.key, cert: ca.good.cert }, (req, res) => {
    const fwd = http.request({ host: target.hostname, port: target.port, path: req.url!.replace(/^\/kiosk/, ''), method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(fwd);
  });
  await new Promise<void>((r) => terminator.listen(0, '127.0.0.1', r));
  endpoint = `https://127.0.0.1:${(terminator.address() as AddressInfo).port}/kiosk`;
}, 60_000);

afterAll(async () => {
  await closeNodeHttp();
  terminator.closeAllConnections();
  await new Promise((r) => terminator.close(r));
  await rx.stop();
  await squid.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(ca.dir, { recursive: true, force: true });
});

test('outbox flush over HTTPS through squid: refused without the private CA (events kept), delivered with --ca', async () => {
  const k = openKiosk(path.join(dir, 'kiosk.sqlite'));
  arrive(k, addSession(k).id, 0, 5);
  enrol(path.join(dir, 'keys.json'), [k]);
  k.close();
  const flush = async (extra: string[]) => {
    const { io, out, err } = captureIo({ cwd: dir, env: { HTTPS_PROXY: squid.url }, now: () => Date.parse('2026-11-24T10:00:00Z') });
    const code = await main(['outbox', 'flush', '--records', 'kiosk.sqlite', '--to', endpoint, ...extra], io);
    return { code, out: out(), err: err() };
  };

  const refused = await flush([]);
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/certificate/i);
  expect(refused.err.trim().split('\n')).toHaveLength(1);
  expect(rx.store.count()).toBe(0);

  const sent = await flush(['--ca', ca.caFile, '--json']);
  expect(sent.err).toBe('');
  expect(sent.code).toBe(0);
  expect(JSON.parse(sent.out)).toEqual({ ok: true, delivered: 6, duplicate: 0, rejected: 0, pending: 0 }); // 5 arrivals and the checkpoint
  expect(rx.store.count()).toBe(6);
  await closeNodeHttp(); // squid logs a tunnel when it closes
  const host = new URL(endpoint).host;
  expect(await squid.waitForLog(new RegExp(`CONNECT ${host}`))).toMatch(new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT ${host} `));
}, 60_000);
