/**
 * Draws a kit as a self-contained printable HTML page (A4). It is what the print dialog
 * prints and what the in-app preview shows a picture of. It runs no script and loads
 * nothing: its own CSP says so.
 */
import { formatKitDate, MONO_ADVANCE, secretSize, type KitContent } from './kit-content';

/** The printed page's width inside its margins: A4 less 2 × 20 mm, in points. */
const TEXT_WIDTH_PT = ((210 - 2 * 20) / 25.4) * 72;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const style = `
@page { size: A4; margin: 20mm; }
/* On screen (the preview) the page is drawn at A4 size with the print margins as padding. */
@media screen { html { width: 210mm; min-height: 297mm; box-sizing: border-box; } body { padding: 20mm; } }
html { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: #15181d; background: #fff; }
body { margin: 0; }
h1 { font-size: 24pt; margin: 0; }
.created { color: #5b6472; font-size: 10pt; margin: 2pt 0 14pt; }
.intro { font-size: 11pt; margin: 0 0 10pt; }
.field { border-top: 0.75pt solid #ccd3dd; padding: 8pt 0 10pt; }
.label { color: #5b6472; font-size: 9pt; font-weight: bold; letter-spacing: 0.04em; text-transform: uppercase; }
.value { font-size: 13pt; margin-top: 3pt; overflow-wrap: anywhere; }
.secret { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-weight: bold; line-height: 1.6; margin-top: 4pt; white-space: nowrap; }
.write-in { border-bottom: 1pt dashed #15181d; height: 30pt; }
ul { border-top: 0.75pt solid #ccd3dd; margin: 0; padding: 10pt 0 0 14pt; font-size: 10pt; }
li { margin-bottom: 4pt; }
`;

export function renderKitHtml(content: KitContent): string {
  const fields = content.fields
    .map((field) => {
      const value = field.writeIn
        ? '<div class="write-in"></div>'
        : field.secret
          ? `<div class="secret" style="font-size: ${secretSize(field.value.length * MONO_ADVANCE, TEXT_WIDTH_PT)}pt">${escapeHtml(field.value)}</div>`
          : `<div class="value">${escapeHtml(field.value)}</div>`;
      return `<section class="field"><div class="label">${escapeHtml(field.label)}</div>${value}</section>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(content.title)}</title><style>${style}</style></head>
<body><h1>${escapeHtml(content.title)}</h1>
<p class="created">Created ${escapeHtml(formatKitDate(content.createdAt))}</p>
<p class="intro">${escapeHtml(content.intro)}</p>
${fields}
<ul>${content.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>
</body></html>`;
}
