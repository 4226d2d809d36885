import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import type { LoadedConfig } from '../config/machine-config';
import type { HttpOptions } from '../sync/http-transport';
import { HttpSender } from '../upstream/http-sender';
import { outboxSummary, type OutboxSummary } from '../upstream/outbox';
import { UpstreamError } from '../upstream/sender';
import { fail, ok, oneLine, warn, type Finding } from './findings';

/**
 * The attendance upstream (upstream.md): is the receiver (or drop folder)
 * reachable, how many events wait and since when, and which the receiver
 * refused. Reachability is an empty delivery (`{"events":[]}`), which a
 * receiver answers with no results and stores nothing; a folder must exist
 * and be writable. The records are read read-only; nothing is sent.
 */

export interface UpstreamCheckOptions {
  now: number;
  http?: HttpOptions;
}

/** An hour: older waiting events mean deliveries are not getting through. */
const STUCK_MS = 60 * 60 * 1000;

function readSummary(recordsFile: string): OutboxSummary | null {
  if (!existsSync(recordsFile)) return null;
  try {
    const db = new Database(recordsFile, { readonly: true, fileMustExist: true });
    try {
      return outboxSummary(db);
    } finally {
      db.close();
    }
  } catch {
    return null; // an older schema, or not a records file: the records check says so
  }
}

async function reachable(loaded: LoadedConfig, opts: UpstreamCheckOptions): Promise<string | null> {
  const up = loaded.config.upstream!;
  if ('folder' in up) {
    const dir = loaded.resolve(up.folder);
    try {
      if (!statSync(dir).isDirectory()) return `the drop folder ${dir} is not a folder`;
      accessSync(dir, constants.W_OK);
      return null;
    } catch (e) {
      return `the drop folder ${dir} cannot be written (${oneLine(e)})`;
    }
  }
  try {
    const outcome = await new HttpSender(up.url, { ...opts.http, timeoutMs: 15_000 }).send([]);
    return outcome.kind === 'answered' ? null : outcome.kind === 'too-large' ? `${up.url} answered 413 to an empty delivery` : outcome.error;
  } catch (e) {
    if (e instanceof UpstreamError) return e.message;
    throw e;
  }
}

export async function checkUpstream(loaded: LoadedConfig, recordsFile: string, opts: UpstreamCheckOptions): Promise<Finding[]> {
  const s = readSummary(recordsFile);
  const waiting = s ? `${s.pending} attendance event${s.pending === 1 ? '' : 's'} waiting${s.oldest ? ` (oldest from ${s.oldest})` : ''}` : 'no attendance events waiting';
  const up = loaded.config.upstream;
  if (!up) {
    if (s && s.pending + s.rejected > 0) {
      return [
        warn(
          'upstream',
          `The machine config names no upstream, so attendance stays on this kiosk: ${waiting}.`,
          'If the trust collects attendance, add "upstream": {"url": "https://…"} or {"folder": "DIR"} to the machine config (docs/upstream.md).',
        ),
      ];
    }
    return [ok('upstream', 'No upstream is configured: attendance stays on this kiosk (exports only).')];
  }
  const where = 'url' in up ? up.url : loaded.resolve(up.folder);
  const findings: Finding[] = [];
  const problem = await reachable(loaded, opts);
  if (problem) {
    findings.push(
      fail('upstream', `The attendance upstream ${where} cannot be reached: ${problem}; ${waiting}. Nothing is lost: events wait in the records file.`, 'Check the network, proxy and the "upstream" setting, or ask whoever runs the receiver (docs/upstream.md).'),
    );
  }
  if (s && s.rejected > 0) {
    const codes = Object.entries(s.rejectedCodes).map(([c, n]) => `${n} ${c}`).join(', ');
    findings.push(
      fail(
        'upstream',
        `The receiver refused ${s.rejected} attendance event${s.rejected === 1 ? '' : 's'} (${codes}); they are held and not sent again.`,
        `For KIOSK_UNKNOWN enrol this kiosk (passport-kiosk device --records ${recordsFile} prints its key); then run passport-kiosk outbox retry --records ${recordsFile}.`,
      ),
    );
  }
  if (!problem && s && s.pending > 0 && s.oldest && opts.now - Date.parse(s.oldest) > STUCK_MS) {
    findings.push(
      warn(
        'upstream',
        `${waiting}${s.lastError ? `; the last try (${s.lastTryAt}) failed: ${s.lastError}` : ''}.`,
        `The kiosk keeps trying with back-off; to send now: passport-kiosk outbox flush --records ${recordsFile} --to ${where}.`,
      ),
    );
  }
  if (findings.length === 0) findings.push(ok('upstream', `The attendance upstream ${where} is reachable; ${waiting}.`));
  return findings;
}
