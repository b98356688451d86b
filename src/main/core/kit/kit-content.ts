/**
 * What an Emergency Kit or a Recovery Kit says, independent of how it is drawn. The PDF
 * (kit-pdf.ts) and the printed page (kit-html.ts) both render this one description, so
 * what is saved and what is printed cannot drift apart.
 */
import type { RecoveryCheckKind } from '../../../shared/server-api/recovery';

export interface KitField {
  label: string;
  value: string;
  /** Secrets are set large, in a monospaced face, split at their group separators. */
  secret?: boolean;
  /** A blank line for the user to write on (the account password is never printed). */
  writeIn?: boolean;
}

export interface KitContent {
  kind: 'emergency' | 'recovery';
  title: string;
  intro: string;
  fields: KitField[];
  notes: string[];
  createdAt: Date;
}

export interface EmergencyKitInput {
  email: string;
  secretKey: string;
  signInAddress: string;
  createdAt: Date;
}

export interface RecoveryKitInput {
  email: string;
  recoveryCode: string;
  signInAddress: string;
  /** The identity checks a recovery asks for after the code (the server's current choice: one of them). */
  checks: readonly RecoveryCheckKind[];
  createdAt: Date;
}

const checkWords: Record<RecoveryCheckKind, string> = {
  email: 'access to this email address',
  authenticator: 'a code from your authenticator app',
  securityKey: 'one of your security keys',
};

/** What else a recovery asks for, as the owner chose it in Sign-In & Recovery. */
export function identityCheckNote(checks: readonly RecoveryCheckKind[]): string {
  const words = checks.map((check) => checkWords[check]);
  if (words.length <= 1) return `You also need ${words[0] ?? checkWords.email}.`;
  return `You also need one of these: ${words.slice(0, -1).join(', ')} or ${words.at(-1)}.`;
}

export function emergencyKitContent({ email, secretKey, signInAddress, createdAt }: EmergencyKitInput): KitContent {
  return {
    kind: 'emergency',
    title: 'Latchkey Emergency Kit',
    intro: 'Everything you need to sign in to your Latchkey account on a new device. Keep it somewhere safe, such as with your passport or other important papers.',
    fields: [
      { label: 'Sign-in address', value: signInAddress },
      { label: 'Email address', value: email },
      { label: 'Secret Key', value: secretKey, secret: true },
      { label: 'Account password', value: '', writeIn: true },
    ],
    notes: [
      'Your Secret Key was made on your device and is never sent to Latchkey. We cannot recover it for you.',
      'Anyone who has this kit and your account password can sign in to your account. Do not store it on a shared computer or in email.',
      'If you change your Secret Key, this kit stops working: save or print the new one.',
    ],
    createdAt,
  };
}

export function recoveryKitContent({ email, recoveryCode, signInAddress, checks, createdAt }: RecoveryKitInput): KitContent {
  return {
    kind: 'recovery',
    title: 'Latchkey Recovery Kit',
    intro: 'Your way back into your account if you forget your account password or lose your Secret Key. Keep it somewhere safe, outside Latchkey.',
    fields: [
      { label: 'Sign-in address', value: signInAddress },
      { label: 'Account', value: email },
      { label: 'Recovery code', value: recoveryCode, secret: true },
    ],
    notes: [
      `To use it: on the sign-in screen choose "Having trouble signing in?", then "Use recovery code". ${identityCheckNote(checks)}`,
      'Using the code gives you a new account password and a new Secret Key. Setting it up changed neither.',
      'Two-step verification still protects your data: after recovery you still need your second factor to open your vaults.',
      'The code stays valid after you use it. Setting up a new code replaces this one.',
      'In a Families account, if a Family Organizer recovers your account instead, this code stops working.',
    ],
    createdAt,
  };
}

/** The name a save dialog suggests, e.g. "Latchkey Recovery Kit - alice@example.com.pdf". */
export function suggestedKitFileName(content: KitContent, email: string): string {
  // Path separators, control characters and what Windows forbids in file names become "_".
  const safeEmail = Array.from(email, (char) => (char < ' ' || '\\/:*?"<>|'.includes(char) ? '_' : char)).join('');
  return `${content.title} - ${safeEmail}.pdf`;
}

/**
 * The largest size, up to `largest` points (in tenths), at which a secret `widthAtOnePoint`
 * wide at 1 pt fits `width` points on one line, so that a copy from the kit is the whole secret.
 */
export function secretSize(widthAtOnePoint: number, width: number, largest = 17): number {
  return Math.min(largest, Math.floor((10 * width) / widthAtOnePoint) / 10);
}

/** The advance of one character of DejaVu Sans Mono (the kits' monospaced font), in ems. */
export const MONO_ADVANCE = 0.602;

export function formatKitDate(date: Date): string {
  return date.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}
