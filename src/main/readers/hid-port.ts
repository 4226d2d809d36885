/**
 * The HID hardware behind an interface (ARCHITECTURE.md habit 4): the
 * node-hid version for real devices, a fake beside it for tests and the
 * simulated demo reader. The manager sees only this.
 */

/** One HID interface as the OS lists it (node-hid's `Device`, with a path always present). */
export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  usagePage?: number;
  usage?: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
  interface?: number;
}

/** An open device: input reports arrive as events until it errors or is closed. */
export interface HidConnection {
  onData(listener: (report: Uint8Array) => void): void;
  /** A read failed (unplugged, I/O error). The connection is dead afterwards. */
  onError(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export interface HidPort {
  /** Every HID interface present now. */
  devices(): Promise<HidDeviceInfo[]>;
  /** Open one by path; rejects with the OS's reason (permission, in use, keyboard-class on Windows). */
  open(path: string): Promise<HidConnection>;
}

/** Keyboard-class interface (Generic Desktop / Keyboard): Windows never lets an application open one. */
export function isKeyboardClass(d: Pick<HidDeviceInfo, 'usagePage' | 'usage'>): boolean {
  return d.usagePage === 0x01 && d.usage === 0x06;
}

/** HID POS barcode scanner usage page. */
export const USAGE_PAGE_POS = 0x8c;
