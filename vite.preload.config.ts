import { defineConfig } from 'vite';

// Preload (sandboxed: a single CommonJS file that may only require
// 'electron'), built as .vite/build/preload.cjs by forge's Vite plugin.
export default defineConfig({
  build: { sourcemap: true },
});
