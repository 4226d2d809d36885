import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeHidPort } from '../../../src/main/readers/node-hid-port';
import { ReaderManager } from '../../../src/main/readers/device-manager';
import { parseProfile } from '../../../src/core/readers/profile';

const ROOT = path.resolve(__dirname, '../../..');
const NODE = process.execPath;
const BIN = path.join(ROOT, 'bin/passport-kiosk.js');

describe('the real node-hid module', () => {
  it('loads its native binding and lists devices (none are attached on CI)', async () => {
    const port = new NodeHidPort();
    expect(port.version()).toMatch(/^\d+\.\d+\.\d+/);
    const devices = await port.devices();
    expect(Array.isArray(devices)).toBe(true);
    for (const d of devices) expect(typeof d.path).toBe('string');
  });

  it('opening a path that does not exist rejects, and the manager turns that into state, not a crash', async () => {
    const port = new NodeHidPort();
    await expect(port.open('/dev/hidraw-does-not-exist')).rejects.toThrow();
    // A configured reader that is not plugged in: the manager polls real hidapi and reports it.
    const manager = new ReaderManager({ port, readers: [{ vendorId: 0xfffe, productId: 0xfffe, profile: parseProfile({ kind: 'keyboard' }) }] });
    await manager.poll();
    expect(manager.status()[0]).toMatchObject({ state: 'disconnected', message: 'not plugged in (looking for fffe:fffe)' });
  });
});

describe('the built CLI as a child process', () => {
  beforeAll(() => {
    // `npm test` builds before jest; build here when run on its own.
    // tsc emits even when another part of the tree has a type error, so only the output matters here.
    if (!existsSync(path.join(ROOT, 'dist/src/cli/kiosk/reader.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    expect(existsSync(path.join(ROOT, 'dist/src/cli/kiosk/reader.js'))).toBe(true);
  });

  it('reader list runs against real hidapi and exits 0', () => {
    const r = spawnSync(NODE, [BIN, 'reader', 'list', '--json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PASSPORT_KIOSK_CONFIG: '' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout).devices)).toBe(true);
  });

  it('reader replay of the long capture prints the badge, the token and the UID', () => {
    const r = spawnSync(NODE, [BIN, 'reader', 'replay', 'test/fixtures/captures/honeywell-1900-uk.jsonl'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const token = readFileSync(path.join(ROOT, 'test/fixtures/captures/token.txt'), 'utf8').trim();
    expect(r.stdout.split('\n')).toEqual(['RXL0012345', token, '04A23B9C5D6E80', 'RXL-0042/7"£', '']);
  });
});
