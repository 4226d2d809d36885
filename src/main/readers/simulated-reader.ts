import { encodeText } from '../../core/readers/encoder';
import { parseProfile, type ReaderConfig } from '../../core/readers/profile';
import { FakeHidPort, type FakeDevice } from './fake-hid-port';
import type { HidConnection, HidDeviceInfo, HidPort } from './hid-port';

/**
 * The demo's badge reader: a keyboard-mode scanner on the fake HID port.
 * `scan()` types the payload as boot keyboard reports, so a demo scan goes
 * through the same manager, decoder, normalising and de-duplication as a
 * real one.
 */

/** Ids no real device uses (0xF055 is not an assigned vendor id we know of; the product spells "DEMO" badly on purpose). */
export const SIMULATED_VENDOR_ID = 0xf055;
export const SIMULATED_PRODUCT_ID = 0xde70;

export class SimulatedReader {
  readonly port: FakeHidPort;
  readonly config: ReaderConfig;
  private device: FakeDevice | null;

  constructor(port = new FakeHidPort()) {
    this.port = port;
    this.config = {
      name: 'Simulated badge reader (demo)',
      vendorId: SIMULATED_VENDOR_ID,
      productId: SIMULATED_PRODUCT_ID,
      profile: parseProfile({ kind: 'keyboard', layout: 'us', terminator: 'enter' }),
    };
    this.device = this.plug();
  }

  private plug(): FakeDevice {
    return this.port.plug({
      path: 'simulated:badge-reader',
      vendorId: SIMULATED_VENDOR_ID,
      productId: SIMULATED_PRODUCT_ID,
      usagePage: 0x01,
      usage: 0x06,
      product: 'Simulated badge reader',
      manufacturer: 'Staff Passport Kiosk',
    });
  }

  /** Type `payload` and Enter, as a scanner would. False when no manager has the reader open. */
  scan(payload: string): boolean {
    if (!this.device?.isOpen) return false;
    const profile = this.config.profile;
    if (profile.kind === 'pos') return false;
    for (const r of encodeText(payload, { layout: profile.layout, terminator: profile.terminator })) this.device.send(r.report);
    return true;
  }

  /** Pull the reader out or plug it back in (for the demo's diagnostics screen). */
  setPlugged(plugged: boolean): void {
    if (plugged && !this.device) this.device = this.plug();
    if (!plugged && this.device) {
      this.port.unplug(this.device);
      this.device = null;
    }
  }
}

/** Two ports as one, so the demo can offer its simulated reader beside real ones. Paths must not collide. */
export function combinePorts(...ports: HidPort[]): HidPort {
  const owner = new Map<string, HidPort>();
  return {
    async devices(): Promise<HidDeviceInfo[]> {
      const lists = await Promise.all(ports.map(async (p) => ({ p, list: await p.devices().catch(() => [] as HidDeviceInfo[]) })));
      owner.clear();
      return lists.flatMap(({ p, list }) => list.map((d) => (owner.set(d.path, p), d)));
    },
    open(path: string): Promise<HidConnection> {
      const p = owner.get(path);
      return p ? p.open(path) : Promise.reject(new Error(`no such device ${path}`));
    },
  };
}
