/** `latchkey generate`: a password from the app's generator (no account needed). */
import { generatePassword, GENERATED_PASSWORD_LENGTH, PASSWORD_CLASSES } from '../../core/vault/password-generator';
import type { Command } from '../command';
import { usageError } from '../exit';

const MIN_LENGTH = 8;
const MAX_LENGTH = 128;

export const generateCommand: Command = {
  name: 'generate',
  summary: `Prints a new random password: ${GENERATED_PASSWORD_LENGTH} characters without look-alikes, with lower- and upper-case letters, digits and symbols.`,
  details: ['--json: {"password"}'],
  read: true,
  options: {
    length: { type: 'string', value: 'N', help: `how many characters, ${MIN_LENGTH} to ${MAX_LENGTH}` },
    'no-symbols': { type: 'boolean', help: 'letters and digits only' },
  },
  async run(context) {
    const lengthText = (context.values.length as string | undefined) ?? String(GENERATED_PASSWORD_LENGTH);
    const length = Number(lengthText);
    if (!/^\d+$/.test(lengthText) || length < MIN_LENGTH || length > MAX_LENGTH) throw usageError(`--length must be a whole number from ${MIN_LENGTH} to ${MAX_LENGTH}.`);
    const password = generatePassword(length, undefined, context.values['no-symbols'] ? PASSWORD_CLASSES.slice(0, 3) : PASSWORD_CLASSES);
    context.out(context.json ? JSON.stringify({ password }) : password);
  },
};
