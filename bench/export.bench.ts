import path from 'node:path';
import { resourcesDir } from '../src/main/config/machine-config';
import { registerCsv } from '../src/main/sessions/export-csv';
import { registerJson } from '../src/main/sessions/export-json';
import { registerPdf } from '../src/main/sessions/export-pdf';
import { largeRegister } from '../test/helpers/register-fixture';
import type { BenchSection } from './sections';
import { fmt, percentile, sample } from './stats';

/**
 * Register exports (issue 8): CSV, JSON and PDF of a 500-person register —
 * a large corporate intake — median of a few runs, beside the target
 * "PDF ≤ 2 s" (the lead waits for the file at the end of the session).
 */
export const exportBench: BenchSection = {
  name: 'export',
  title: 'Session register exports (500 people)',
  async run() {
    const register = largeRegister(500, { state: 'closed', closedAt: '2026-11-24T12:41:00.000Z' });
    const fontsDir = path.join(resourcesDir(), 'fonts');
    const generatedAt = Date.parse('2026-11-24T13:02:00Z');
    const ms = (us: number) => `${fmt(us / 1000, 1)} ms`;

    const csv = await sample(9, 2, () => registerCsv(register));
    const json = await sample(9, 2, () => registerJson(register));
    let pdfBytes = 0;
    const pdf = await sample(5, 1, async () => {
      pdfBytes = (await registerPdf(register, { fontsDir, generatedAt })).length;
    });
    console.log(`CSV: median ${ms(percentile(csv, 50))} (max ${ms(csv[csv.length - 1]!)}, ${registerCsv(register).length} bytes)`);
    console.log(`JSON: median ${ms(percentile(json, 50))} (max ${ms(json[json.length - 1]!)}, ${registerJson(register).length} bytes)`);
    console.log(
      `PDF: median ${ms(percentile(pdf, 50))} (max ${ms(pdf[pdf.length - 1]!)}, ${fmt(pdfBytes / 1024, 0)} KB) — target PDF ≤ 2 s: ${
        percentile(pdf, 50) <= 2_000_000 ? 'met' : 'MISSED'
      }`,
    );
  },
};
