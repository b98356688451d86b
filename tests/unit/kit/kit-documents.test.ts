import { execFileSync } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { emergencyKitContent, identityCheckNote, recoveryKitContent, suggestedKitFileName } from '../../../src/main/core/kit/kit-content';
import { renderKitHtml } from '../../../src/main/core/kit/kit-html';
import { renderKitPdf } from '../../../src/main/core/kit/kit-pdf';

const code = 'R1-ABCDE-FGHJK-MNPQR-STVWX-Y0123-45678-9ABCD-EFGHJ-KMNPQ-RSTVW-XY012-34567-89ABC';
const createdAt = new Date('2026-11-25T12:00:00Z');

/** The text a PDF reader extracts (poppler's pdftotext, fed on stdin: no file is written), with line breaks folded. */
function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('kit documents', () => {
  it('puts the whole recovery code, the account and the guidance on one PDF page', async () => {
    const pdf = await renderKitPdf(recoveryKitContent({ email: 'zoë@exämple.com', signInAddress: 'https://sync.example', recoveryCode: code, checks: ['email'], createdAt }));
    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBe(1);
    expect(document.getTitle()).toBe('Latchkey Recovery Kit');
    const text = pdfText(pdf);
    // On one line: a copy from the PDF is the whole code, dashes and all.
    expect(text).toContain(code);
    expect(text).toContain('zoë@exämple.com');
    expect(text).toContain('Use recovery code');
    expect(text).toContain('stays valid after you use it');
    expect(text).toContain('Created 25 November 2026');
    expect(text).toContain('https://sync.example');
    // The Secret Key and the password have no place on a Recovery Kit.
    expect(text).not.toMatch(/secret key:|SECRET KEY|ACCOUNT PASSWORD/);
  });

  it('puts the Secret Key, sign-in address and a blank for the password in the Emergency Kit', async () => {
    const secretKey = 'K1-7QX2M4-ABCDEF-GHJKM-NPQRS-TVWXY-01234';
    const pdf = await renderKitPdf(emergencyKitContent({ email: 'alice@example.com', secretKey, signInAddress: 'https://sync.example', createdAt }));
    const text = pdfText(pdf);
    expect(text).toContain(secretKey);
    expect(text).toContain('https://sync.example');
    expect(text).toContain('ACCOUNT PASSWORD');
  });

  it('names the identity checks the owner chose for after the code, not always the email', async () => {
    expect(identityCheckNote(['email'])).toBe('You also need access to this email address.');
    expect(identityCheckNote(['authenticator'])).toBe('You also need a code from your authenticator app.');
    expect(identityCheckNote(['email', 'authenticator', 'securityKey'])).toBe(
      'You also need one of these: access to this email address, a code from your authenticator app or one of your security keys.',
    );
    const text = pdfText(await renderKitPdf(recoveryKitContent({ email: 'a@example.com', signInAddress: 'https://sync.example', recoveryCode: code, checks: ['securityKey'], createdAt })));
    expect(text).toContain('You also need one of your security keys.');
    expect(text).not.toContain('access to this email address');
  });

  it('prints the same content as HTML, escaping everything it was given', () => {
    const html = renderKitHtml(recoveryKitContent({ email: '<img src=x onerror=alert(1)>@example.com', signInAddress: 'https://sync.example', recoveryCode: code, checks: ['email'], createdAt }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;@example.com');
    expect(html).toContain("default-src 'none'");
    // The whole code on one line that does not wrap, at a size that fits the printed width.
    expect(html).toMatch(new RegExp(`<div class="secret" style="font-size: (\\d+(\\.\\d)?)pt">${code}</div>`));
    expect(Number(/class="secret" style="font-size: ([\d.]+)pt"/.exec(html)![1]) * code.length * 0.602).toBeLessThanOrEqual(((210 - 40) / 25.4) * 72);
  });

  it('suggests a file name that is safe on every platform', () => {
    const content = recoveryKitContent({ email: 'a/b\\c:d*e?"f<g>h|i\u0001@example.com', signInAddress: 'https://sync.example', recoveryCode: code, checks: ['email'], createdAt });
    expect(suggestedKitFileName(content, 'alice@example.com')).toBe('Latchkey Recovery Kit - alice@example.com.pdf');
    expect(suggestedKitFileName(content, 'a/b\\c:d*e?"f<g>h|i\u0001@example.com')).toBe('Latchkey Recovery Kit - a_b_c_d_e__f_g_h_i_@example.com.pdf');
  });
});
