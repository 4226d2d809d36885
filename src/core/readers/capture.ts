import { z } from 'zod';
import { describeZodError } from '../schemas/common';
import type { TimedReport } from './decoder';
import { bytesToHex, hexToBytes } from './decoder';
import { profileSchema, type Profile } from './profile';

/**
 * Capture files (readers.md, "Capture files"): JSON Lines, a header naming
 * the device and profile, then one `{"t","report"}` per raw report. Parsing
 * is pure; errors name the line so IT can find the damage.
 */

export const captureDeviceSchema = z.looseObject({
  vendorId: z.int().min(0).max(0xffff),
  productId: z.int().min(0).max(0xffff),
  product: z.string().optional(),
  manufacturer: z.string().optional(),
  usagePage: z.int().min(0).max(0xffff).optional(),
  usage: z.int().min(0).max(0xffff).optional(),
});
export type CaptureDevice = z.infer<typeof captureDeviceSchema>;

const headerSchema = z.object({
  capture: z.literal(1),
  device: captureDeviceSchema,
  profile: z.record(z.string(), z.unknown()),
});

const recordSchema = z.object({
  t: z.number().min(0).finite(),
  report: z.string().regex(/^(?:[0-9a-f]{2})+$/, 'must be lowercase hex bytes'),
});

export interface Capture {
  device: CaptureDevice;
  /** The header's profile as written (flags may override it before parsing). */
  profile: Record<string, unknown>;
  reports: TimedReport[];
}

/** A capture file that cannot be read; `line` is 1-based. */
export class CaptureError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

function json(line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new CaptureError(n, 'not valid JSON');
  }
}

function fieldError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}

/** Parse a capture file's text. Throws CaptureError naming the line. */
export function parseCapture(text: string): Capture {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || lines[0]!.trim() === '') throw new CaptureError(1, 'expected the capture header {"capture":1,"device":…,"profile":…}');
  const h = headerSchema.safeParse(json(lines[0]!, 1));
  if (!h.success) throw new CaptureError(1, describeZodError('capture header', h.error));
  const reports: TimedReport[] = [];
  let previous = 0;
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    if (lines[i]!.trim() === '') throw new CaptureError(n, 'empty line');
    const r = recordSchema.safeParse(json(lines[i]!, n));
    if (!r.success) throw new CaptureError(n, fieldError(r.error));
    if (r.data.t < previous) throw new CaptureError(n, `t ${r.data.t} goes back in time (previous ${previous})`);
    previous = r.data.t;
    reports.push({ t: r.data.t, report: hexToBytes(r.data.report)! });
  }
  return { device: h.data.device, profile: h.data.profile, reports };
}

/** The header line for a new capture. */
export function formatCaptureHeader(device: CaptureDevice, profile: Profile | Record<string, unknown>): string {
  return JSON.stringify({ capture: 1, device, profile });
}

/** One report line. */
export function formatCaptureReport(t: number, report: Uint8Array): string {
  return JSON.stringify({ t, report: bytesToHex(report) });
}

/** Validate the header profile with overrides applied; the error names the field. */
export function resolveCaptureProfile(profile: Record<string, unknown>, overrides: Record<string, unknown> = {}): Profile | string {
  const merged: Record<string, unknown> = { ...profile, ...overrides };
  // `--uid-format` on a keyboard capture means "read it as an NFC reader".
  if (overrides.uidFormat !== undefined && merged.kind === 'keyboard') merged.kind = 'nfc';
  const r = profileSchema.safeParse(merged);
  return r.success ? r.data : describeZodError('profile', r.error);
}
