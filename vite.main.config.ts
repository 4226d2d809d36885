import { defineConfig } from 'vite';

// Main process (forge's Vite plugin adds electron and Node built-ins as
// externals). The native modules stay external too: they are copied into the
// package by forge.config.ts's packageAfterCopy hook and loaded at run time.
// Built as .vite/build/main.js, the "main" of package.json, with the sync's
// worker threads beside it: verify-worker.js (signature verification) and
// wal-fold-worker.js (folding a delta's WAL back into the cache). Worker
// threads load a file, so they cannot be inlined into main.js.
export default defineConfig({
  build: {
    lib: {
      entry: {
        main: 'src/main/electron/main.ts',
        'verify-worker': 'src/main/sync/verify-worker.ts',
        'wal-fold-worker': 'src/main/cache/wal-fold-worker.ts',
      },
      formats: ['cjs'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: { external: ['better-sqlite3', 'node-hid', 'sodium-native'] },
    sourcemap: true,
  },
});
