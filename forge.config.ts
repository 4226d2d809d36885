import { existsSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * Packaging (electron-forge 8): Vite builds main, preload and renderer
 * into .vite/; fuses lock the binary down; native modules are copied in
 * and unpacked from the asar; makers for Windows (Squirrel), zip and deb.
 * MSI (@electron-forge/maker-wix) is left out: it is only published for
 * forge 7 and would mix two forge majors in one build.
 */

/** Native modules the main process loads at run time (Vite leaves them external). */
export const NATIVE_MODULES = ['better-sqlite3', 'node-hid', 'sodium-native'] as const;

/**
 * Those rebuilt against Electron's headers by electron-rebuild. sodium-native
 * is not: it is Node-API only and ships prebuilt binaries for every target
 * (win32-x64 among them) that load in Electron as they are.
 */
export const REBUILT_MODULES = ['better-sqlite3', 'node-hid'] as const;

/**
 * Unpacked from app.asar: the native modules' folders whole (their .node
 * binaries and the loaders that find them by path), and any .node file.
 */
export const ASAR_UNPACK = `{**/*.node,**/node_modules/{${NATIVE_MODULES.join(',')}}/**}`;

/** The folder of an installed package as Node would find it from `fromDir`, or null. */
function findPackageDir(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * The native modules and everything they need at run time: the closure of
 * their `dependencies` (bindings, pkg-prebuilds, node-addon-api, …),
 * as absolute package folders. Throws if one is not installed.
 */
export function nativeModuleClosure(projectDir: string, roots: readonly string[] = NATIVE_MODULES): string[] {
  const found = new Map<string, string>();
  const visit = (name: string, fromDir: string) => {
    const dir = findPackageDir(name, fromDir);
    if (dir === null) throw new Error(`native module dependency "${name}" is not installed (run npm ci)`);
    if (found.has(dir)) return;
    found.set(dir, name);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
  };
  for (const root of roots) visit(root, projectDir);
  return [...found.keys()];
}

/**
 * The packageAfterCopy step: copy the native modules' closure into the
 * app being packaged, keeping each package's place under node_modules
 * (the rebuild for Electron's ABI runs after this hook).
 */
export async function copyNativeModules(projectDir: string, buildPath: string): Promise<string[]> {
  const copied: string[] = [];
  for (const dir of nativeModuleClosure(projectDir)) {
    const target = path.join(buildPath, path.relative(projectDir, dir));
    await cp(dir, target, { recursive: true, dereference: true });
    copied.push(target);
  }
  return copied;
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Staff Passport Kiosk',
    executableName: 'staff-passport-kiosk',
    appBundleId: 'uk.nhs.staff-passport-kiosk',
    asar: { unpack: ASAR_UNPACK },
    // Default policy and demo feed, read at run time from <resources>/resources.
    extraResource: ['resources'],
  },
  rebuildConfig: { onlyModules: [...REBUILT_MODULES] },
  hooks: {
    packageAfterCopy: async (_forgeConfig, buildPath) => {
      await copyNativeModules(__dirname, buildPath);
    },
  },
  makers: [
    new MakerSquirrel({ name: 'StaffPassportKiosk', authors: 'Staff Passport Kiosk', setupExe: 'StaffPassportKioskSetup.exe' }),
    new MakerZIP({}, ['win32', 'linux', 'darwin']),
    new MakerDeb({
      options: {
        name: 'staff-passport-kiosk',
        productName: 'Staff Passport Kiosk',
        categories: ['Office'],
        section: 'misc',
      },
    }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src/main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
