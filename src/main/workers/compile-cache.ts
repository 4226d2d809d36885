import nodeModule from 'node:module';

/**
 * Imported first by each worker thread's entry file: a worker does not
 * inherit the main thread's on-disk compile cache (bin/passport-kiosk.js
 * turns it on there), so without this every worker recompiles the modules
 * it loads — about a third of its start-up. A no-op where unsupported.
 */
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
