import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The log file for IT (operations: what the kiosk did and what went wrong),
 * rotating, with levels — and no personal data: an entry is an event name
 * and a few fields of codes, counts and outcomes. It never takes a name, a
 * badge value, a passport id, a payload or a PIN: the fields are typed to
 * plain values, callers pass only codes and counts, and a test greps a log
 * written during an e2e-like run for names and badge values and finds none.
 * (The audit chain in the records is the record of who did what; this file
 * is for diagnosing the machine.)
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Plain values only: codes, counts, flags. */
export type LogFields = Record<string, string | number | boolean | null | readonly string[]>;

export interface LogOptions {
  dir: string;
  level?: LogLevel;
  /** Rotate when the file would pass this many bytes (default 1 MiB). */
  maxBytes?: number;
  /** Files kept: kiosk.log and kiosk.1.log … kiosk.(files-1).log (default 5). */
  files?: number;
  clock?: () => number;
}

/**
 * The platform's log folder: `$PASSPORT_KIOSK_LOG_DIR`; Windows
 * `%ProgramData%\StaffPassportKiosk\logs`; macOS `~/Library/Logs/StaffPassportKiosk`;
 * elsewhere `$XDG_STATE_HOME/staff-passport-kiosk/logs` (default `~/.local/state/…`).
 * The Electron shell may pass `app.getPath('logs')` instead.
 */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  if (env.PASSPORT_KIOSK_LOG_DIR) return env.PASSPORT_KIOSK_LOG_DIR;
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'StaffPassportKiosk', 'logs');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Logs', 'StaffPassportKiosk');
  return path.join(env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'staff-passport-kiosk', 'logs');
}

const quote = (v: string) => (/^[A-Za-z0-9_.:@/+-]*$/.test(v) && v !== '' ? v : JSON.stringify(v));

function formatField(k: string, v: LogFields[string]): string {
  if (Array.isArray(v)) return `${k}=${quote(v.join(','))}`;
  return `${k}=${v === null ? 'null' : typeof v === 'string' ? quote(v) : String(v)}`;
}

/** An error as one line: its code and first line, nothing else (a stack can carry paths and data). */
export function errorFields(e: unknown): LogFields {
  const err = e as { code?: unknown; message?: unknown; name?: unknown };
  return {
    error: typeof err?.name === 'string' ? err.name : 'Error',
    ...(typeof err?.code === 'string' && { code: err.code }),
    message: String(err?.message ?? e).split('\n')[0]!.slice(0, 300),
  };
}

export class KioskLog {
  private fd: number | null = null;
  private size = 0;
  private options: Required<LogOptions> | null = null;

  /** Start writing to `dir/kiosk.log` (created if absent). Until then, nothing is written. */
  open(options: LogOptions): void {
    this.close();
    mkdirSync(options.dir, { recursive: true });
    this.options = { level: 'info', maxBytes: 1024 * 1024, files: 5, clock: Date.now, ...options };
    this.openFile();
  }

  /** Where the current file is, or null when not writing. */
  file(): string | null {
    return this.options ? path.join(this.options.dir, 'kiosk.log') : null;
  }

  private openFile(): void {
    const file = this.file()!;
    this.fd = openSync(file, 'a', 0o640);
    this.size = statSync(file).size;
  }

  private rotate(): void {
    const o = this.options!;
    if (this.fd !== null) closeSync(this.fd);
    const name = (i: number) => path.join(o.dir, i === 0 ? 'kiosk.log' : `kiosk.${i}.log`);
    rmSync(name(o.files - 1), { force: true });
    for (let i = o.files - 2; i >= 0; i--) {
      try {
        renameSync(name(i), name(i + 1));
      } catch {
        // A file not there yet: nothing to move.
      }
    }
    this.openFile();
  }

  write(level: LogLevel, event: string, fields: LogFields = {}): void {
    const o = this.options;
    if (!o || this.fd === null || LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(o.level)) return;
    const parts = Object.entries(fields).map(([k, v]) => formatField(k, v));
    const line = `${new Date(o.clock()).toISOString()} ${level.toUpperCase()} ${event}${parts.length ? ` ${parts.join(' ')}` : ''}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > o.maxBytes) this.rotate();
      writeSync(this.fd!, line);
      this.size += bytes;
    } catch {
      // A full disk or a removed folder must never stop a scan: the log is best effort.
    }
  }

  debug(event: string, fields?: LogFields): void {
    this.write('debug', event, fields);
  }
  info(event: string, fields?: LogFields): void {
    this.write('info', event, fields);
  }
  warn(event: string, fields?: LogFields): void {
    this.write('warn', event, fields);
  }
  /** An error: the event and the error's name, code and first line. */
  error(event: string, e?: unknown, fields: LogFields = {}): void {
    this.write('error', event, { ...fields, ...(e !== undefined && errorFields(e)) });
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.options = null;
  }
}

/** The app's log (opened by the app's set-up; silent in commands and tests unless opened). */
export const kioskLog = new KioskLog();
