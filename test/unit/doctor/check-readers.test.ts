import { parseReadersConfig } from '../../../src/main/readers/readers-config';
import { checkReaders } from '../../../src/main/doctor/check-readers';
import { WINDOWS_KEYBOARD_MESSAGE } from '../../../src/main/readers/device-manager';
import { FakeHidPort } from '../../../src/main/readers/fake-hid-port';

/** The readers check over a fake HID port: present, absent, keyboard-class on Windows, wrong mode. */

const HONEYWELL = { vendorId: 0x0c2e, productId: 0x0b01 };
const readers = (...entries: unknown[]) => parseReadersConfig(entries);
const pos = (name?: string) => ({ ...(name ? { name } : {}), vendorId: '0c2e', productId: '0b01', profile: { kind: 'pos' } });
const keyboard = { name: 'Desk NFC', vendorId: 0x072f, productId: 0x2200, profile: { kind: 'nfc' } };

describe('checkReaders', () => {
  it('no readers configured is OK and lists no devices', async () => {
    const port = new FakeHidPort();
    port.failList(new Error('must not be called'));
    const [f, ...rest] = await checkReaders([], port, 'win32');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ check: 'readers', status: 'ok', fix: '' });
  });

  it('one finding per configured reader: plugged in is OK, missing is FAIL with what to compare', async () => {
    const port = new FakeHidPort();
    port.plug({ ...HONEYWELL, usagePage: 0x8c, usage: 0x02, product: 'Xenon 1900' });
    port.plug({ ...HONEYWELL, usagePage: 0x01, usage: 0x06, product: 'Xenon 1900' });
    const found = await checkReaders(readers(pos('Front desk'), keyboard), port, 'linux');
    expect(found.map((f) => f.status)).toEqual(['ok', 'fail']);
    expect(found[0]!.message).toBe('Badge reader "Front desk" (0c2e:0b01) is plugged in: Xenon 1900 (0c2e:0b01, HID POS), read with the "pos" profile.');
    expect(found[1]!.message).toBe('Badge reader "Desk NFC" (072f:2200) is not plugged in.');
    expect(found[1]!.fix).toContain('passport-kiosk reader list');
  });

  it('a keyboard-class device on Windows is FAIL with the Windows message; on Linux the same device is OK', async () => {
    const port = new FakeHidPort();
    port.plug({ vendorId: 0x072f, productId: 0x2200, usagePage: 0x01, usage: 0x06, product: 'ACR122U' });
    const [win] = await checkReaders(readers(keyboard), port, 'win32');
    expect(win!.status).toBe('fail');
    expect(win!.message).toContain('keyboard-class device the kiosk cannot open');
    expect(win!.message).toContain(WINDOWS_KEYBOARD_MESSAGE);
    expect(win!.fix).toMatch(/HID POS/);
    const [linux] = await checkReaders(readers(keyboard), port, 'linux');
    expect(linux).toMatchObject({ status: 'ok' });
    expect(linux!.message).toContain('keyboard-class');
  });

  it('a "pos" profile on a scanner that presents only a keyboard interface is WARN (scans would not decode)', async () => {
    const port = new FakeHidPort();
    port.plug({ ...HONEYWELL, usagePage: 0x01, usage: 0x06, product: 'Xenon 1900' });
    const [f] = await checkReaders(readers(pos()), port, 'linux');
    expect(f!.status).toBe('warn');
    expect(f!.message).toMatch(/^Badge reader 0c2e:0b01 is plugged in as .* but its profile is "pos"/);
  });

  it('a device list that cannot be read is one FAIL saying why', async () => {
    const port = new FakeHidPort();
    port.failList(new Error('the node-hid native module could not be loaded (x)\nstack'));
    const found = await checkReaders(readers(pos()), port, 'linux');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'fail' });
    expect(found[0]!.message).toBe('Cannot list the USB HID devices, so no configured reader can be opened: the node-hid native module could not be loaded (x).');
  });
});
