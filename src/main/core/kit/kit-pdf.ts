/**
 * Draws a kit as a one-page A4 PDF with pdf-lib. DejaVu fonts are embedded (subset), so any
 * email address prints, not only those the 14 standard PDF fonts can encode.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatKitDate, secretSize, type KitContent } from './kit-content';

const require = createRequire(import.meta.url);
// Two faces keep the embedding (subsetting) fast: DejaVu Sans for text, DejaVu Sans Mono Bold
// for the secret. The files are read once per run of the app.
let fontFiles: Promise<Buffer[]> | undefined;
const loadFontFiles = () => (fontFiles ??= Promise.all(['DejaVuSans.ttf', 'DejaVuSansMono-Bold.ttf'].map((name) => readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)))));

const page = { width: 595.28, height: 841.89, margin: 56 };
const ink = rgb(0.08, 0.09, 0.11);
const muted = rgb(0.36, 0.39, 0.45);
const rule = rgb(0.8, 0.83, 0.87);

interface Fonts {
  regular: PDFFont;
  mono: PDFFont;
}

export async function renderKitPdf(content: KitContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(content.title);
  pdf.setCreator('Latchkey');
  pdf.setProducer('Latchkey');
  pdf.setCreationDate(content.createdAt);
  pdf.setModificationDate(content.createdAt);
  const [regular, mono] = await Promise.all((await loadFontFiles()).map((bytes) => pdf.embedFont(bytes, { subset: true })));
  const fonts: Fonts = { regular: regular as PDFFont, mono: mono as PDFFont };
  const sheet = pdf.addPage([page.width, page.height]);
  let y = page.height - page.margin;

  y = drawText(sheet, content.title, fonts.regular, 26, y, ink);
  y = drawText(sheet, `Created ${formatKitDate(content.createdAt)}`, fonts.regular, 10, y - 4, muted);
  y = drawParagraph(sheet, content.intro, fonts.regular, 11, y - 14, ink);
  y -= 10;

  for (const field of content.fields) {
    sheet.drawLine({ start: { x: page.margin, y }, end: { x: page.width - page.margin, y }, thickness: 0.75, color: rule });
    y = drawText(sheet, field.label.toUpperCase(), fonts.regular, 9, y - 18, muted);
    if (field.writeIn) {
      y -= 30;
      sheet.drawLine({ start: { x: page.margin, y }, end: { x: page.width - page.margin, y }, thickness: 1, color: ink, dashArray: [2, 3] });
      y -= 8;
    } else if (field.secret) {
      // One line, so that a copy from the PDF is the whole secret: as large as fits the page's width.
      y = drawText(sheet, field.value, fonts.mono, secretSize(fonts.mono.widthOfTextAtSize(field.value, 1), page.width - 2 * page.margin), y - 8, ink) - 10;
    } else {
      y = drawParagraph(sheet, field.value, fonts.regular, 13, y - 4, ink) - 8;
    }
  }
  sheet.drawLine({ start: { x: page.margin, y }, end: { x: page.width - page.margin, y }, thickness: 0.75, color: rule });
  y -= 12;
  for (const note of content.notes) y = drawParagraph(sheet, `•  ${note}`, fonts.regular, 10, y - 4, ink) - 2;

  return pdf.save();
}

/** One line of text; returns the baseline of the next line. */
function drawText(sheet: PDFPage, text: string, font: PDFFont, size: number, top: number, color: ReturnType<typeof rgb>): number {
  const baseline = top - size;
  sheet.drawText(text, { x: page.margin, y: baseline, size, font, color });
  return baseline - size * 0.35;
}

/** Text wrapped at word boundaries to the page's width; returns where the next block starts. */
function drawParagraph(sheet: PDFPage, text: string, font: PDFFont, size: number, top: number, color: ReturnType<typeof rgb>): number {
  const width = page.width - 2 * page.margin;
  let line = '';
  let y = top;
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      y = drawText(sheet, line, font, size, y, color) - 2;
      line = word;
    } else line = candidate;
  }
  return line ? drawText(sheet, line, font, size, y, color) : y;
}
