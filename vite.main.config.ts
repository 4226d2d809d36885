import { defineConfig } from 'vite';

// Main process (forge's Vite plugin adds electron and Node built-ins as
// externals). The native modules stay external too: they are copied into the
// package by forge.config.ts's packageAfterCopy hook and loaded at run time.
// Built as .vite/build/main.js, the "main" of package.json.
export default defineConfig({
  build: {
    lib: { entry: 'src/main/electron/main.ts', formats: ['cjs'], fileName: () => 'main.js' },
    rollupOptions: { external: ['better-sqlite3', 'node-hid'] },
    sourcemap: true,
  },
});
