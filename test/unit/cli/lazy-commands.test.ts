import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { kioskCommands } from '../../../src/cli/kiosk/commands';

/**
 * passport-kiosk loads a command's module only when that command runs
 * (start-up time: `verify --batch` is timed with its process start).
 */
const ROOT = path.resolve(__dirname, '../../..');

test('every entry loads the command it is named for, with a summary and help', () => {
  expect(kioskCommands.map((c) => c.name)).toEqual(['audit', 'decode-image', 'device', 'doctor', 'outbox', 'pin', 'reader', 'session', 'sync', 'verify']);
  for (const entry of kioskCommands) {
    const command = entry.load([]);
    expect(command.name).toBe(entry.name);
    expect(command.summary.length).toBeGreaterThan(10);
    expect(command.help).toContain(entry.name);
  }
});

/** Every module file a run of the built CLI loaded. */
function modulesLoadedBy(argv: string[]): string[] {
  const script = `
    const cli = require(${JSON.stringify(path.join(ROOT, 'dist/src/cli/passport-kiosk.js'))});
    const sink = { write: () => true };
    cli.main(${JSON.stringify(argv)}, { stdout: sink, stderr: sink, stdin: process.stdin, now: Date.now, env: {}, cwd: process.cwd() }).then(() => {
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
}

const COMMAND_FILES = kioskCommands.map((c) => `/cli/kiosk/${c.name}.js`);
const commandsIn = (files: string[]) => COMMAND_FILES.filter((c) => files.some((f) => f.endsWith(c)));

test('running one command loads that command and none of the others, nor PDF, barcode or HTTP libraries', () => {
  const verify = modulesLoadedBy(['verify', '--help']);
  expect(commandsIn(verify)).toEqual(['/cli/kiosk/verify.js']);
  for (const lib of ['/node_modules/pdfkit/', '/node_modules/@zxing/', '/node_modules/undici/']) {
    expect(verify.filter((f) => f.includes(lib))).toEqual([]);
  }
  expect(commandsIn(modulesLoadedBy(['sync', '--help']))).toEqual(['/cli/kiosk/sync.js']);
});

test('the command list still loads and names every command', () => {
  expect(commandsIn(modulesLoadedBy(['help']))).toEqual(COMMAND_FILES);
});
