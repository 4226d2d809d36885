/** `retentionDays` and `audit purge --days`: 7–3650, default 90 (operations.md "Retention"). */
export const RETENTION_DAYS = { min: 7, max: 3650, default: 90 } as const;
/** `registerDays`: how long a closed session's register is kept (default 400). */
export const REGISTER_DAYS_DEFAULT = 400;
