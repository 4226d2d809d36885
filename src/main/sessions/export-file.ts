import path from 'node:path';
import { resourcesDir } from '../config/machine-config';
import { registerCsv } from './export-csv';
import { registerJson } from './export-json';
import { registerPdf } from './export-pdf';
import { londonIso } from './local-time';
import { sessionFileBytes } from './session-file';
import type { SessionOutcome, SessionService } from './session-service';

/**
 * A session's register as a file (sessions.md "Exports"): the one place
 * that turns a format name into bytes, a file name and a type, for the
 * command line (`session export`) and the lead's screens alike.
 */

export const EXPORT_FORMATS = ['csv', 'pdf', 'json', 'session'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json',
  session: 'application/json',
};

/** "register-2026-11-24-corporate-induction.csv": the date and title, safe on every file system. */
export function exportFileName(title: string, starts: string, format: ExportFormat): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'session';
  const day = londonIso(starts).slice(0, 10);
  return format === 'session' ? `session-${day}-${slug}.json` : `register-${day}-${slug}.${format}`;
}

export async function exportRegisterFile(
  service: SessionService,
  sessionId: string,
  format: ExportFormat,
  opts: { generatedAt: number; fontsDir?: string },
): Promise<SessionOutcome<{ file: ExportedFile }>> {
  const found = await service.register(sessionId);
  if (!found.ok) return found;
  const { register } = found;
  let bytes: Buffer;
  switch (format) {
    case 'csv':
      bytes = registerCsv(register);
      break;
    case 'json':
      bytes = registerJson(register);
      break;
    case 'pdf':
      bytes = await registerPdf(register, { fontsDir: opts.fontsDir ?? path.join(resourcesDir(), 'fonts'), generatedAt: opts.generatedAt });
      break;
    case 'session':
      bytes = sessionFileBytes(register.session, service.roster(sessionId));
      break;
  }
  // The register leaves the kiosk: an audit entry (operations.md "Audit chain").
  service.recordExport(sessionId, format);
  return { ok: true, file: { fileName: exportFileName(register.session.title, register.session.starts, format), mimeType: MIME[format], bytes } };
}
