import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { outboxOf } from '../../../src/main/upstream/outbox';
import { startReceiver, type RunningReceiver } from '../../../src/receiver/server';
import { addSession, arrive, delivererTo, enrol, openKiosk } from '../upstream/helpers';
import { demoCache, doctor, findings, goodConfig, NOW, tempDir, writeConfig } from './helpers';

/**
 * doctor's upstream check against the real receiver on loopback: reachable
 * with nothing waiting; events the receiver refused named by code with the
 * fix; a receiver that is down; a drop folder that is not there.
 */

let dir: string;
let db: string;
let records: string;
let rx: RunningReceiver;

beforeAll(async () => {
  dir = await tempDir();
  db = await demoCache(dir);
  records = path.join(dir, 'records.sqlite');
  await writeFile(path.join(dir, 'keys.json'), '{"keys":[]}');
  rx = await startReceiver({ store: path.join(dir, 'rx.sqlite'), kioskKeys: path.join(dir, 'keys.json'), port: 0 });
});

afterAll(async () => {
  await rx.stop();
  await rm(dir, { recursive: true, force: true });
});

const upstreamFindings = async (upstream: unknown) => {
  const config = await writeConfig(dir, goodConfig(db, { records, upstream }), `config-${Math.random()}.json`);
  return findings(await doctor(['--config', config, '--json'])).filter((f) => f.check === 'upstream');
};

test('the upstream check: reachable and empty; refused events named with their code; a receiver down; a missing drop folder', async () => {
  const k = openKiosk(records);
  arrive(k, addSession(k).id, 0, 3);
  // Not enrolled: the receiver refuses all three.
  await delivererTo(k, rx.url).deliver();
  k.close();

  let found = await upstreamFindings({ url: rx.url });
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ status: 'fail' });
  expect(found[0]!.message).toContain('refused 3 attendance events (3 KIOSK_UNKNOWN)');
  expect(found[0]!.fix).toContain(`passport-kiosk outbox retry --records ${records}`);

  const again = openKiosk(records);
  enrol(path.join(dir, 'keys.json'), [again]);
  outboxOf(again.records).retry();
  expect(await delivererTo(again, rx.url).deliver()).toMatchObject({ delivered: 3, empty: true });
  // One more arrival that has not gone yet, an hour and more old.
  arrive(again, again.records.sessions.list()[0]!.id, 10, 11, NOW - 2 * 3600_000 - 10_000);
  again.close();
  found = await upstreamFindings({ url: rx.url });
  expect(found.map((f) => f.status)).toEqual(['warn']);
  expect(found[0]!.message).toBe('1 attendance event waiting (oldest from 2026-11-24T08:00:00.000Z).');

  found = await upstreamFindings({ url: 'http://127.0.0.1:9/' });
  expect(found[0]).toMatchObject({ status: 'fail' });
  expect(found[0]!.message).toContain('The attendance upstream http://127.0.0.1:9/ cannot be reached');
  expect(found[0]!.message).toContain('1 attendance event waiting');

  found = await upstreamFindings({ folder: 'no-such-drop' });
  expect(found[0]).toMatchObject({ status: 'fail' });
  expect(found[0]!.message).toContain(`the drop folder ${path.join(dir, 'no-such-drop')} cannot be written`);
  await mkdir(path.join(dir, 'drop'));
  found = await upstreamFindings({ folder: 'drop' });
  expect(found.map((f) => f.status)).toEqual(['warn']);

  found = await upstreamFindings(undefined);
  expect(found).toEqual([expect.objectContaining({ status: 'warn', message: expect.stringContaining('names no upstream') })]);
});
