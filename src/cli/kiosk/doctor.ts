import path from 'node:path';
import { inspectConfig } from '../../main/doctor/check-config';
import type { Finding } from '../../main/doctor/findings';
import { runDoctor } from '../../main/doctor/run-doctor';
import type { HidPort } from '../../main/readers/hid-port';
import { NodeHidPort } from '../../main/readers/node-hid-port';
import type { HttpOptions } from '../../main/sync/http-transport';
import { EXIT_FAILED, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';

/** `passport-kiosk doctor` (spec/cli.md): check the machine config, policy, cache, records, feed and readers. */

const NAME = 'doctor';

const HELP = `Usage: passport-kiosk doctor [--config FILE] [--json]

Checks this kiosk and says plainly what is wrong and how to fix it, one line
per finding (OK, WARN or FAIL):

  config   the machine config (--config FILE, else $PASSPORT_KIOSK_CONFIG,
           else the platform location); none at all means the built-in demo
  policy   the site policy file it names, or the shipped default
  cache    the passport cache ("db" in the config): integrity (PRAGMA
           quick_check), schema version, last sync, and freshness
  records  the records file ("records" in the config, else beside the
           cache): integrity, schema version, owner-only (0600) on POSIX
  feed     fetches the feed's manifest.jws and verifies it with the pinned
           hub keys, then compares its seq and expiry with the cache
  readers  each configured badge reader: plugged in or not, and on Windows
           whether it is a keyboard-class device the kiosk cannot open

Nothing is changed: the cache and records are opened read-only, the feed is not synced,
readers are not opened. See docs/doctor.md.

Flags:
  --config FILE  the machine config to check
  --json         print one JSON object:
                   {"ok":…,"at":…,"configFile":…,"cacheFile":…,"recordsFile":…,
                    "feed":…,
                    "findings":[{"check":"config|policy|cache|records|feed|readers",
                                 "status":"ok|warn|fail","message":…,"fix":…}]}
  --help         this text

Exit codes:
  0  nothing failed (warnings allowed)
  1  at least one check failed
  2  used wrongly: unknown flag, or a --config file that is missing or invalid`;

/** What the command needs from the outside world; tests pass their own. */
export interface DoctorCommandDeps {
  hid(): HidPort;
  platform: string;
  http?: HttpOptions;
}

const LABEL = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' } as const;

/** One finding as one line: status, check, what, and for a problem what to do. */
export function formatFinding(f: Finding): string {
  const line = `${LABEL[f.status]}  ${f.check.padEnd(7)}  ${f.message}${f.fix ? ` Fix: ${f.fix}` : ''}`;
  return line.replace(/\s*[\r\n]+\s*/g, ' ');
}

export function createDoctorCommand(deps: DoctorCommandDeps): Command {
  return {
    name: NAME,
    summary: 'Check the config, policy, cache, feed and readers, and say what to fix',
    help: HELP,
    async run(argv: string[], io: Io): Promise<number> {
      const { values, positionals } = parseFlags(NAME, argv, { config: { type: 'string' }, json: { type: 'boolean' } }, false);
      if (positionals.length) throw usageError(`${NAME}: unexpected argument "${positionals[0]}" (see --help)`);
      const config = values.config === undefined ? undefined : path.resolve(io.cwd, values.config);
      const inspected = inspectConfig(config, io.env);
      if (config && inspected.problem) throw usageError(`${NAME}: ${inspected.problem}`);
      const report = await runDoctor({ inspected, env: io.env, now: io.now, platform: deps.platform, hid: deps.hid, http: deps.http });
      const failed = report.findings.filter((f) => f.status === 'fail');
      if (values.json) write(io.stdout, JSON.stringify(report));
      else {
        const warned = report.findings.filter((f) => f.status === 'warn').length;
        const lines = report.findings.map(formatFinding);
        lines.push(`${failed.length} failed, ${warned} warning${warned === 1 ? '' : 's'}, ${report.findings.length - failed.length - warned} ok.`);
        write(io.stdout, lines.join('\n'));
      }
      if (failed.length) {
        const checks = [...new Set(failed.map((f) => f.check))].join(', ');
        write(io.stderr, `${NAME}: ${failed.length} check${failed.length === 1 ? '' : 's'} failed (${checks}): ${failed[0]!.message.replace(/\s*[\r\n]+\s*/g, ' ')}`);
        return EXIT_FAILED;
      }
      return EXIT_OK;
    },
  };
}

/** The `doctor` subcommand, on the real hardware. */
export const doctorCommand: Command = createDoctorCommand({ hid: () => new NodeHidPort(), platform: process.platform });
