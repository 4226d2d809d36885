import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * forge.config.ts as electron-forge itself loads it (jiti, in a real Node
 * process: Jest's VM cannot import the ES-module-only forge packages), with
 * the real plugin and maker instances, and its packageAfterCopy hook run
 * into a scratch build folder.
 */

const ROOT = path.resolve(__dirname, '../../..');

interface Loaded {
  packagerConfig: { asar?: { unpack?: string }; name?: string };
  rebuildConfig: { onlyModules?: string[] };
  hasHook: boolean;
  makers: Array<{ name: string; platforms: string[]; config: Record<string, unknown> }>;
  plugins: Array<{ name: string; config?: unknown; fusesConfig?: Record<string, unknown> }>;
  fuseNames: Record<string, number>;
  copied: string[];
}

function loadForgeConfig(buildPath: string): Loaded {
  const script = `
    const { createJiti } = require('jiti');
    const root = process.argv[1], buildPath = process.argv[2];
    const jiti = createJiti(require('path').join(root, 'forge.config.ts'));
    (async () => {
      const mod = await jiti.import(require('path').join(root, 'forge.config.ts'));
      const config = mod.default ?? mod;
      const fuses = await jiti.import('@electron/fuses');
      await config.hooks.packageAfterCopy({}, buildPath, '45.4.1', 'linux', 'x64');
      const fs = require('fs');
      const copied = fs.existsSync(require('path').join(buildPath, 'node_modules')) ? fs.readdirSync(require('path').join(buildPath, 'node_modules')) : [];
      process.stdout.write(JSON.stringify({
        packagerConfig: config.packagerConfig,
        rebuildConfig: config.rebuildConfig,
        hasHook: typeof config.hooks.packageAfterCopy === 'function',
        makers: config.makers.map((m) => ({ name: m.name, platforms: m.platforms, config: m.config })),
        plugins: config.plugins.map((p) => ({ name: p.name, config: p.config, fusesConfig: p.fusesConfig })),
        fuseNames: Object.fromEntries(Object.entries(fuses.FuseV1Options).filter(([k]) => isNaN(Number(k)))),
        copied,
      }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['-e', script, ROOT, buildPath], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as Loaded;
}

describe('forge.config.ts (electron-forge 8)', () => {
  const buildPath = mkdtempSync(path.join(tmpdir(), 'forge-build-'));
  let loaded: Loaded;
  beforeAll(() => {
    loaded = loadForgeConfig(buildPath);
  }, 60_000);
  afterAll(() => rmSync(buildPath, { recursive: true, force: true }));

  it('sets the fuses: RunAsNode off, cookie encryption on, NODE_OPTIONS and inspect off, asar integrity and asar-only on', () => {
    const fuses = loaded.plugins.find((p) => p.name === 'fuses')?.fusesConfig;
    expect(fuses).toBeDefined();
    const f = (name: string) => fuses![String(loaded.fuseNames[name])];
    expect(f('RunAsNode')).toBe(false);
    expect(f('EnableCookieEncryption')).toBe(true);
    expect(f('EnableNodeOptionsEnvironmentVariable')).toBe(false);
    expect(f('EnableNodeCliInspectArguments')).toBe(false);
    expect(f('EnableEmbeddedAsarIntegrityValidation')).toBe(true);
    expect(f('OnlyLoadAppFromAsar')).toBe(true);
    expect(fuses!.version).toBe('1');
  });

  it('builds main, preload and renderer with the Vite plugin', () => {
    const vite = loaded.plugins.find((p) => p.name === 'vite')?.config as {
      build: Array<{ entry: string; config: string; target: string }>;
      renderer: Array<{ name: string; config: string }>;
    };
    expect(vite.build).toEqual([
      { entry: 'src/main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
      { entry: 'src/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
    ]);
    expect(vite.renderer).toEqual([{ name: 'main_window', config: 'vite.renderer.config.ts' }]);
    for (const file of [...vite.build.map((b) => b.config), ...vite.renderer.map((r) => r.config), ...vite.build.map((b) => b.entry)]) {
      expect(existsSync(path.join(ROOT, file))).toBe(true);
    }
  });

  it('has makers for Windows (Squirrel), zip and deb', () => {
    const names = loaded.makers.map((m) => m.name);
    expect(names).toEqual(['squirrel', 'zip', 'deb']);
    expect(loaded.makers.find((m) => m.name === 'squirrel')!.platforms).toEqual(['win32']);
    expect(loaded.makers.find((m) => m.name === 'zip')!.platforms).toEqual(expect.arrayContaining(['win32', 'linux']));
    expect(loaded.makers.find((m) => m.name === 'deb')!.platforms).toEqual(['linux']);
  });

  it('unpacks the native modules from the asar', () => {
    const unpack = loaded.packagerConfig.asar?.unpack ?? '';
    expect(unpack).toContain('**/*.node');
    expect(unpack).toMatch(/node_modules\/\{better-sqlite3,node-hid,sodium-native\}\/\*\*/);
    expect(loaded.rebuildConfig.onlyModules).toEqual(['better-sqlite3', 'node-hid']);
  });

  it('copies the native modules and their run-time dependencies in packageAfterCopy', () => {
    expect(loaded.hasHook).toBe(true);
    expect(loaded.copied).toEqual(expect.arrayContaining(['better-sqlite3', 'node-hid', 'sodium-native', 'require-addon', 'pkg-prebuilds', 'node-addon-api']));
    expect(existsSync(path.join(buildPath, 'node_modules/better-sqlite3/package.json'))).toBe(true);
    expect(existsSync(path.join(buildPath, 'node_modules/node-hid/nodehid.js'))).toBe(true);
    expect(existsSync(path.join(buildPath, 'node_modules/pkg-prebuilds/bindings.js'))).toBe(true);
    expect(existsSync(path.join(buildPath, 'node_modules/sodium-native/prebuilds/win32-x64'))).toBe(true);
  });
});
