import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCapture } from '../src/core/readers/capture';
import { createDecoder } from '../src/core/readers/decoder';
import { encodeText } from '../src/core/readers/encoder';
import { parseProfile } from '../src/core/readers/profile';
import type { BenchSection } from './sections';
import { fmt, percentile, sample } from './stats';

/**
 * Badge-reader decoding (issue 4): decoder throughput in reports per second,
 * and the time from the terminator report arriving to the scan being
 * emitted (the decoder's share of scan latency; USB polling adds 1–8 ms).
 */
export const readers: BenchSection = {
  name: 'readers',
  title: 'Badge readers: report decoding',
  async run() {
    const profile = parseProfile({ kind: 'keyboard', layout: 'uk', repeatMs: 0 });
    // A realistic mix: badge numbers and ~400-character tokens, pressed and released.
    const token = `${'eyJhbGciOiJFZERTQSJ9'.repeat(5)}.${'eyJ2IjoxLCJwaWQiOiJh'.repeat(12)}.${'c2lnbmF0dXJl'.repeat(7)}`;
    const reports = [...encodeText('RXL0012345', { layout: 'uk', terminator: 'enter' }), ...encodeText(token, { layout: 'uk', terminator: 'enter' })].map((r) => r.report);
    const rounds = 200;
    const decoder = createDecoder(profile);
    let t = 0;
    let scans = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) for (const r of reports) scans += decoder.feed(r, (t += 1)).length;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const total = rounds * reports.length;
    console.log(`keyboard decoder throughput: ${fmt(total / seconds / 1e6, 2)} M reports/s (${total} reports, ${scans} scans, ${fmt(seconds * 1000)} ms)`);

    const pos = createDecoder(parseProfile({ kind: 'pos' }));
    const posReport = new Uint8Array(64);
    posReport.set([2, 10, 0x5d, 0x43, 0x30, ...Buffer.from('RXL0012345')]);
    const p0 = process.hrtime.bigint();
    const posN = 200_000;
    for (let i = 0; i < posN; i++) pos.feed(posReport, i * 3000);
    console.log(`HID POS decoder throughput: ${fmt(posN / (Number(process.hrtime.bigint() - p0) / 1e9) / 1e6, 2)} M reports/s`);

    // Terminator → scan: feed everything but the Enter press, then time just that report.
    for (const [label, text] of [
      ['badge (10 chars)', 'RXL0012345'],
      ['token (~400 chars)', token],
    ] as const) {
      const encoded = encodeText(text, { layout: 'uk', terminator: 'enter' });
      const enterIndex = encoded.length - 2;
      let d = createDecoder(profile);
      const times: number[] = [];
      for (let i = 0; i < 2000; i++) {
        d = createDecoder(profile);
        for (let j = 0; j < enterIndex; j++) d.feed(encoded[j]!.report, encoded[j]!.t);
        const s = process.hrtime.bigint();
        const out = d.feed(encoded[enterIndex]!.report, encoded[enterIndex]!.t);
        times.push(Number(process.hrtime.bigint() - s) / 1000);
        if (out.length !== 1) throw new Error('bench: expected one scan');
      }
      times.sort((a, b) => a - b);
      console.log(`terminator report → scan emitted, ${label}: p50 ${fmt(percentile(times, 50), 2)} µs, p99 ${fmt(percentile(times, 99), 2)} µs`);
    }

    const fixture = path.resolve(__dirname, '../../test/fixtures/captures/honeywell-1900-uk.jsonl');
    const alt = path.resolve(__dirname, '../test/fixtures/captures/honeywell-1900-uk.jsonl');
    const file = [fixture, alt].find((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
    if (file) {
      const capture = parseCapture(readFileSync(file, 'utf8'));
      const replay = await sample(200, 20, () => {
        const dd = createDecoder(parseProfile(capture.profile));
        for (const r of capture.reports) dd.feed(r.report, r.t);
        dd.end();
      });
      console.log(`replay of honeywell-1900-uk.jsonl (${capture.reports.length} reports): p50 ${fmt(percentile(replay, 50) / 1000, 2)} ms`);
    }
  },
};
