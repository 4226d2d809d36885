/**
 * Text for the printed register: what the embedded font can show, and a
 * visible mark where it cannot. A PDF font without a glyph prints nothing
 * or an empty box, so a name would lose letters without anyone noticing;
 * sessions.md says such a character is never dropped silently — the line
 * says so and points to the CSV, which has the name exactly.
 */

/** The part of a fontkit font the check needs (pdfkit embeds fonts with fontkit). */
export interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/** Printed in place of characters the font cannot show: U+FFFD, the Unicode replacement character. */
export const MISSING_MARK = '\ufffd';

export interface PrintableText {
  text: string;
  /** True when at least one character was replaced by MISSING_MARK. */
  lossy: boolean;
}

/** Controls and line/paragraph separators print as a space: a cell is laid out by the table, not by the text. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Invisible format characters (ZWJ, variation selectors…): nothing is lost when the font has no glyph for them. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

/**
 * Make `raw` printable with `font`: NFC (so accents use the font's
 * precomposed letters), control characters as spaces, and each run of
 * characters the font lacks — with any invisible joiners or variation
 * selectors inside or right after it — replaced by one MISSING_MARK.
 */
export function printableText(raw: string, font: GlyphFont): PrintableText {
  let out = '';
  let lossy = false;
  let inMissing = false;
  for (const ch of raw.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (CONTROL.test(ch)) {
      out += ' ';
      inMissing = false;
    } else if (IGNORABLE.test(ch)) {
      // Part of an emoji or a joined sequence: belongs to the missing run; otherwise keep it only if it is in the font.
      if (!inMissing && font.hasGlyphForCodePoint(cp)) out += ch;
    } else if (font.hasGlyphForCodePoint(cp)) {
      out += ch;
      inMissing = false;
    } else {
      if (!inMissing) out += MISSING_MARK;
      inMissing = true;
      lossy = true;
    }
  }
  return { text: out, lossy };
}

/** The fontkit font behind pdfkit's current font: checked at run time, since it is pdfkit's private field. */
export function currentGlyphFont(doc: unknown): GlyphFont {
  const font = (doc as { _font?: { font?: Partial<GlyphFont> } })._font?.font;
  if (!font || typeof font.hasGlyphForCodePoint !== 'function') {
    // A pdfkit upgrade that moves this must fail loudly, never print names with letters missing.
    throw new Error('pdfkit no longer exposes the embedded font (doc._font.font); the register PDF cannot check glyphs — update pdf-text.ts');
  }
  return font as GlyphFont;
}
