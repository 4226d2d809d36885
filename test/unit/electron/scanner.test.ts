import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `npm run security:electron` really fails on an insecure window (that it passes src is `npm test`'s last step). */

const SCRIPT = path.resolve(__dirname, '../../../scripts/electronegativity.js');

function scan(source: string): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'scan-'));
  try {
    writeFileSync(path.join(dir, 'main.ts'), source);
    const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', timeout: 120_000 });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('security:electron (electronegativity, offline)', () => {
  it('fails on a window without isolation or sandbox', () => {
    const { status, output } = scan(`
      import { BrowserWindow } from 'electron';
      const win = new BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true, sandbox: false } });
      win.loadURL('https://example.com/');
    `);
    expect(status).toBe(1);
    expect(output).toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
    expect(output).toMatch(/SANDBOX_JS_CHECK/);
    expect(output).toMatch(/unexplained findings above INFORMATIONAL/);
  }, 120_000);
});
