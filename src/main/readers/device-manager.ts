import { createDecoder } from '../../core/readers/decoder';
import type { BrokenReason, DecoderEvent, ReportDecoder } from '../../core/readers/events';
import { vidPid, type ReaderConfig } from '../../core/readers/profile';
import type { PayloadKind } from '../../core/scan';
import { isKeyboardClass, USAGE_PAGE_POS, type HidConnection, type HidDeviceInfo, type HidPort } from './hid-port';

/**
 * Opens the configured badge readers over a HidPort and turns their reports
 * into scans (readers.md). It polls the device list about once a second, so
 * a reader plugged in or pulled out is noticed within 2 s; a reader that
 * fails is reopened with back-off. Nothing a device does — failing to open,
 * erroring mid-read, vanishing — escapes as an exception: it becomes that
 * reader's state, in words IT can act on.
 */

export type ReaderState = 'disconnected' | 'connected' | 'error';

export interface ReaderStatus {
  /** Index-based id, stable for the life of the manager. */
  id: string;
  name: string;
  state: ReaderState;
  /** What IT should know: why it is not connected, or what it is connected to. */
  message: string;
  device: HidDeviceInfo | null;
  /** Broken scans and read errors since start. */
  errors: number;
}

export type ReaderEvent =
  | { type: 'state'; reader: ReaderStatus }
  | { type: 'scan'; readerId: string; t: number; payload: string; kind: PayloadKind; symbology?: string }
  | { type: 'broken'; readerId: string; t: number; reason: BrokenReason };

/** Time and timers, injected so tests never wait for real. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ReaderManagerOptions {
  port: HidPort;
  readers: ReaderConfig[];
  clock?: Clock;
  /** `process.platform`; decides whether keyboard-class devices can be opened. */
  platform?: string;
  /** Device-list poll interval; 1000 keeps plug/unplug detection under 2 s. */
  pollMs?: number;
  /** Reopen delays: `initialMs`, doubling per consecutive failure, capped at `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
}

export const WINDOWS_KEYBOARD_MESSAGE =
  'Windows does not let applications read a scanner that acts as a keyboard: switch the scanner to HID POS mode, or use keyboard wedge (remove it from the readers list)';

interface Slot {
  status: ReaderStatus;
  config: ReaderConfig;
  decoder: ReportDecoder;
  conn: HidConnection | null;
  opening: boolean;
  path: string | null;
  failures: number;
  retryAt: number;
  flushTimer: unknown;
}

export class ReaderManager {
  private readonly port: HidPort;
  private readonly clock: Clock;
  private readonly platform: string;
  private readonly pollMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly slots: Slot[];
  private readonly listeners = new Set<(e: ReaderEvent) => void>();
  private pollTimer: unknown = null;
  private polling: Promise<void> | null = null;
  private running = false;

  constructor(options: ReaderManagerOptions) {
    this.port = options.port;
    this.clock = options.clock ?? systemClock;
    this.platform = options.platform ?? process.platform;
    this.pollMs = options.pollMs ?? 1000;
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    this.slots = options.readers.map((config, i) => ({
      status: {
        id: `reader-${i + 1}`,
        name: config.name ?? vidPid(config.vendorId, config.productId),
        state: 'disconnected',
        message: `not plugged in (looking for ${vidPid(config.vendorId, config.productId)})`,
        device: null,
        errors: 0,
      },
      config,
      decoder: createDecoder(config.profile),
      conn: null,
      opening: false,
      path: null,
      failures: 0,
      retryAt: 0,
      flushTimer: null,
    }));
  }

  /** Listen to state changes, scans and broken scans; returns an unsubscribe function. */
  onEvent(listener: (e: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every configured reader's current state. */
  status(): ReaderStatus[] {
    return this.slots.map((s) => ({ ...s.status }));
  }

  /** Start polling (the first poll runs at once). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  /** Stop polling and close every reader. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer !== null) this.clock.clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.polling;
    await Promise.all(this.slots.map((s) => this.closeSlot(s)));
  }

  private async tick(): Promise<void> {
    await this.poll();
    if (this.running) this.pollTimer = this.clock.setTimeout(() => void this.tick(), this.pollMs);
  }

  /** One look at the device list: notice plugs and unplugs, open what is due. Never throws. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    let devices: HidDeviceInfo[];
    try {
      devices = await this.port.devices();
    } catch (e) {
      for (const s of this.slots) {
        if (!s.conn) this.setState(s, 'error', `cannot list USB HID devices: ${message(e)}`);
      }
      return;
    }
    const present = new Set(devices.map((d) => d.path));
    const claimed = new Set(this.slots.filter((s) => s.path !== null).map((s) => s.path!));
    for (const s of this.slots) {
      if (s.conn || s.opening) {
        if (!present.has(s.path!)) {
          await this.closeSlot(s);
          this.setState(s, 'disconnected', `unplugged (looking for ${vidPid(s.config.vendorId, s.config.productId)})`);
        }
        continue;
      }
      const match = pickDevice(s.config, devices.filter((d) => !claimed.has(d.path)));
      if (!match) {
        s.failures = 0;
        s.retryAt = 0;
        this.setState(s, 'disconnected', `not plugged in (looking for ${vidPid(s.config.vendorId, s.config.productId)})`);
        continue;
      }
      claimed.add(match.path);
      if (this.platform === 'win32' && isKeyboardClass(match)) {
        this.setState(s, 'error', WINDOWS_KEYBOARD_MESSAGE, match);
        continue;
      }
      if (this.clock.now() < s.retryAt) continue;
      void this.open(s, match);
    }
  }

  private async open(s: Slot, device: HidDeviceInfo): Promise<void> {
    s.opening = true;
    s.path = device.path;
    let conn: HidConnection;
    try {
      conn = await this.port.open(device.path);
    } catch (e) {
      s.opening = false;
      s.path = null;
      this.fail(s, `cannot open ${describe(device)}: ${message(e)}${openHint(device, this.platform)}`, device);
      return;
    }
    s.opening = false;
    if (!this.running || s.path !== device.path) {
      await conn.close();
      return;
    }
    s.conn = conn;
    conn.onData((report) => this.onReport(s, conn, report));
    conn.onError((e) => void this.onReadError(s, conn, e));
    this.setState(s, 'connected', `reading ${describe(device)}`, device);
  }

  private onReport(s: Slot, conn: HidConnection, report: Uint8Array): void {
    if (s.conn !== conn) return;
    // A good read proves the device works: the next failure starts back-off afresh.
    s.failures = 0;
    this.emitDecoded(s, s.decoder.feed(report, this.clock.now()));
    this.scheduleFlush(s);
  }

  private async onReadError(s: Slot, conn: HidConnection, e: Error): Promise<void> {
    if (s.conn !== conn) return;
    const device = s.status.device;
    await this.closeSlot(s);
    s.status.errors++;
    this.fail(s, `read failed on ${device ? describe(device) : 'the reader'}: ${message(e)}`, device);
    // Most read errors are unplugs: look now, so the state says "unplugged" rather than "retrying".
    if (this.running) void this.poll();
  }

  private fail(s: Slot, text: string, device: HidDeviceInfo | null): void {
    s.failures++;
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (s.failures - 1));
    s.retryAt = this.clock.now() + delay;
    this.setState(s, 'error', `${text}; retrying in ${Math.ceil(delay / 1000)} s`, device);
  }

  /** Live input has no "next report" to reveal a gap or timeout, so a timer asks the decoder. */
  private scheduleFlush(s: Slot): void {
    if (s.flushTimer !== null) this.clock.clearTimeout(s.flushTimer);
    s.flushTimer = null;
    const d = s.decoder.deadline();
    if (d === null) return;
    s.flushTimer = this.clock.setTimeout(
      () => {
        s.flushTimer = null;
        this.emitDecoded(s, s.decoder.flush(this.clock.now()));
        this.scheduleFlush(s);
      },
      Math.max(0, d - this.clock.now() + 1),
    );
  }

  private async closeSlot(s: Slot): Promise<void> {
    if (s.flushTimer !== null) this.clock.clearTimeout(s.flushTimer);
    s.flushTimer = null;
    const conn = s.conn;
    s.conn = null;
    s.path = null;
    // A scan cut off by the unplug is broken, not silently lost.
    this.emitDecoded(s, s.decoder.end());
    if (conn) {
      try {
        await conn.close();
      } catch {
        // Already gone; nothing to release.
      }
    }
  }

  private emitDecoded(s: Slot, events: DecoderEvent[]): void {
    for (const e of events) {
      if (e.type === 'broken') s.status.errors++;
      this.emit({ ...e, readerId: s.status.id });
    }
  }

  private setState(s: Slot, state: ReaderState, text: string, device: HidDeviceInfo | null = null): void {
    if (s.status.state === state && s.status.message === text) return;
    s.status = { ...s.status, state, message: text, device };
    this.emit({ type: 'state', reader: { ...s.status } });
  }

  private emit(e: ReaderEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's bug must not stop the readers.
      }
    }
  }
}

/** Does this device interface belong to this configured reader? */
export function matchesReader(config: Pick<ReaderConfig, 'vendorId' | 'productId' | 'usagePage'>, d: HidDeviceInfo): boolean {
  return d.vendorId === config.vendorId && d.productId === config.productId && (config.usagePage === undefined || d.usagePage === config.usagePage);
}

/**
 * Among a composite device's interfaces, the one the profile reads: the HID
 * POS interface for `pos`, the keyboard interface for `keyboard`/`nfc`.
 */
export function pickDevice(config: ReaderConfig, devices: HidDeviceInfo[]): HidDeviceInfo | undefined {
  const candidates = devices.filter((d) => matchesReader(config, d));
  const wanted = (d: HidDeviceInfo) => (config.profile.kind === 'pos' ? d.usagePage === USAGE_PAGE_POS : isKeyboardClass(d));
  return candidates.find(wanted) ?? candidates[0];
}

function describe(d: HidDeviceInfo): string {
  return `${d.product ?? 'HID device'} (${vidPid(d.vendorId, d.productId)})`;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

function openHint(d: HidDeviceInfo, platform: string): string {
  if (!isKeyboardClass(d)) return platform === 'linux' ? ' (check the udev rule in docs/readers.md gives this user access to /dev/hidraw*)' : '';
  if (platform === 'win32') return ` — ${WINDOWS_KEYBOARD_MESSAGE}`;
  if (platform === 'darwin') return ' (allow the kiosk under Privacy & Security → Input Monitoring, or use keyboard wedge)';
  return ' (check the udev rule in docs/readers.md gives this user access to /dev/hidraw*, or use keyboard wedge)';
}
