/**
 * The text of the QR code in an image the user chose (a screenshot of a site's two-step setup
 * page), decoded here in the renderer with jsQR from the pixels a canvas gives. The image never
 * leaves the window; only the text (an otpauth:// link) is read further.
 */
import jsQR from 'jsqr';

/** Larger files are refused before they are read; larger images are scaled down to this side. */
export const QR_IMAGE_MAX_BYTES = 20 * 1024 * 1024;
const MAX_SIDE = 2000;

export type QrReading = { ok: true; text: string } | { ok: false; error: 'qr-too-large' | 'qr-not-an-image' | 'qr-none' };

export async function readQrImage(file: Blob): Promise<QrReading> {
  if (file.size > QR_IMAGE_MAX_BYTES) return { ok: false, error: 'qr-too-large' };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { ok: false, error: 'qr-not-an-image' };
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return { ok: false, error: 'qr-not-an-image' };
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const pixels = context.getImageData(0, 0, width, height);
  const code = jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' });
  return code === null || code.data === '' ? { ok: false, error: 'qr-none' } : { ok: true, text: code.data };
}
