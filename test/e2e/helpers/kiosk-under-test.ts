import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PassportStore } from '../../../src/core/scan-verdict';
import type { SitePolicy } from '../../../src/core/schemas/policy';
import { KioskService, type KioskServiceDeps } from '../../../src/main/kiosk/kiosk-service';
import { ScanLog } from '../../../src/main/kiosk/scan-log';
import { startWebServer, type WebServer } from '../../../src/main/web/web-server';
import { RENDERER_DIR, ensureRendererBuilt } from './renderer-build';

export interface KioskUnderTest {
  server: WebServer;
  services: KioskService;
  scanLog: ScanLog;
  close(): Promise<void>;
}

/** Browser mode over the given store with a fixed clock, as `start:web --at` runs it. */
export async function startKioskUnderTest(opts: {
  store: PassportStore;
  policy: SitePolicy;
  at: number;
  extra?: Partial<KioskServiceDeps>;
}): Promise<KioskUnderTest> {
  ensureRendererBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-'));
  const scanLog = new ScanLog(path.join(dir, 'scan-log.sqlite'));
  const services = new KioskService({
    store: opts.store,
    policy: opts.policy,
    clock: () => opts.at,
    scanLog,
    site: 'Main reception (e2e)',
    ...opts.extra,
  });
  const server = await startWebServer({ services, rendererDir: RENDERER_DIR });
  return {
    server,
    services,
    scanLog,
    close: async () => {
      await server.close();
      services.dispose();
      scanLog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
