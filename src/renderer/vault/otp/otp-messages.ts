/** What the screens say for each reason a one-time password setup is refused. */
import type { OtpSetupError } from '../../../shared/vault/otp-setup';
import type { QrReading } from './read-qr-image';

type QrError = Extract<QrReading, { ok: false }>['error'];

export const otpSetupMessages: Record<OtpSetupError | QrError, string> = {
  'otp-empty': 'Paste the setup key or the otpauth:// link the site showed you.',
  'otp-too-long': 'That is too long to be a setup key or an otpauth:// link.',
  'otp-hotp': 'This is a counter-based (HOTP) setup, which Latchkey does not support. Ask the site for the setup of an authenticator app (time-based codes).',
  'otp-not-recognised': 'That is neither a setup key nor an otpauth://totp link. A setup key is at least 16 letters A–Z and digits 2–7 (spaces are fine).',
  'otp-bad-secret': 'The link has no setup key, or its key is not letters A–Z and digits 2–7.',
  'otp-bad-algorithm': 'The link asks for a hash other than SHA-1, SHA-256 or SHA-512, which Latchkey does not support.',
  'otp-bad-digits': 'The link asks for codes of other than 6 or 8 digits, which Latchkey does not support.',
  'otp-bad-period': 'The link asks for codes that change other than every 30 or 60 seconds, which Latchkey does not support.',
  'qr-too-large': 'That file is over 20 MB. Choose a screenshot of just the QR code.',
  'qr-not-an-image': 'That file is not an image Latchkey can read. Choose a PNG, JPEG or WebP picture of the QR code.',
  'qr-none': 'No QR code was found in that image. Choose a sharper picture, or paste the setup key instead.',
};
