import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordsFileFor } from '../../../src/main/config/kiosk-paths';
import { loadMachineConfig } from '../../../src/main/config/machine-config';
import { setupKiosk } from '../../../src/main/kiosk/from-config';
import { tempDir } from './helpers';

/** The machine config's `records` (operations.md: "the machine config may name another"). */

const loadedWith = (config: Record<string, unknown>) => {
  const dir = tempDir('records-config-');
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ v: 1, ...config }));
  return { dir, loaded: loadMachineConfig(file, {}) };
};

test('records: the config\'s, relative to the config file; else records.sqlite beside the cache', () => {
  const { dir, loaded } = loadedWith({ records: 'keep/records.sqlite' });
  expect(recordsFileFor(loaded, '/anywhere/cache.sqlite')).toBe(path.join(dir, 'keep', 'records.sqlite'));
  const plain = loadedWith({}).loaded;
  expect(recordsFileFor(plain, '/var/lib/staff-passport-kiosk/cache.sqlite', 'linux')).toBe('/var/lib/staff-passport-kiosk/records.sqlite');
  expect(recordsFileFor(plain, 'C:\\ProgramData\\StaffPassportKiosk\\cache.sqlite', 'win32')).toBe('C:\\ProgramData\\StaffPassportKiosk\\records.sqlite');
  expect(() => loadedWith({ records: '' })).toThrow(/records/);
});

test('the app\'s setup opens the records the config names, and writes its scans there', async () => {
  const { dir, loaded } = loadedWith({ db: 'data/cache.sqlite', records: 'keep/records.sqlite' });
  mkdirSync(path.join(dir, 'keep'));
  const setup = setupKiosk(loaded, { clock: () => Date.parse('2026-11-24T09:00:00Z'), logDir: null });
  try {
    expect(setup.recordsFile).toBe(path.join(dir, 'keep', 'records.sqlite'));
    await setup.kiosk.services.scan({ payload: 'SOMETHING', source: 'manual' });
    expect(setup.kiosk.records.scanLog.recent(5)).toMatchObject([{ passportId: 'unknown', source: 'manual' }]);
  } finally {
    await setup.close();
  }
  if (process.platform !== 'win32') expect(statSync(setup.recordsFile).mode & 0o777).toBe(0o600);
  expect(existsSync(path.join(dir, 'data', 'records.sqlite'))).toBe(false);
});
