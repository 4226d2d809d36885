import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The project root and the browser-mode build the e2e tests serve. */
export const ROOT = path.resolve(__dirname, '../../..');
export const RENDERER_DIR = path.join(ROOT, 'dist/renderer');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Make sure dist/renderer is built from the current sources: `npm run build`
 * builds it, but a developer running one e2e file after editing a screen
 * should not test yesterday's bundle. Vite runs as a child process because
 * Vite is ES-module-only and Jest runs these tests as CommonJS.
 */
export function ensureRendererBuilt(): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  const sources = Math.max(
    newest(path.join(ROOT, 'src/renderer')),
    newest(path.join(ROOT, 'src/shared')),
    newest(path.join(ROOT, 'src/core')),
    statSync(path.join(ROOT, 'vite.web.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.web.config.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}
