import { encodeText } from '../../../src/core/readers/encoder';
import { parseProfile, type ReaderConfig } from '../../../src/core/readers/profile';
import { typeUid } from '../../../src/core/readers/uid';
import { ReaderManager, type ReaderEvent } from '../../../src/main/readers/device-manager';
import { FakeHidPort, type FakeDevice } from '../../../src/main/readers/fake-hid-port';
import { SimulatedReader, combinePorts } from '../../../src/main/readers/simulated-reader';

const SCANNER = { vendorId: 0x0c2e, productId: 0x0b01, usagePage: 1, usage: 6, product: 'Scanner' };
const NFC = { vendorId: 0x072f, productId: 0x2200, usagePage: 1, usage: 6, product: 'NFC reader' };
const scannerConfig: ReaderConfig = { name: 'desk scanner', vendorId: SCANNER.vendorId, productId: SCANNER.productId, profile: parseProfile({ kind: 'keyboard' }) };
const nfcConfig: ReaderConfig = { name: 'nfc', vendorId: NFC.vendorId, productId: NFC.productId, profile: parseProfile({ kind: 'nfc', uidFormat: 'decimal' }) };

function typeInto(device: FakeDevice, text: string) {
  for (const r of encodeText(text, { layout: 'us', terminator: 'enter' })) device.send(r.report);
}

function setup(readers: ReaderConfig[], platform = 'linux') {
  const port = new FakeHidPort();
  const manager = new ReaderManager({ port, readers, platform });
  const events: ReaderEvent[] = [];
  manager.onEvent((e) => events.push(e));
  const states = (id = 'reader-1') => events.filter((e) => e.type === 'state' && e.reader.id === id).map((e) => (e.type === 'state' ? e.reader.state : ''));
  const scans = () => events.filter((e) => e.type === 'scan').map((e) => (e.type === 'scan' ? `${e.readerId}:${e.payload}` : ''));
  return { port, manager, events, states, scans };
}

const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

describe('ReaderManager with the fake HID port', () => {
  it('notices a reader plugged in within 2 s, opens it and decodes its scans', async () => {
    const { port, manager, states, scans } = setup([scannerConfig]);
    manager.start();
    await advance(0);
    expect(manager.status()[0]).toMatchObject({ state: 'disconnected', name: 'desk scanner' });
    const dev = port.plug(SCANNER);
    await advance(1000);
    expect(states()).toEqual(['connected']);
    expect(manager.status()[0]!.message).toContain('Scanner (0c2e:0b01)');
    typeInto(dev, 'RXL0012345');
    expect(scans()).toEqual(['reader-1:RXL0012345']);
    await manager.stop();
  });

  it('notices an unplug within 2 s; a scan cut off by it is broken; replugging reconnects', async () => {
    const { port, manager, events, states } = setup([scannerConfig]);
    const dev = port.plug(SCANNER);
    manager.start();
    await advance(0);
    for (const r of encodeText('RXL00', { layout: 'us', terminator: 'none' })) dev.send(r.report);
    port.unplug(dev);
    await advance(2000);
    expect(manager.status()[0]).toMatchObject({ state: 'disconnected' });
    expect(events.filter((e) => e.type === 'broken')).toHaveLength(1);
    const again = port.plug(SCANNER);
    await advance(2000);
    expect(manager.status()[0]).toMatchObject({ state: 'connected' });
    expect(again.isOpen).toBe(true);
    expect(states().at(-1)).toBe('connected');
    await manager.stop();
  });

  it('a read error on a device still present becomes an error state, then it is reopened', async () => {
    const { port, manager, scans } = setup([scannerConfig]);
    const dev = port.plug(SCANNER);
    manager.start();
    await advance(0);
    dev.fail(new Error('LIBUSB_ERROR_IO'));
    await advance(0);
    expect(manager.status()[0]).toMatchObject({ state: 'error', errors: 1 });
    expect(manager.status()[0]!.message).toMatch(/read failed on Scanner \(0c2e:0b01\): LIBUSB_ERROR_IO; retrying in 1 s/);
    await advance(2000);
    expect(manager.status()[0]!.state).toBe('connected');
    expect(dev.opens).toBe(2);
    typeInto(dev, 'STILLWORKS');
    expect(scans()).toEqual(['reader-1:STILLWORKS']);
    await manager.stop();
  });

  it('reopens a device that fails to open with growing back-off (1 s, 2 s, 4 s)', async () => {
    const { port, manager } = setup([scannerConfig]);
    const dev = port.plug(SCANNER);
    port.failOpen(dev, new Error('could not open device'), 3);
    const openTimes: number[] = [];
    const open = port.open.bind(port);
    port.open = (p) => (openTimes.push(Date.now() - 1_000_000), open(p));
    manager.start();
    await advance(0);
    expect(manager.status()[0]!.message).toContain('retrying in 1 s');
    await advance(10_000);
    expect(openTimes).toEqual([0, 1000, 3000, 7000]);
    expect(manager.status()[0]!.state).toBe('connected');
    await manager.stop();
  });

  it('runs two readers at once and tags each scan with its reader', async () => {
    const { port, manager, scans } = setup([scannerConfig, nfcConfig]);
    const scanner = port.plug(SCANNER);
    const nfc = port.plug(NFC);
    manager.start();
    await advance(0);
    expect(manager.status().map((s) => s.state)).toEqual(['connected', 'connected']);
    typeInto(scanner, 'RXL0012345');
    typeInto(nfc, typeUid('04A23B9C5D6E80', 'decimal'));
    typeInto(scanner, 'RXL0099999');
    expect(scans()).toEqual(['reader-1:RXL0012345', 'reader-2:04A23B9C5D6E80', 'reader-1:RXL0099999']);
    port.unplug(nfc);
    await advance(1000);
    expect(manager.status().map((s) => s.state)).toEqual(['connected', 'disconnected']);
    await manager.stop();
  });

  it('a card left on the NFC reader is one scan; lifted and presented again after repeatMs, a second', async () => {
    const { port, manager, scans } = setup([nfcConfig]);
    const nfc = port.plug(NFC);
    manager.start();
    await advance(0);
    const typed = typeUid('04A23B9C', 'decimal');
    for (let i = 0; i < 20; i++) {
      typeInto(nfc, typed); // the reader re-reads the card every 300 ms
      await advance(300);
    }
    expect(scans()).toEqual(['reader-1:04A23B9C']);
    await advance(2500); // card lifted for longer than repeatMs
    typeInto(nfc, typed);
    expect(scans()).toEqual(['reader-1:04A23B9C', 'reader-1:04A23B9C']);
    await manager.stop();
  });

  it('on Windows, says a keyboard-class reader cannot be opened and what to do, without trying', async () => {
    const { port, manager } = setup([scannerConfig], 'win32');
    const dev = port.plug(SCANNER);
    manager.start();
    await advance(3000);
    expect(manager.status()[0]!.state).toBe('error');
    expect(manager.status()[0]!.message).toContain('switch the scanner to HID POS mode, or use keyboard wedge');
    expect(dev.opens).toBe(0);
    await manager.stop();
  });

  it('prefers the HID POS interface of a composite scanner for a pos profile', async () => {
    const posConfig: ReaderConfig = { vendorId: SCANNER.vendorId, productId: SCANNER.productId, profile: parseProfile({ kind: 'pos' }) };
    const { port, manager, scans } = setup([posConfig], 'win32');
    port.plug(SCANNER);
    const pos = port.plug({ ...SCANNER, usagePage: 0x8c, usage: 2 });
    manager.start();
    await advance(0);
    expect(manager.status()[0]).toMatchObject({ state: 'connected', device: { usagePage: 0x8c } });
    const r = new Uint8Array(64);
    r.set([2, 4, 0x5d, 0x41, 0x30, 0x41, 0x42, 0x43, 0x44]);
    pos.send(r);
    expect(scans()).toEqual(['reader-1:ABCD']);
    await manager.stop();
  });

  it('survives a failing device list and a throwing listener', async () => {
    const { port, manager } = setup([scannerConfig]);
    manager.onEvent(() => {
      throw new Error('listener bug');
    });
    port.failList(new Error('hidapi enumerate failed'));
    manager.start();
    await advance(0);
    expect(manager.status()[0]).toMatchObject({ state: 'error', message: 'cannot list USB HID devices: hidapi enumerate failed' });
    port.failList(null);
    port.plug(SCANNER);
    await advance(1000);
    expect(manager.status()[0]!.state).toBe('connected');
    await manager.stop();
  });

  it('applies gap and timeout rules live with a timer: a terminator-less scan ends after gapMs', async () => {
    const cfg: ReaderConfig = { ...scannerConfig, profile: parseProfile({ kind: 'keyboard', terminator: 'none', gapMs: 60 }) };
    const { port, manager, events } = setup([cfg]);
    const dev = port.plug(SCANNER);
    manager.start();
    await advance(0);
    for (const r of encodeText('RXL0012345', { layout: 'us', terminator: 'none' })) dev.send(r.report);
    expect(events.filter((e) => e.type === 'scan')).toHaveLength(0);
    await advance(61);
    expect(events.filter((e) => e.type === 'scan')).toMatchObject([{ payload: 'RXL0012345', t: 1_000_000 }]);
    await manager.stop();
  });

  it('the simulated demo reader scans through the same manager and decoder', async () => {
    const sim = new SimulatedReader();
    const other = new FakeHidPort();
    const manager = new ReaderManager({ port: combinePorts(other, sim.port), readers: [sim.config] });
    const got: ReaderEvent[] = [];
    manager.onEvent((e) => got.push(e));
    expect(sim.scan('RXL0012345')).toBe(false); // not open yet
    manager.start();
    await advance(0);
    expect(sim.scan('  RXL0012345 ')).toBe(true);
    expect(got.filter((e) => e.type === 'scan')).toMatchObject([{ payload: 'RXL0012345', kind: 'badge' }]);
    sim.setPlugged(false);
    await advance(1000);
    expect(manager.status()[0]!.state).toBe('disconnected');
    await manager.stop();
  });
});
