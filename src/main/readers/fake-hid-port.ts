import type { HidConnection, HidDeviceInfo, HidPort } from './hid-port';

/**
 * An in-memory HidPort: tests plug and unplug devices, push reports and
 * inject failures; the simulated demo reader types through it. Behaves as
 * node-hid does where it matters: an unplugged device's open connection
 * gets a read error, and opening a missing path rejects.
 */
export class FakeDevice {
  private listeners: { data: ((r: Uint8Array) => void)[]; error: ((e: Error) => void)[] } | null = null;
  /** How many times the device has been opened. */
  opens = 0;

  constructor(readonly info: HidDeviceInfo) {}

  get isOpen(): boolean {
    return this.listeners !== null;
  }

  /** Deliver one input report to whoever has the device open; false when nobody does. */
  send(report: Uint8Array | number[]): boolean {
    if (!this.listeners) return false;
    const bytes = report instanceof Uint8Array ? report : Uint8Array.from(report);
    for (const l of this.listeners.data) l(bytes);
    return true;
  }

  /** Make the open connection fail as a read error would. */
  fail(error = new Error('read error')): void {
    const l = this.listeners;
    this.listeners = null;
    l?.error.forEach((f) => f(error));
  }

  /** @internal */
  connect(): HidConnection {
    const listeners = { data: [] as ((r: Uint8Array) => void)[], error: [] as ((e: Error) => void)[] };
    this.listeners = listeners;
    this.opens++;
    return {
      onData: (f) => listeners.data.push(f),
      onError: (f) => listeners.error.push(f),
      close: async () => {
        if (this.listeners === listeners) this.listeners = null;
      },
    };
  }
}

export class FakeHidPort implements HidPort {
  private readonly present = new Map<string, FakeDevice>();
  private openFailures = new Map<string, Error[]>();
  private listFailure: Error | null = null;
  private next = 1;

  /** Plug a device in; returns its handle. */
  plug(info: Omit<HidDeviceInfo, 'path'> & { path?: string }): FakeDevice {
    const path = info.path ?? `fake:${this.next++}`;
    const device = new FakeDevice({ ...info, path });
    this.present.set(path, device);
    return device;
  }

  /** Pull a device out: it disappears from the list and its connection errors. */
  unplug(device: FakeDevice): void {
    this.present.delete(device.info.path);
    device.fail(new Error('could not read from HID device: device disconnected'));
  }

  /** The next `times` opens of this device reject with `error`. */
  failOpen(device: FakeDevice, error: Error, times = 1): void {
    this.openFailures.set(device.info.path, Array.from({ length: times }, () => error));
  }

  /** Listing devices fails until `failList(null)`. */
  failList(error: Error | null): void {
    this.listFailure = error;
  }

  async devices(): Promise<HidDeviceInfo[]> {
    if (this.listFailure) throw this.listFailure;
    return [...this.present.values()].map((d) => ({ ...d.info }));
  }

  async open(path: string): Promise<HidConnection> {
    const device = this.present.get(path);
    if (!device) throw new Error(`could not open HID device ${path}: no such device`);
    const failure = this.openFailures.get(path)?.shift();
    if (failure) throw failure;
    return device.connect();
  }
}
