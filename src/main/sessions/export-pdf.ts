import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { OUTCOME_WORDS } from '../../core/sentences';
import type { Register, RegisterLine } from '../../core/sessions/model';
import { londonHourMinute, londonLongDate, londonShortDateTime, sameLondonDay } from './local-time';
import { currentGlyphFont, MISSING_MARK, printableText, type GlyphFont } from './pdf-text';
import { KIND_WORDS, STATUS_ORDER, STATUS_WORDS } from './register-words';

/**
 * The printable register (sessions.md "Exports", PDF): A4 portrait with a
 * wide left margin for hole punching; a header with the session's details
 * and counts by status; then every person in register order with status,
 * arrival time and an empty column to sign in; the table header repeats on
 * every page and every page says "Page N of M". Fonts are DejaVu Sans,
 * embedded, so Latin with accents, Greek and Cyrillic print as written;
 * anything else is marked and the line says so (pdf-text.ts).
 */

export interface RegisterPdfOptions {
  /** The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (`resources/fonts`). */
  fontsDir: string;
  /** When the file was made (ms since the epoch): printed, and the PDF's creation date. */
  generatedAt: number;
}

// A4 in points; margins: 25 mm on the left clears a two-hole punch.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const LEFT = 71;
const RIGHT = 40;
const TOP = 40;
const BOTTOM = 50;
const TABLE_W = PAGE_W - LEFT - RIGHT;
const FOOTER_Y = PAGE_H - 32;
const PAD_X = 4;
const PAD_Y = 4;
/** A row is never lower than this: about 9 mm, room for a signature. */
const MIN_ROW_H = 26;

const INK = '#000000';
const GREY = '#555555';
const RULE = '#9a9a9a';
const SHADE = '#e6e6e6';

type ColumnKey = 'row' | 'name' | 'group' | 'status' | 'arrived' | 'signature';
const COLUMN_SPEC: Array<{ key: ColumnKey; title: string; width: number }> = [
  { key: 'row', title: 'No.', width: 30 },
  { key: 'name', title: 'Name', width: 124 },
  { key: 'group', title: 'Staff group / issuer', width: 78 },
  { key: 'status', title: 'Status', width: 98 },
  { key: 'arrived', title: 'Arrived', width: 44 },
  // The signature column takes what is left: about 40 mm.
  { key: 'signature', title: 'Signature', width: 0 },
];
/** The table's columns in points from the page's left edge (exported for the layout tests). */
export const REGISTER_PDF_COLUMNS = (() => {
  const fixed = COLUMN_SPEC.reduce((sum, c) => sum + c.width, 0);
  let x = LEFT;
  return COLUMN_SPEC.map((c) => {
    const width = c.key === 'signature' ? TABLE_W - fixed : c.width;
    const col = { ...c, x, width };
    x += width;
    return col;
  });
})();

type FontName = 'regular' | 'bold';

/** One run of text inside a cell: its own font, size and colour, at most `maxLines` lines. */
interface Piece {
  text: string;
  font: FontName;
  size: number;
  color: string;
  maxLines: number;
}

const fontBytes = new Map<string, Buffer>();
function loadFont(file: string): Buffer {
  let bytes = fontBytes.get(file);
  if (!bytes) {
    try {
      bytes = readFileSync(file);
    } catch {
      throw new Error(`register PDF: the font ${file} is missing; the kiosk's resources/fonts folder is incomplete — reinstall the kiosk`);
    }
    fontBytes.set(file, bytes);
  }
  return bytes;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2025-03-14 → "14 Mar 2025". */
function shortDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? `${d} ${MONTHS[m - 1]} ${y}` : iso;
}

/**
 * Items joined with " · ", each item's own spaces made non-breaking, so a
 * line that must wrap wraps between items ("Exempt, prior induction 4"
 * stays on one line). Items longer than a line still wrap (at hyphens or
 * anywhere), so nothing is lost.
 */
function keepTogether(items: string[]): string {
  return items.map((i) => (i.length <= 40 ? i.replace(/ /g, '\u00a0') : i)).join('\u00a0\u00a0·  ');
}

/** "Monday 24 November 2026, 09:00–12:30", or both dates when it runs past midnight. */
export function sessionWhen(starts: string, ends: string): string {
  return sameLondonDay(starts, ends)
    ? `${londonLongDate(starts)}, ${londonHourMinute(starts)}–${londonHourMinute(ends)}`
    : `${londonLongDate(starts)}, ${londonHourMinute(starts)} – ${londonLongDate(ends)}, ${londonHourMinute(ends)}`;
}

/** Write the register as a PDF. */
export async function registerPdf(register: Register, opts: RegisterPdfOptions): Promise<Buffer> {
  const { session } = register;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: { top: TOP, bottom: BOTTOM, left: LEFT, right: RIGHT },
    bufferPages: true,
    autoFirstPage: false,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `Induction register: ${session.title}`,
      Subject: `${KIND_WORDS[session.kind]}, ${sessionWhen(session.starts, session.ends)}`,
      Author: session.lead ?? 'Staff Passport Kiosk',
      Creator: 'Staff Passport Kiosk',
      CreationDate: new Date(opts.generatedAt),
      ModDate: new Date(opts.generatedAt),
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('regular', loadFont(path.join(opts.fontsDir, 'DejaVuSans.ttf')));
  doc.registerFont('bold', loadFont(path.join(opts.fontsDir, 'DejaVuSans-Bold.ttf')));
  const glyphs: Record<FontName, GlyphFont> = {
    regular: currentGlyphFont(doc.font('regular')),
    bold: currentGlyphFont(doc.font('bold')),
  };
  const lineHeight = (p: Pick<Piece, 'font' | 'size'>): number => doc.font(p.font).fontSize(p.size).currentLineHeight(true);
  const pieceHeight = (p: Piece, width: number): number => {
    doc.font(p.font).fontSize(p.size);
    return Math.min(doc.heightOfString(p.text, { width }), p.maxLines * lineHeight(p));
  };
  const drawPiece = (p: Piece, x: number, y: number, width: number): number => {
    const h = pieceHeight(p, width);
    doc
      .font(p.font)
      .fontSize(p.size)
      .fillColor(p.color)
      // The height cuts the text at maxLines with an ellipsis: a long name never runs into the next row or column.
      .text(p.text, x, y, { width, height: h + 0.5, ellipsis: true, lineBreak: true });
    return h;
  };
  const fit = (raw: string, font: FontName): { text: string; lossy: boolean } => printableText(raw, glyphs[font]);

  // --- Page furniture -------------------------------------------------------
  const title = fit(session.title, 'bold');
  const room = session.room === null ? null : fit(session.room, 'regular');
  const lead = session.lead === null ? null : fit(session.lead, 'regular');
  const when = sessionWhen(session.starts, session.ends);

  const drawFirstHeader = (lossyLines: number): number => {
    let y = TOP;
    y += drawPiece({ text: 'INDUCTION REGISTER', font: 'bold', size: 8, color: GREY, maxLines: 1 }, LEFT, y, TABLE_W) + 2;
    y += drawPiece({ text: title.text, font: 'bold', size: 16, color: INK, maxLines: 3 }, LEFT, y, TABLE_W) + 4;
    y += drawPiece({ text: `${KIND_WORDS[session.kind]}  ·  ${when}`, font: 'regular', size: 10.5, color: INK, maxLines: 2 }, LEFT, y, TABLE_W) + 2;
    const facts = keepTogether([
      `Room: ${room?.text ?? 'not given'}`,
      `Lead: ${lead?.text ?? 'not given'}`,
      ...(session.capacity !== null ? [`Capacity: ${session.capacity}`] : []),
      `Late after ${session.graceMinutes} min`,
    ]);
    y += drawPiece({ text: facts, font: 'regular', size: 10, color: INK, maxLines: 3 }, LEFT, y, TABLE_W) + 2;
    const state = session.state === 'closed' && session.closedAt ? `Closed ${londonShortDateTime(session.closedAt)}` : 'Open: not final until closed';
    const meta = keepTogether([`Session ${session.id}`, state, `Generated ${londonShortDateTime(opts.generatedAt)}`, 'Times are UK time']);
    y += drawPiece({ text: meta, font: 'regular', size: 8, color: GREY, maxLines: 2 }, LEFT, y, TABLE_W) + 2;
    if (title.lossy || room?.lossy || lead?.lossy) {
      const note = `Some characters in the title, room or lead cannot be printed (shown as ${MISSING_MARK}): see the JSON export.`;
      y += drawPiece({ text: note, font: 'regular', size: 8, color: INK, maxLines: 2 }, LEFT, y, TABLE_W) + 2;
    }
    if (lossyLines > 0) {
      const who = lossyLines === 1 ? '1 line below has' : `${lossyLines} lines below have`;
      const note = `${who} characters this font cannot print (shown as ${MISSING_MARK}); the CSV export has them exactly.`;
      y += drawPiece({ text: note, font: 'bold', size: 8, color: INK, maxLines: 2 }, LEFT, y, TABLE_W) + 2;
    }
    // Counts by status, in a shaded band.
    const counts = keepTogether([
      ...STATUS_ORDER.map((s) => `${STATUS_WORDS[s]} ${register.counts[s] ?? 0}`),
      `Total ${register.people.length}`,
    ]);
    const countsPiece: Piece = { text: counts, font: 'regular', size: 9.5, color: INK, maxLines: 3 };
    const bandH = pieceHeight(countsPiece, TABLE_W - 2 * PAD_X) + 2 * PAD_Y + 1;
    y += 6;
    doc.rect(LEFT, y, TABLE_W, bandH).fill(SHADE);
    drawPiece(countsPiece, LEFT + PAD_X, y + PAD_Y + 1, TABLE_W - 2 * PAD_X);
    return y + bandH + 10;
  };

  const drawContinuationHeader = (): number => {
    const text = `${title.text}  ·  ${when}  (continued)`;
    return TOP + drawPiece({ text, font: 'regular', size: 8, color: GREY, maxLines: 1 }, LEFT, TOP, TABLE_W) + 6;
  };

  const drawTableHeader = (y: number): number => {
    const pieces = REGISTER_PDF_COLUMNS.map((c) => ({ text: c.title, font: 'bold' as const, size: 8, color: INK, maxLines: 2 }));
    const h = Math.max(...pieces.map((p, i) => pieceHeight(p, REGISTER_PDF_COLUMNS[i]!.width - 2 * PAD_X))) + 2 * PAD_Y;
    doc.rect(LEFT, y, TABLE_W, h).fill(SHADE);
    pieces.forEach((p, i) => drawPiece(p, REGISTER_PDF_COLUMNS[i]!.x + PAD_X, y + PAD_Y, REGISTER_PDF_COLUMNS[i]!.width - 2 * PAD_X));
    drawGrid(y, h);
    return y + h;
  };

  const drawGrid = (y: number, h: number): void => {
    doc.lineWidth(0.5).strokeColor(RULE);
    doc.rect(LEFT, y, TABLE_W, h).stroke();
    for (const c of REGISTER_PDF_COLUMNS.slice(1)) doc.moveTo(c.x, y).lineTo(c.x, y + h).stroke();
  };

  // --- The table -------------------------------------------------------------
  const cellsFor = (p: RegisterLine): { cells: Record<ColumnKey, Piece[]>; lossy: boolean } => {
    const small = (text: string, maxLines = 3, color = GREY): Piece => ({ text, font: 'regular', size: 7, color, maxLines });
    const name = fit(p.name, 'regular');
    const group = p.staffGroup === null ? null : fit(p.staffGroup, 'regular');
    const markedBy = p.markedBy === null ? null : fit(p.markedBy, 'regular');
    const markReason = p.markReason === null ? null : fit(p.markReason, 'regular');
    const prior = p.priorInduction?.byName === undefined ? null : fit(p.priorInduction.byName, 'regular');
    const lossy = name.lossy || !!group?.lossy || !!markedBy?.lossy || !!markReason?.lossy || !!prior?.lossy;

    // Names are at most 120 characters (sessions.md): twelve lines hold one even in the widest letters, so a name prints in full.
    const nameCell: Piece[] = [{ text: name.text, font: 'regular', size: 9, color: INK, maxLines: 12 }];
    if (p.row === null) nameCell.push(small('Walk-in (not on the roster)', 1));
    if (lossy) nameCell.push(small(`Some characters cannot be printed (shown as ${MISSING_MARK}): see the CSV.`, 3, INK));

    const groupCell: Piece[] = [];
    if (group) groupCell.push({ text: group.text, font: 'regular', size: 8, color: INK, maxLines: 6 });
    if (p.issuer) groupCell.push(small(p.issuer, 1));

    const statusCell: Piece[] = [{ text: STATUS_WORDS[p.status], font: 'bold', size: 8.5, color: INK, maxLines: 2 }];
    if (markedBy || markReason) statusCell.push(small(`Marked by ${markedBy?.text ?? 'the lead'}: ${markReason?.text ?? ''}`, 4));
    if (p.priorInduction) {
      const by = prior ? `${prior.text} (${p.priorInduction.by})` : p.priorInduction.by;
      statusCell.push(small(`Inducted by ${by}, ${shortDate(p.priorInduction.completed)}`, 3));
    }
    if (p.arrivedAt !== null && (p.outcome === 'refer' || p.outcome === 'not-cleared')) {
      statusCell.push(small(`Scan: ${OUTCOME_WORDS[p.outcome]}`, 1, INK));
    }

    const arrivedCell: Piece[] =
      p.arrivedAt === null
        ? [{ text: '—', font: 'regular', size: 8.5, color: GREY, maxLines: 1 }]
        : [{ text: londonHourMinute(p.arrivedAt), font: 'regular', size: 8.5, color: INK, maxLines: 1 }];
    if (p.arrivedAt !== null && p.late) arrivedCell.push({ text: 'late', font: 'bold', size: 8, color: INK, maxLines: 1 });

    // Row numbers shrink to fit rather than be cut: "1234" must never print as "1…".
    const rowText = p.row === null ? '—' : String(p.row);
    const rowRoom = REGISTER_PDF_COLUMNS[0]!.width - 2 * PAD_X;
    const rowWidth = doc.font('regular').fontSize(8.5).widthOfString(rowText);
    const rowSize = rowWidth > rowRoom ? Math.max(4, (8.5 * rowRoom) / rowWidth - 0.1) : 8.5;
    const cells: Record<ColumnKey, Piece[]> = {
      row: [{ text: rowText, font: 'regular', size: rowSize, color: p.row === null ? GREY : INK, maxLines: 1 }],
      name: nameCell,
      group: groupCell,
      status: statusCell,
      arrived: arrivedCell,
      signature: [],
    };
    return { cells, lossy };
  };

  const cellHeight = (pieces: Piece[], width: number): number =>
    pieces.reduce((h, piece, i) => h + pieceHeight(piece, width) + (i > 0 ? 1 : 0), 0);

  // Every line's cells first: the header says how many lines have characters that cannot be printed.
  const lines = register.people.map(cellsFor);
  const lossyLines = lines.filter((l) => l.lossy).length;

  doc.addPage();
  let y = drawFirstHeader(lossyLines);
  y = drawTableHeader(y);
  for (const { cells } of lines) {
    const rowH = Math.max(MIN_ROW_H, ...REGISTER_PDF_COLUMNS.map((c) => cellHeight(cells[c.key], c.width - 2 * PAD_X) + 2 * PAD_Y));
    if (y + rowH > PAGE_H - BOTTOM) {
      doc.addPage();
      y = drawTableHeader(drawContinuationHeader());
    }
    for (const c of REGISTER_PDF_COLUMNS) {
      let cy = y + PAD_Y;
      for (const piece of cells[c.key]) cy += drawPiece(piece, c.x + PAD_X, cy, c.width - 2 * PAD_X) + 1;
    }
    drawGrid(y, rowH);
    y += rowH;
  }
  if (register.people.length === 0) {
    drawPiece({ text: 'Nobody is on this register yet.', font: 'regular', size: 9, color: GREY, maxLines: 1 }, LEFT + PAD_X, y + PAD_Y, TABLE_W);
  }

  // --- Footers: "Page N of M" once the number of pages is known -----------------
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    const pageText = `Page ${i - start + 1} of ${count}`;
    doc.font('regular').fontSize(8).fillColor(GREY);
    const pageW = doc.widthOfString(pageText);
    doc.text(pageText, PAGE_W - RIGHT - pageW, FOOTER_Y, { lineBreak: false });
    drawPiece(
      { text: `Induction register · ${title.text} · ${londonLongDate(session.starts)}`, font: 'regular', size: 7.5, color: GREY, maxLines: 1 },
      LEFT,
      FOOTER_Y + 0.5,
      TABLE_W - pageW - 16,
    );
    doc.page.margins = margins;
  }
  doc.end();
  return done;
}
