import { z } from 'zod';

/**
 * Roles in the screens' contract (operations.md "Roles and PINs"): the PIN
 * pad's unlock, Lock, the role state, and the exit request. Spread into
 * KIOSK_CALLS (kiosk-api.ts) like the sessions' calls.
 *
 * The PIN travels only in `unlockRole`'s request and is never echoed back,
 * logged or recorded by the services.
 */

export const ROLE_NAMES = ['reception', 'lead', 'admin'] as const;
export const PIN_ROLE_NAMES = ['lead', 'admin'] as const;

/** The role on the screen and what the PIN pad needs to know. */
export const roleStateSchema = z.object({
  role: z.enum(ROLE_NAMES),
  /** Which roles have a PIN configured (a role without one cannot be unlocked). */
  pins: z.object({ lead: z.boolean(), admin: z.boolean() }),
  /** When the unlocked role falls back to reception unless there is input; null for reception. */
  fallsBackAt: z.string().max(40).nullable(),
  /** Seconds each role stays locked out after too many wrong PINs (0: not locked). */
  lockedOut: z.object({ lead: z.number().int().min(0), admin: z.number().int().min(0) }),
});
export type RoleStateDto = z.infer<typeof roleStateSchema>;

/** A PIN is 6–12 digits; anything else is refused here before it reaches the services (and counts nowhere). */
export const unlockRequestSchema = z.object({
  role: z.enum(PIN_ROLE_NAMES),
  pin: z.string().max(64),
});

/** What the PIN pad shows: unlocked, wrong (failures in a row), locked (seconds left), or no PIN set. */
export const unlockResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), state: roleStateSchema }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['WRONG', 'LOCKED', 'NO_PIN']),
    failures: z.number().int().min(1).optional(),
    retryAfterSeconds: z.number().int().min(1).optional(),
    message: z.string(),
    state: roleStateSchema,
  }),
]);
export type UnlockResultDto = z.infer<typeof unlockResultSchema>;

/** A call refused for want of a role: one sentence for the screen. */
export const roleRefusalSchema = z.object({
  ok: z.literal(false),
  code: z.enum(['ROLE_REQUIRED', 'NO_PIN']),
  message: z.string(),
});

/** `requestExit`: ok when the admin role is unlocked (the shell then quits); else the refusal. */
export const exitResultSchema = z.union([z.object({ ok: z.literal(true) }), roleRefusalSchema]);
export type ExitResultDto = z.infer<typeof exitResultSchema>;

/**
 * `getRole`'s request: `activity: true` when the screen saw input (a key,
 * a touch), which keeps an unlocked role from falling back; a plain poll
 * leaves the idle time running.
 */
export const getRoleRequestSchema = z.object({ activity: z.boolean().optional() });

export const ROLE_CALLS = {
  getRole: { request: getRoleRequestSchema, response: roleStateSchema },
  unlockRole: { request: unlockRequestSchema, response: unlockResultSchema },
  lockRole: { request: z.object({}).strict(), response: roleStateSchema },
  requestExit: { request: z.object({}).strict(), response: exitResultSchema },
} as const;

export const ROLE_EVENTS = {
  /** The role on the screen changed (unlock, Lock, fall-back after lockMinutes). */
  roleChanged: roleStateSchema,
  /**
   * The Electron shell refused a way out (window close, Alt+F4, app quit):
   * the screens show the admin PIN pad, and leave through `requestExit`.
   */
  exitRequested: z.object({}).strict(),
} as const;
