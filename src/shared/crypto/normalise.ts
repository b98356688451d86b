/** Text normalisation of the user's credentials before they enter key derivation. */

/** NFKD, then trim (ECMAScript String.prototype.trim: white space and line terminators). */
export function normalisePassword(password: string): string {
  return password.normalize('NFKD').trim();
}

/** Trim, lower-case (Unicode default case mapping, locale-independent), then NFKD. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase().normalize('NFKD');
}
