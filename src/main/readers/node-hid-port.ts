import type { HidConnection, HidDeviceInfo, HidPort } from './hid-port';

type NodeHid = typeof import('node-hid');

/**
 * HidPort over node-hid (hidapi). The native module is loaded on first use,
 * so commands that never touch hardware (`reader replay`) run even where it
 * failed to build, and the failure is reported in words rather than a stack.
 */
export class NodeHidPort implements HidPort {
  private hid: NodeHid | null = null;

  /** Load node-hid now; throws with the loader's message when the native module is missing. */
  load(): NodeHid {
    if (!this.hid) {
      try {
        this.hid = require('node-hid') as NodeHid;
      } catch (e) {
        throw new Error(`the node-hid native module could not be loaded (${(e as Error).message.split('\n')[0]}); reinstall with "npm ci"`);
      }
    }
    return this.hid;
  }

  /** hidapi's version string, proving the native library is usable. */
  version(): string {
    return this.load().getHidapiVersion();
  }

  async devices(): Promise<HidDeviceInfo[]> {
    const list = await this.load().devicesAsync();
    const out: HidDeviceInfo[] = [];
    for (const d of list) {
      // Without a path a device cannot be opened or told apart; hidapi always gives one in practice.
      if (!d.path) continue;
      const info: HidDeviceInfo = { path: d.path, vendorId: d.vendorId, productId: d.productId };
      if (d.usagePage !== undefined) info.usagePage = d.usagePage;
      if (d.usage !== undefined) info.usage = d.usage;
      if (d.product) info.product = d.product;
      if (d.manufacturer) info.manufacturer = d.manufacturer;
      if (d.serialNumber) info.serialNumber = d.serialNumber;
      if (d.interface !== undefined) info.interface = d.interface;
      out.push(info);
    }
    return out;
  }

  async open(path: string): Promise<HidConnection> {
    const device = await this.load().HIDAsync.open(path);
    let closed = false;
    return {
      onData(listener) {
        device.on('data', (data: Buffer) => listener(new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()));
      },
      onError(listener) {
        device.on('error', (e: unknown) => {
          if (!closed) listener(e instanceof Error ? e : new Error(String(e)));
        });
      },
      async close() {
        if (closed) return;
        closed = true;
        device.removeAllListeners('data');
        try {
          await device.close();
        } catch {
          // Closing a device that vanished fails; there is nothing left to release.
        }
      },
    };
  }
}
