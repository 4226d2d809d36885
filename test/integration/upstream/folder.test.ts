import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { verifyEventJws } from '../../../src/core/upstream/events';
import { Deliverer } from '../../../src/main/upstream/deliverer';
import { FolderSender } from '../../../src/main/upstream/folder-sender';
import { outboxOf } from '../../../src/main/upstream/outbox';
import { addSession, arrive, openKiosk, tempDir } from './helpers';

/**
 * Delivery to a drop folder (upstream.md): `passport-kiosk outbox flush
 * --to DIR` in a child process while this process reads the folder as an
 * integration engine would. Every file seen under an event's name is whole
 * (one signed event and a line end); names are `<seq, 12 digits>-<id>.jws`
 * in the kiosk's subfolder; a flush repeated after a lost acknowledgement
 * adds and changes nothing.
 */

const BIN = path.resolve(__dirname, '../../../bin/passport-kiosk.js');
const N = 401; // 400 arrivals and a checkpoint
const NAME = /^(\d{12})-([0-9a-f-]{36})\.jws$/;

function flush(records: string, to: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'outbox', 'flush', '--records', records, '--to', to, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

test('files appear whole under their names, a repeated flush adds nothing, a missing folder keeps the events queued', async () => {
  const dir = tempDir('upstream-folder-');
  const drop = path.join(dir, 'drop');
  const file = path.join(dir, 'kiosk.sqlite');
  const k = openKiosk(file);
  arrive(k, addSession(k).id, 0, 400);
  const outbox = outboxOf(k.records);
  const identity = outbox.identity();
  // The scans grew the audit chain: the checkpoint a flush would add first, added now so the copy below has it too.
  expect(outbox.addCheckpointIfGrown(k.records.audit.head(), new Date().toISOString())).toBe(true);
  const events = new Map(outbox.pending(1000).map((e) => [e.id, e]));
  expect(events.size).toBe(N);
  // The state before delivery, kept to play a kiosk whose acknowledgements were lost.
  await k.records.db.backup(path.join(dir, 'before.sqlite'));
  k.close();

  // No folder yet: nothing delivered, nothing lost.
  const missing = await flush(file, drop);
  expect(missing.code).toBe(1);
  expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, delivered: 0, pending: N });

  mkdirSync(drop);
  const sub = path.join(drop, identity.kioskId);
  const running = flush(file, drop);
  let done = false;
  void running.then(() => (done = true));
  const checked = new Set<string>();
  let reads = 0;
  const keyOf = (kid: string) => (kid === identity.kioskId ? { ...identity.publicJwk } : undefined);
  for (;;) {
    // Whether the flush had ended before this pass listed the folder: only
    // such a pass has seen every file it will ever write.
    const finished = done;
    const names = existsSync(sub) ? readdirSync(sub) : [];
    for (const name of names) {
      const m = NAME.exec(name);
      if (!m || checked.has(name)) continue;
      const text = readFileSync(path.join(sub, name), 'utf8');
      reads++;
      // Whole: one compact JWS and a line end, signed by the kiosk, the event its name says.
      expect(text.endsWith('\n') && !text.slice(0, -1).includes('\n')).toBe(true);
      const check = await verifyEventJws(text.slice(0, -1), keyOf);
      expect(check.ok).toBe(true);
      if (check.ok) expect([String(check.event.seq).padStart(12, '0'), check.event.id]).toEqual([m[1], m[2]]);
      expect(events.get(m[2]!)?.seq).toBe(Number(m[1]));
      checked.add(name);
    }
    if (finished) break;
    await new Promise((r) => setImmediate(r));
  }
  const result = await running;
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({ ok: true, delivered: N, duplicate: 0, rejected: 0, pending: 0 });
  expect(checked.size).toBe(N);
  expect(reads).toBe(N);
  const names = readdirSync(sub).sort();
  expect(names).toEqual([...events.values()].map((e) => FolderSender.fileName(e)).sort());
  const stamps = names.map((n) => statSync(path.join(sub, n)).mtimeMs);

  // The kiosk lost its acknowledgements (the copy from before): a second flush finds every file there.
  const again = await flush(path.join(dir, 'before.sqlite'), drop);
  expect(JSON.parse(again.stdout)).toEqual({ ok: true, delivered: 0, duplicate: N, rejected: 0, pending: 0 });
  expect(readdirSync(sub).sort()).toEqual(names);
  expect(names.map((n) => statSync(path.join(sub, n)).mtimeMs)).toEqual(stamps);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('the folder sender in-process: names, content and duplicates', async () => {
  const dir = tempDir('upstream-folder-');
  const k = openKiosk(path.join(dir, 'kiosk.sqlite'));
  arrive(k, addSession(k).id, 0, 3);
  const outbox = outboxOf(k.records);
  const id = outbox.identity().kioskId;
  const d = new Deliverer({ outbox, sender: new FolderSender(dir, id) });
  expect(await d.deliver()).toMatchObject({ delivered: 3, empty: true });
  const names = readdirSync(path.join(dir, id)).sort();
  expect(names.map((n) => NAME.exec(n)?.[1])).toEqual(['000000000001', '000000000002', '000000000003']);
  expect(names.map((n) => readFileSync(path.join(dir, id, n), 'utf8'))).toEqual(
    names.map((n) => `${readFileSync(path.join(dir, id, n), 'utf8').trimEnd()}\n`),
  );
  // Delivered again (acknowledgements lost): every file is already there.
  expect(await new FolderSender(dir, id).send(names.map((n) => ({ seq: Number(n.slice(0, 12)), id: n.slice(13, 49), jws: 'x' })))).toEqual({
    kind: 'answered',
    results: names.map((n) => ({ id: n.slice(13, 49), status: 'duplicate' })),
  });
  k.close();
  rmSync(dir, { recursive: true, force: true });
});
