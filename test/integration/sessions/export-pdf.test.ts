import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { REGISTER_PDF_COLUMNS, registerPdf, sessionWhen } from '../../../src/main/sessions/export-pdf';
import { currentGlyphFont, MISSING_MARK, printableText } from '../../../src/main/sessions/pdf-text';
import { largeRegister, mixedRegister, NAME_WITH_MISSING_GLYPH } from '../../helpers/register-fixture';

const FONTS = path.resolve(__dirname, '../../../resources/fonts');
const GENERATED = Date.parse('2026-11-24T13:02:00Z');
const dir = mkdtempSync(path.join(tmpdir(), 'register-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writePdf(name: string, register: Parameters<typeof registerPdf>[0]): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, await registerPdf(register, { fontsDir: FONTS, generatedAt: GENERATED }));
  return file;
}

/** pdftotext -layout, with runs of spaces (incl. no-break spaces) as one space per line. */
function pdfText(file: string): string[] {
  const raw = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return raw.split('\f').map((page) => page.replace(/[ \u00a0]+/g, ' '));
}

function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}

describe('register PDF: a small register in several scripts', () => {
  let file: string;
  let text: string;
  beforeAll(async () => {
    file = await writePdf('mixed', mixedRegister());
    text = pdfText(file).join('\f');
  });

  it('is A4 with one page, numbered', () => {
    expect(pageCount(file)).toBe(1);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(text).toContain('Page 1 of 1');
  });

  it('has the title, kind, local date and time, room, lead, id and generated-at', () => {
    expect(text).toContain('INDUCTION REGISTER');
    expect(text).toContain('Corporate induction — November intake');
    expect(text).toContain('Corporate induction · Tuesday 24 November 2026, 09:00–12:30');
    expect(text).toContain('Room: Education Centre, Room 2');
    expect(text).toContain('Lead: Priya Raman');
    expect(text).toContain('Session 3f2c8a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c');
    expect(text).toContain('Generated 24 Nov 2026, 13:02');
    expect(text).toContain('Open: not final until closed');
  });

  it('gives the counts by status in words', () => {
    const flat = text.replace(/\s+/g, ' ');
    for (const c of ['Present 5', 'Present (marked) 1', 'Exempt, prior induction 1', 'Exempt (marked) 1', 'Expected 2', 'Absent 1', 'Total 11']) {
      expect(flat).toContain(c);
    }
  });

  it('prints every name as written: accents, Vietnamese, Greek, Cyrillic', () => {
    for (const name of ['Zoë Hughes', 'Łukasz Nowak', 'Nguyễn Thị Minh Khai', 'Siobhán O’Connell', 'Γιώργος Παπαδόπουλος', 'Олена Коваленко', 'Tomás Ó Briain', '@Alex Smith', '-Dash Smith']) {
      expect(text).toContain(name);
    }
    // Long enough to wrap in its column; no formula guard in print.
    expect(text).toContain('=HYPERLINK("http://');
  });

  it('shows statuses, late arrivals, walk-ins and marks in words', () => {
    expect(text).toMatch(/Łukasz Nowak .*Present .*09:17/);
    expect(text).toMatch(/late/);
    expect(text).toContain('Walk-in (not on the roster)');
    expect(text).toContain('Marked by Priya Raman:');
    expect(text).toContain('Scan: Not cleared');
    expect(text).toContain('Signature');
  });

  it('marks a character the font cannot show and says so on that line', () => {
    expect(text).not.toContain('王');
    expect(text).toContain(`Wang ${MISSING_MARK} Xiaoming`);
    expect(text.replace(/\s+/g, ' ')).toMatch(/Some characters cannot be .*printed/);
    expect(text).toContain('1 line below has characters this font cannot print');
  });

  it('renders page 1 as an A4-shaped image', () => {
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(dir, 'mixed-page')]);
    const png = readdirSync(dir).find((f) => f.startsWith('mixed-page') && f.endsWith('.png'));
    expect(png).toBeDefined();
    const bytes = readFileSync(path.join(dir, png!));
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    expect(width).toBeGreaterThan(400);
    expect(width / height).toBeCloseTo(1 / Math.SQRT2, 2);
  });

  it('is the same file for the same register and clock', async () => {
    const again = await registerPdf(mixedRegister(), { fontsDir: FONTS, generatedAt: GENERATED });
    expect(again.equals(readFileSync(file))).toBe(true);
  });

  it('refuses to run without its fonts, naming the file', async () => {
    await expect(registerPdf(mixedRegister(), { fontsDir: path.join(dir, 'nowhere'), generatedAt: GENERATED })).rejects.toThrow(
      /font .*nowhere.*DejaVuSans\.ttf is missing/,
    );
  });
});

describe('register PDF: 500 people', () => {
  let file: string;
  let pages: string[];
  let n: number;
  beforeAll(async () => {
    file = await writePdf('large', largeRegister(500, { state: 'closed', closedAt: '2026-11-24T12:41:00.000Z' }));
    n = pageCount(file);
    pages = pdfText(file).slice(0, n);
  });

  it('runs over many pages, each numbered "Page N of M" with the table header repeated', () => {
    expect(n).toBeGreaterThan(5);
    expect(pages).toHaveLength(n);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${n}`);
      expect(page).toMatch(/No\. +Name +Staff group \/ +Status +Arrived +Signature/);
    });
    expect(pages[0]).toContain('Closed 24 Nov 2026, 12:41');
    expect(pages.slice(1).every((p) => p.includes('(continued)'))).toBe(true);
  });

  it('has every person once, in register order', () => {
    const all = pages.join('\n');
    expect(all.match(/Walk-in \(not on the roster\)/g)).toHaveLength(50);
    // Roster row numbers start their line, in order 1…450.
    const rows = [...all.matchAll(/^ *(\d+) +\S/gm)].map((m) => Number(m[1])).filter((x) => x <= 450);
    expect(rows).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
  });

  it('prints long names in full, wrapped within their column', () => {
    const all = pages.join('\n');
    expect(all).not.toContain('…');
    expect(all.match(/Worthington-Smythe of\s+Little Snoring/g)?.length).toBeGreaterThan(5);
  });
});

describe('register PDF: long text stays in its column', () => {
  it('wraps long and unbreakable names, staff groups and reasons inside their own columns', async () => {
    const register = mixedRegister();
    register.people[0]!.name = 'Maximiliana Alexandra Wilhelmina Fitzgerald-Montgomery-Worthington-Smythe of Little Snoring';
    register.people[1]!.name = 'Q'.repeat(110);
    register.people[2]!.staffGroup = 'Additional professional scientific and technical';
    register.people[2]!.markReason = `Photo ID seen; ${'W'.repeat(60)} ${'and a long explanation '.repeat(6)}`;
    const file = await writePdf('long', register);
    const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      xMax: Number(m[2]),
      text: m[3]!,
    }));
    const column = (key: string) => REGISTER_PDF_COLUMNS.find((c) => c.key === key)!;
    const inside = (key: string, pattern: RegExp) => {
      const c = column(key);
      const hits = words.filter((w) => pattern.test(w.text));
      expect(hits.length).toBeGreaterThan(0);
      for (const w of hits) {
        expect(w.xMin).toBeGreaterThanOrEqual(c.x);
        expect(w.xMax).toBeLessThanOrEqual(c.x + c.width);
      }
    };
    inside('name', /^Q+$/);
    inside('name', /Fitzgerald|Montgomery|Worthington|Snoring/);
    inside('group', /Additional|professional|scientific|technical/);
    inside('group', /^technical$/);
    inside('status', /^W{5,}/);
    // The unbreakable name is printed in full over several lines.
    expect(words.filter((w) => /^Q+$/.test(w.text)).map((w) => w.text).join('')).toBe('Q'.repeat(110));
  });
});

describe('session date and time in words', () => {
  it('gives one date for a session within a day, both for one past midnight, in UK time', () => {
    expect(sessionWhen('2026-11-24T09:00:00Z', '2026-11-24T12:30:00Z')).toBe('Tuesday 24 November 2026, 09:00–12:30');
    expect(sessionWhen('2026-07-01T21:00:00Z', '2026-07-02T01:00:00Z')).toBe('Wednesday 1 July 2026, 22:00 – Thursday 2 July 2026, 02:00');
  });
});

describe('printable text', () => {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.registerFont('dejavu', path.join(FONTS, 'DejaVuSans.ttf'));
  const font = currentGlyphFont(doc.font('dejavu'));

  it('keeps what DejaVu covers and marks each missing run once', () => {
    expect(printableText('Zoë Łukasz Nguyễn Γιώργος Олена', font)).toEqual({ text: 'Zoë Łukasz Nguyễn Γιώργος Олена', lossy: false });
    expect(printableText(NAME_WITH_MISSING_GLYPH, font)).toEqual({ text: `Wang ${MISSING_MARK} Xiaoming`, lossy: true });
    expect(printableText('李小明', font)).toEqual({ text: MISSING_MARK, lossy: true });
    // Decomposed accents are composed first (NFC), so they use the font's own letters.
    expect(printableText('Nguye\u0302\u0303n', font).text).toBe('Nguyễn');
    expect(printableText('a\tb\nc', font)).toEqual({ text: 'a b c', lossy: false });
  });
});
