import { z } from 'zod';

/**
 * Reader profiles (spec/readers.md): how a configured reader's raw reports
 * become payloads. `keyboard` and `nfc` read boot keyboard reports; `nfc`
 * adds `uidFormat`; `pos` reads the HID POS barcode-scanner input report at
 * the offsets the profile names (docs/readers.md lists the known layouts).
 */

export const LAYOUTS = ['us', 'uk'] as const;
export type Layout = (typeof LAYOUTS)[number];
export const TERMINATORS = ['enter', 'tab', 'none'] as const;
export type Terminator = (typeof TERMINATORS)[number];
export const UID_FORMATS = ['hex', 'hex-reversed', 'decimal', 'decimal-reversed'] as const;
export type UidFormat = (typeof UID_FORMATS)[number];

/** The readers.md defaults, in one place so docs, CLI and decoder agree. */
export const PROFILE_DEFAULTS = {
  layout: 'us' as Layout,
  reportId: false,
  terminator: 'enter' as Terminator,
  timeoutMs: 500,
  gapMs: 60,
  repeatMs: 2000,
  uidFormat: 'hex' as UidFormat,
};

const ms = (max: number) => z.int().min(0).max(max);
const byteOffset = z.int().min(0).max(1023);

const timing = {
  timeoutMs: ms(60_000).default(PROFILE_DEFAULTS.timeoutMs),
  gapMs: ms(60_000).default(PROFILE_DEFAULTS.gapMs),
  repeatMs: ms(3_600_000).default(PROFILE_DEFAULTS.repeatMs),
};

const keyboardFields = {
  layout: z.enum(LAYOUTS).default(PROFILE_DEFAULTS.layout),
  /** The device sends one report-ID byte before the 8-byte boot report. */
  reportId: z.boolean().default(PROFILE_DEFAULTS.reportId),
  terminator: z.enum(TERMINATORS).default(PROFILE_DEFAULTS.terminator),
  ...timing,
};

export const keyboardProfileSchema = z.object({ kind: z.literal('keyboard'), ...keyboardFields });
export const nfcProfileSchema = z.object({
  kind: z.literal('nfc'),
  ...keyboardFields,
  uidFormat: z.enum(UID_FORMATS).default(PROFILE_DEFAULTS.uidFormat),
});

/**
 * Named HID POS layouts (docs/readers.md, "HID POS barcode scanners").
 * Offsets count from byte 0 of the report as read, report-ID byte included,
 * because that is how the vendors' manuals number them.
 */
export const POS_PRESETS = {
  /** Report 0x02: length, 3-byte AIM id, data from byte 5, continuation bit in byte 63 (Honeywell, Access-IS). */
  aim: { reportId: 2, lengthOffset: 1, dataOffset: 5, symbologyOffset: 2, symbologyLength: 3, continuationOffset: 63 },
  /** Report 0x02: length, data from byte 2, 1-byte symbology id at 62, continuation bit in byte 63 (Newland). */
  newland: { reportId: 2, lengthOffset: 1, dataOffset: 2, symbologyOffset: 62, symbologyLength: 1, continuationOffset: 63 },
} as const;
export type PosPreset = keyof typeof POS_PRESETS;

export const posProfileSchema = z
  .object({
    kind: z.literal('pos'),
    /** Start from a named layout; any offset given below overrides it. */
    preset: z.enum(Object.keys(POS_PRESETS) as [PosPreset, ...PosPreset[]]).default('aim'),
    /** The report-ID byte value of the scanned-data report; `null`: the device sends no ID byte. Other reports are ignored. */
    reportId: z.int().min(0).max(255).nullable().optional(),
    /** Byte holding the number of data bytes in this report. */
    lengthOffset: byteOffset.optional(),
    /** Added to the length byte, for devices that count extra bytes in it. */
    lengthAdjust: z.int().min(-8).max(8).default(0),
    /** First data byte. */
    dataOffset: byteOffset.optional(),
    /** Symbology identifier, or `null` when the report carries none. */
    symbologyOffset: byteOffset.nullable().optional(),
    symbologyLength: z.int().min(1).max(4).optional(),
    /** Byte whose bit 0 says "more data follows in the next report"; `null`: one report per scan. */
    continuationOffset: byteOffset.nullable().optional(),
    ...timing,
  })
  .transform((p) => {
    const base = POS_PRESETS[p.preset];
    return {
      kind: p.kind,
      preset: p.preset,
      reportId: p.reportId === undefined ? base.reportId : p.reportId,
      lengthOffset: p.lengthOffset ?? base.lengthOffset,
      lengthAdjust: p.lengthAdjust,
      dataOffset: p.dataOffset ?? base.dataOffset,
      symbologyOffset: p.symbologyOffset === undefined ? base.symbologyOffset : p.symbologyOffset,
      symbologyLength: p.symbologyLength ?? base.symbologyLength,
      continuationOffset: p.continuationOffset === undefined ? base.continuationOffset : p.continuationOffset,
      timeoutMs: p.timeoutMs,
      gapMs: p.gapMs,
      repeatMs: p.repeatMs,
    };
  });

// Discriminated, so an error names the field of the kind given ("profile.layout"), not "Invalid input".
export const profileSchema = z.discriminatedUnion('kind', [keyboardProfileSchema, nfcProfileSchema, posProfileSchema]);

export type KeyboardProfile = z.infer<typeof keyboardProfileSchema>;
export type NfcProfile = z.infer<typeof nfcProfileSchema>;
export type PosProfile = z.infer<typeof posProfileSchema>;
/** A profile with every default filled in. */
export type Profile = z.infer<typeof profileSchema>;
/** A profile as written in config or a capture header (defaults may be left out). */
export type ProfileInput = z.input<typeof profileSchema>;

const hexId = z.union([z.int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/).transform((s) => parseInt(s.replace(/^0x/, ''), 16))]);

/**
 * One configured reader in the machine config's `readers` array: which
 * device (vendor/product id as a number or hex string, optional usage page)
 * and the profile to decode it with.
 */
export const readerConfigSchema = z.object({
  /** Shown to IT in diagnostics; defaults to VID:PID. */
  name: z.string().min(1).max(80).optional(),
  vendorId: hexId,
  productId: hexId,
  usagePage: hexId.optional(),
  profile: profileSchema,
});
export type ReaderConfig = z.infer<typeof readerConfigSchema>;
export type ReaderConfigInput = z.input<typeof readerConfigSchema>;

/** Parse a profile, filling defaults; throws a ZodError on a bad one. */
export function parseProfile(input: unknown): Profile {
  return profileSchema.parse(input);
}

/** `0c2e:0b01`: how the docs, CLI and states name a device. */
export function vidPid(vendorId: number, productId: number): string {
  const h = (n: number) => n.toString(16).padStart(4, '0');
  return `${h(vendorId)}:${h(productId)}`;
}
