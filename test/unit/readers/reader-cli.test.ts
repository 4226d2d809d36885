import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createReaderCommand } from '../../../src/cli/kiosk/reader';
import { main } from '../../../src/cli/passport-kiosk';
import { parseCapture } from '../../../src/core/readers/capture';
import { decodeAll } from '../../../src/core/readers/decoder';
import { encodeText } from '../../../src/core/readers/encoder';
import { parseProfile } from '../../../src/core/readers/profile';
import { FakeHidPort } from '../../../src/main/readers/fake-hid-port';
import { captureIo as captureCommandIo } from '../../helpers/capture-io';

const FIXTURES = path.resolve(__dirname, '../../fixtures/captures');
const TOKEN = readFileSync(path.join(FIXTURES, 'token.txt'), 'utf8').trim();

function captureIo(env: NodeJS.ProcessEnv = {}) {
  let now = 5000;
  return captureCommandIo({ env, now: () => (now += 3) });
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'reader-cli-'));

describe('passport-kiosk reader replay', () => {
  it('replays the long realistic capture: badge, ~400-character token, NFC UID, a broken scan', async () => {
    expect(TOKEN.length).toBeGreaterThanOrEqual(390);
    const { io, out, err } = captureIo();
    expect(await main(['reader', 'replay', path.join(FIXTURES, 'honeywell-1900-uk.jsonl')], io)).toBe(0);
    expect(out()).toBe(['RXL0012345', TOKEN, '04A23B9C5D6E80', 'RXL-0042/7"£', ''].join('\n'));
    expect(err()).toMatch(/^broken scan at t=\d+ ms \(TIMEOUT\): discarded\n$/);
  });

  it('prints JSON Lines with t, payload and kind, and BROKEN_SCAN for the discarded scan', async () => {
    const { io, out } = captureIo();
    expect(await main(['reader', 'replay', '--json', path.join(FIXTURES, 'honeywell-1900-uk.jsonl')], io)).toBe(0);
    const lines = out().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.kind ?? l.error)).toEqual(['badge', 'token', 'nfc', 'BROKEN_SCAN', 'badge']);
    expect(Object.keys(lines[0])).toEqual(['t', 'payload', 'kind']);
    expect(Object.keys(lines[3])).toEqual(['t', 'error']);
    // t is the time of the report that ended the scan: the Enter press.
    const capture = parseCapture(readFileSync(path.join(FIXTURES, 'honeywell-1900-uk.jsonl'), 'utf8'));
    const enter = capture.reports.find((r) => r.t > 0 && r.report[2] === 0x28)!;
    expect(lines[0].t).toBe(enter.t);
  });

  it('gives the same scans as feeding the capture to the decoder report by report', async () => {
    const text = readFileSync(path.join(FIXTURES, 'honeywell-1900-uk.jsonl'), 'utf8');
    const capture = parseCapture(text);
    const live = parseProfile(capture.profile);
    const events = decodeAll(live, capture.reports);
    const { io, out } = captureIo();
    await main(['reader', 'replay', '--json', path.join(FIXTURES, 'honeywell-1900-uk.jsonl')], io);
    expect(out().trim().split('\n').map((l) => JSON.parse(l).t)).toEqual(events.map((e) => e.t));
  });

  it('replays the NFC capture: a card left on the reader is one scan; A, B, A is three', async () => {
    const { io, out } = captureIo();
    expect(await main(['reader', 'replay', path.join(FIXTURES, 'nfc-decimal-reversed.jsonl')], io)).toBe(0);
    expect(out()).toBe('04A23B9C5D6E80\n08B7C6D5\n04A23B9C5D6E80\n');
  });

  it('lets flags override the header profile', async () => {
    const file = path.join(FIXTURES, 'honeywell-1900-uk.jsonl');
    const us = captureIo();
    await main(['reader', 'replay', '--layout', 'us', file], us.io);
    expect(us.out().split('\n')[3]).toBe('RXL-0042/7@#'); // uk " and £ are us @ and #
    const none = captureIo();
    await main(['reader', 'replay', '--terminator', 'tab', '--json', file], none.io);
    expect(none.out().trim().split('\n').every((l) => JSON.parse(l).error === 'BROKEN_SCAN')).toBe(true);
    const nfc = captureIo();
    await main(['reader', 'replay', '--uid-format', 'hex-reversed', '--layout', 'us', path.join(FIXTURES, 'nfc-decimal-reversed.jsonl')], nfc.io);
    expect(nfc.out()).toBe(''); // decimals are not hex UIDs: broken scans only
  });

  it.each([
    ['bad JSON', 'not json', 1, 'not valid JSON'],
    ['a bad header', '{"capture":2,"device":{"vendorId":1,"productId":2},"profile":{}}', 1, 'capture'],
    ['a bad profile', '{"capture":1,"device":{"vendorId":1,"productId":2},"profile":{"kind":"keyboard","layout":"fr"}}', 1, 'layout'],
    ['odd hex', '{"capture":1,"device":{"vendorId":1,"productId":2},"profile":{"kind":"keyboard"}}\n{"t":0,"report":"000"}', 2, 'report: must be lowercase hex bytes'],
    ['time going back', '{"capture":1,"device":{"vendorId":1,"productId":2},"profile":{"kind":"keyboard"}}\n{"t":5,"report":"00"}\n{"t":4,"report":"00"}', 3, 'goes back in time'],
  ])('refuses a capture with %s: exit 2, one line naming file and line', async (_what, text, line, reason) => {
    const file = path.join(tmp(), 'bad.jsonl');
    writeFileSync(file, text);
    const { io, err } = captureIo();
    expect(await main(['reader', 'replay', file], io)).toBe(2);
    expect(err()).toContain(`${file} line ${line}: `);
    expect(err()).toContain(reason);
    expect(err().trim().split('\n')).toHaveLength(1);
  });

  it('is a usage error (exit 2) for a missing file, a bad flag value or a missing subcommand', async () => {
    for (const argv of [['reader', 'replay', '/no/such/capture.jsonl'], ['reader', 'replay', '--layout', 'fr', 'x'], ['reader'], ['reader', 'replay', '--bogus', 'x']]) {
      const { io, err } = captureIo();
      expect(await main(argv, io)).toBe(2);
      expect(err().trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('passport-kiosk reader list and record (fake HID port)', () => {
  const SCANNER = { vendorId: 0x0c2e, productId: 0x0b01, usagePage: 1, usage: 6, product: 'Voyager 1400g' };

  it('lists devices and says which configured reader matches', async () => {
    const port = new FakeHidPort();
    port.plug(SCANNER);
    port.plug({ vendorId: 0x046d, productId: 0xc31c, usagePage: 1, usage: 6, product: 'USB Keyboard' });
    const dir = tmp();
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ v: 1, readers: [{ name: 'front desk', vendorId: '0c2e', productId: '0x0b01', profile: { kind: 'keyboard', layout: 'uk' } }] }));
    const cmd = createReaderCommand({ port: () => port, wait: async () => {} });
    const text = captureIo();
    expect(await main(['reader', 'list', '--config', config], text.io, [cmd])).toBe(0);
    expect(text.out()).toContain('0c2e:0b01  usage 0001:0006 keyboard-class  Voyager 1400g  → configured reader "front desk"');
    const json = captureIo();
    expect(await main(['reader', 'list', '--json', '--config', config], json.io, [cmd])).toBe(0);
    const parsed = JSON.parse(json.out());
    expect(parsed.devices.map((d: { reader: string | null }) => d.reader)).toEqual(['front desk', null]);
  });

  it('a bad readers entry in the config is named, with its field', async () => {
    const config = path.join(tmp(), 'config.json');
    writeFileSync(config, JSON.stringify({ v: 1, readers: [{ vendorId: 1, productId: 2, profile: { kind: 'nfc', uidFormat: 'octal' } }] }));
    const { io, err } = captureIo();
    const cmd = createReaderCommand({ port: () => new FakeHidPort(), wait: async () => {} });
    expect(await main(['reader', 'list', '--config', config], io, [cmd])).toBe(2);
    expect(err()).toMatch(/readers\[0\]: profile\.uidFormat/);
  });

  it('records a device to a capture file that replays to the scans it made', async () => {
    const port = new FakeHidPort();
    const dev = port.plug(SCANNER);
    const out = path.join(tmp(), 'rec.jsonl');
    const cmd = createReaderCommand({
      port: () => port,
      wait: async () => {
        for (const r of encodeText('RXL0012345', { layout: 'us', terminator: 'enter' })) dev.send(r.report);
      },
    });
    const { io, err } = captureIo();
    expect(await main(['reader', 'record', '--device', '0C2E:0B01', '--out', out, '--seconds', '5'], io, [cmd])).toBe(0);
    expect(err()).toContain('Recorded 22 reports');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ capture: 1, device: { vendorId: 0x0c2e, productId: 0x0b01, product: 'Voyager 1400g' }, profile: { kind: 'keyboard' } });
    expect(JSON.parse(lines[1]!)).toEqual({ t: 3, report: '0200150000000000' }) // shift + r;
    const replay = captureIo();
    expect(await main(['reader', 'replay', out], replay.io, [cmd])).toBe(0);
    expect(replay.out()).toBe('RXL0012345\n');
  });

  it('record: exit 1 when the device is not plugged in, exit 2 for a malformed --device', async () => {
    const cmd = createReaderCommand({ port: () => new FakeHidPort(), wait: async () => {} });
    const missing = captureIo();
    expect(await main(['reader', 'record', '--device', '0c2e:0b01', '--out', path.join(tmp(), 'x')], missing.io, [cmd])).toBe(1);
    expect(missing.err()).toContain('no HID device 0c2e:0b01 is plugged in');
    const bad = captureIo();
    expect(await main(['reader', 'record', '--device', 'honeywell', '--out', 'x'], bad.io, [cmd])).toBe(2);
  });
});
