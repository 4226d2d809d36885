import { z } from 'zod';

/**
 * zod 4 compiles object parsers with `new Function` when it can, probing
 * for that ability once. Under the screens' CSP (no eval, as in the
 * Electron window) the probe is a CSP violation, reported every launch.
 * Parsing without compiling is quite fast enough for a few calls a second.
 * Imported first in main.tsx: object schemas decide when they are built.
 */
z.config({ jitless: true });
