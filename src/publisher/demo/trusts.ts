import { readFileSync } from 'node:fs';

/**
 * Real NHS trusts from the ODS "etr" file (resources/demo/source/etr.csv,
 * Open Government Licence v3.0): no header, every field quoted, CRLF;
 * column 1 the ODS code, 2 the name (upper case), 12 the close date (empty
 * for a trust that is open).
 */

export interface Trust {
  ods: string;
  name: string;
}

/** Split one CSV line whose fields are all double-quoted ("" escapes a quote). */
export function splitQuotedCsvLine(line: string): string[] {
  const fields: string[] = [];
  const re = /"((?:[^"]|"")*)"(?:,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    fields.push(m[1]!.replace(/""/g, '"'));
    if (re.lastIndex >= line.length) break;
  }
  return fields;
}

const SMALL_WORDS = new Set(['and', 'of', 'the', 'upon', 'on', 'in', 'for', 'at']);
const UPPER_WORDS = new Set(['NHS', 'UK']);

function capitalise(word: string): string {
  // "CHILDREN'S" → "Children's"; "TEES-SIDE" → "Tees-Side".
  return word
    .split('-')
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('-');
}

/**
 * Title-case an ODS name sensibly: "NHS" stays upper case, joining words
 * stay lower case except first ("The Christie NHS Foundation Trust",
 * "Guy's and St Thomas' NHS Foundation Trust").
 */
export function titleCaseTrustName(upper: string): string {
  return upper
    .trim()
    .split(/\s+/)
    .map((word, i) => {
      const bare = word.replace(/[^A-Za-z']/g, '');
      if (UPPER_WORDS.has(bare)) return word;
      if (i > 0 && SMALL_WORDS.has(bare.toLowerCase())) return word.toLowerCase();
      return capitalise(word);
    })
    .join(' ');
}

/** Open trusts (empty close date) from the etr file text. */
export function parseOpenTrusts(csv: string): Trust[] {
  return csv
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map(splitQuotedCsvLine)
    .filter((f) => f.length >= 12 && f[11] === '')
    .map((f) => ({ ods: f[0]!, name: titleCaseTrustName(f[1]!) }));
}

/** Read and parse the etr CSV file. */
export function readOpenTrusts(file: string): Trust[] {
  return parseOpenTrusts(readFileSync(file, 'utf8'));
}
