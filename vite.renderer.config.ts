import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Renderer: the React screens, rooted at src/renderer (its index.html), built
// into .vite/renderer/main_window and served to the window as app://kiosk/.
export default defineConfig({
  root: path.resolve(__dirname, 'src/renderer'),
  base: './',
  plugins: [react({})],
  build: {
    outDir: path.resolve(__dirname, '.vite/renderer/main_window'),
    emptyOutDir: true,
    sourcemap: false,
    // nhsuk-frontend's published CSS carries an old IE hack that Vite's CSS
    // minifier rejects; ship it as published (vite.web.config.ts does the same).
    cssMinify: false,
  },
});
