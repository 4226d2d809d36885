/**
 * The layering lint (eslint.config.js; DEVELOPING.md "Layers") really fails
 * on forbidden imports and passes on allowed ones. Code is linted in memory
 * with `lintText` under a path in the tree; nothing is written to disk. The
 * imported targets are real files, so path-based rules can resolve them.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');
// The project's own eslint.config.js, loaded here rather than by ESLint: ESLint
// loads config files with a dynamic import(), which Jest's VM refuses
// without --experimental-vm-modules. The config is the same object either way.
const config = require(path.join(root, 'eslint.config.js')) as ESLint.Options['overrideConfig'];
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });

/** The rule ids that fire when `code` is linted as if it lived at `file` (relative to the root). */
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  expect(result!.fatalErrorCount).toBe(0);
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

beforeAll(() => {
  // The import targets below must exist for import/no-restricted-paths to resolve them.
  for (const f of ['src/cli/cli-kit.ts', 'src/main/config/machine-config.ts', 'src/core/dates.ts']) {
    expect(existsSync(path.join(root, f))).toBe(true);
  }
});

describe('src/core imports nothing else from src, no Node built-in, no Electron', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", 'import/no-nodejs-modules'],
    ["import * as fs from 'fs';", 'import/no-nodejs-modules'],
    ["import { createHash } from 'crypto';", 'import/no-nodejs-modules'],
    ["import { app } from 'electron';", 'no-restricted-imports'],
    ["import { defineCommand } from '../cli/cli-kit';", 'import/no-restricted-paths'],
    ["import * as config from '../main/config/machine-config';", 'import/no-restricted-paths'],
  ])('fails on %s', async (line, rule) => {
    expect(await ruleIds('src/core/forbidden.ts', `${line}\nexport const x = typeof ${line.match(/import (?:\* as )?\{? ?(\w+)/)![1]};\n`)).toContain(rule);
  });

  it('passes on an import inside core and on a library', async () => {
    expect(await ruleIds('src/core/allowed.ts', "import { addDays } from './dates';\nimport { z } from 'zod';\nexport const x = [addDays, z];\n")).toEqual([]);
  });
});

describe('src/renderer never imports src/main', () => {
  it('fails on a renderer file importing a file under src/main', async () => {
    expect(await ruleIds('src/renderer/screen.ts', "import * as c from '../main/config/machine-config';\nexport const x = c;\n")).toContain(
      'import/no-restricted-paths',
    );
  });

  it('fails on a renderer file importing electron', async () => {
    expect(await ruleIds('src/renderer/screen.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toContain('no-restricted-imports');
  });

  it('passes on a renderer file importing core', async () => {
    expect(await ruleIds('src/renderer/screen.ts', "import { formatLongDate } from '../core/dates';\nexport const x = formatLongDate;\n")).toEqual([]);
  });
});

describe("only src/main/electron and src/preload import 'electron'", () => {
  it.each([
    ["import { app } from 'electron';"],
    ["import { app } from 'electron/main';"],
  ])('fails on src/cli: %s', async (line) => {
    expect(await ruleIds('src/cli/some-command.ts', `${line}\nexport const x = app;\n`)).toContain('no-restricted-imports');
  });

  it('fails on src/main outside src/main/electron', async () => {
    expect(await ruleIds('src/main/config/window.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
  });

  it.each(['src/main/electron/main.ts', 'src/preload/preload.ts'])('passes for %s', async (file) => {
    expect(await ruleIds(file, "import { app, contextBridge } from 'electron';\nexport const x = [app, contextBridge];\n")).toEqual([]);
  });
});
