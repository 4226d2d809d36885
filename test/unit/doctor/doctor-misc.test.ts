import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatFinding } from '../../../src/cli/kiosk/doctor';
import { defaultConfigPath } from '../../../src/main/config/machine-config';
import { checkCache } from '../../../src/main/doctor/check-cache';
import { inspectConfig } from '../../../src/main/doctor/check-config';
import { fail, ok, warn } from '../../../src/main/doctor/findings';
import { cacheFileFor, defaultCacheFile, feedFor } from '../../../src/main/config/kiosk-paths';
import { runDoctor } from '../../../src/main/doctor/run-doctor';
import { FakeHidPort } from '../../../src/main/readers/fake-hid-port';

describe('doctor paths', () => {
  it('the default cache file: ProgramData on Windows, /var/lib elsewhere', () => {
    expect(defaultCacheFile({ ProgramData: 'D:\\Data' }, 'win32')).toBe('D:\\Data\\StaffPassportKiosk\\cache.sqlite');
    expect(defaultCacheFile({}, 'win32')).toBe('C:\\ProgramData\\StaffPassportKiosk\\cache.sqlite');
    expect(defaultCacheFile({}, 'linux')).toBe('/var/lib/staff-passport-kiosk/cache.sqlite');
  });

  it('the config\'s db wins, relative to the config file', () => {
    const loaded = { file: '/etc/k/config.json', config: { db: 'data/cache.sqlite' }, resolve: (p: string) => path.resolve('/etc/k', p) } as never;
    expect(cacheFileFor(loaded, {}, 'linux')).toBe('/etc/k/data/cache.sqlite');
  });
});

describe('no machine config at all', () => {
  it('is the built-in demo: config WARN saying so; the demo feed is checked, with a WARN that it is demo data', async () => {
    // The test machine has no kiosk installed; if it had, this test would be checking that config instead.
    expect(existsSync(defaultConfigPath({}))).toBe(false);
    const inspected = inspectConfig(undefined, {});
    expect(inspected.loaded?.file).toBeNull();
    expect(inspected.problem).toBeNull();
    expect(inspected.finding.status).toBe('warn');
    expect(inspected.finding.message).toContain('runs on the built-in demo (resources/demo/');
    expect(feedFor(inspected.loaded!)).toMatchObject({ demo: true, hubKeys: [{ kid: 'demo-hub-2026' }] });

    const missingCache = path.join(__dirname, 'no-such-cache.sqlite');
    const report = await runDoctor({ env: {}, now: () => Date.parse('2026-11-24T10:00:00Z'), cacheFile: missingCache, hid: () => new FakeHidPort(), platform: 'linux' });
    expect(report.ok).toBe(true);
    expect(report.configFile).toBeNull();
    expect(report.findings.map((f) => `${f.check} ${f.status}`)).toEqual([
      'config warn', 'policy ok', 'cache warn', 'records warn', 'audit ok', 'roles warn', 'clock ok', 'feed warn', 'feed ok', 'upstream ok', 'readers ok',
    ]);
    expect(report.findings[2]!.fix).toContain(`--hub-key ${path.resolve(__dirname, '../../../resources/demo/hub-key.json')}`);
    expect(existsSync(missingCache)).toBe(false);
  });

  it('PASSPORT_KIOSK_CONFIG naming a file that does not exist is a config FAIL (a problem, not the demo)', () => {
    const inspected = inspectConfig(undefined, { PASSPORT_KIOSK_CONFIG: '/nowhere/config.json' });
    expect(inspected.loaded).toBeNull();
    expect(inspected.problem).toBe('config file /nowhere/config.json does not exist');
    expect(inspected.finding).toMatchObject({ status: 'fail' });
    expect(inspected.finding.fix).toContain('PASSPORT_KIOSK_CONFIG');
  });
});

describe('checkCache on its own', () => {
  it('a missing file is "no data yet", with the sync command given', () => {
    const { finding, state } = checkCache('/nowhere/cache.sqlite', { now: 0, syncHint: 'passport-kiosk sync --db X' });
    expect(state).toBeNull();
    expect(finding).toMatchObject({ check: 'cache', status: 'warn' });
    expect(finding.message).toMatch(/^No data yet: /);
    expect(finding.fix).toBe('Run passport-kiosk sync --db X, or start the kiosk, which syncs when it starts.');
  });
});

describe('formatFinding', () => {
  it('one line per finding: status word, check, message, and the fix only when there is a problem', () => {
    expect(formatFinding(ok('policy', 'Fine.'))).toBe('OK    policy   Fine.');
    expect(formatFinding(warn('cache', 'No data yet.', 'Sync.'))).toBe('WARN  cache    No data yet. Fix: Sync.');
    expect(formatFinding(fail('readers', 'Two\nlines.', 'Do\r\nthis.'))).toBe('FAIL  readers  Two lines. Fix: Do this.');
  });
});
