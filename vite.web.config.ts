import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The screens' build for browser mode (and the e2e tests): src/renderer →
 * dist/renderer. Electron's own builds are forge's vite.*.config.ts; this
 * one only needs relative asset paths so the loopback server can serve it.
 */
export default defineConfig({
  root: path.join(__dirname, 'src/renderer'),
  base: './',
  plugins: [react({})],
  logLevel: 'warn',
  build: {
    outDir: path.join(__dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // NHS.UK frontend's CSS is already minified and carries an old IE hack
    // (`@media screen\0`) that lightningcss refuses; ours is tiny.
    cssMinify: false,
  },
});
