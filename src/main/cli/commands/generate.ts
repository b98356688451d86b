/** `latchkey generate`: a password from the app's generator, or a passphrase of --words N words (no account needed). */
import { generatePassword, GENERATED_PASSWORD_LENGTH, PASSWORD_CLASSES } from '../../core/vault/password-generator';
import { generatePassphrase, PASSPHRASE_WORDS, passphraseWords } from '../../core/vault/passphrase-generator';
import type { Command, Context } from '../command';
import { usageError } from '../exit';

const MIN_LENGTH = 8;
const MAX_LENGTH = 128;

export const generateCommand: Command = {
  name: 'generate',
  summary: `Prints a new random password: ${GENERATED_PASSWORD_LENGTH} characters without look-alikes, with lower- and upper-case letters, digits and symbols; or with --words N, a passphrase.`,
  details: [
    'A passphrase is N words, each drawn uniformly by the system random generator from a list of 8,192 common English words (3 to 9 letters): 13 bits a word. Its strength is said on stderr.',
    '--json: {"password"}, or with --words {"password", "words", "wordListSize", "entropyBits"}',
    'Example: latchkey generate --words 6 --separator " "',
  ],
  read: true,
  options: {
    length: { type: 'string', value: 'N', help: `how many characters, ${MIN_LENGTH} to ${MAX_LENGTH}` },
    'no-symbols': { type: 'boolean', help: 'letters and digits only' },
    words: { type: 'string', value: 'N', help: `a passphrase of N words, ${PASSPHRASE_WORDS.min} to ${PASSPHRASE_WORDS.max}` },
    separator: { type: 'string', value: 'S', help: 'what goes between the words (default: -)' },
  },
  async run(context) {
    if (context.values.words !== undefined) return passphrase(context);
    if (context.values.separator !== undefined) throw usageError('--separator goes with --words.');
    const length = wholeNumber(context.values.length as string | undefined, GENERATED_PASSWORD_LENGTH, MIN_LENGTH, MAX_LENGTH, '--length');
    const password = generatePassword(length, undefined, context.values['no-symbols'] ? PASSWORD_CLASSES.slice(0, 3) : PASSWORD_CLASSES);
    context.out(context.json ? JSON.stringify({ password }) : password);
  },
};

async function passphrase(context: Context): Promise<void> {
  if (context.values.length !== undefined || context.values['no-symbols']) throw usageError('--words makes a passphrase: it does not take --length or --no-symbols.');
  const count = wholeNumber(context.values.words as string, 0, PASSPHRASE_WORDS.min, PASSPHRASE_WORDS.max, '--words');
  const separator = (context.values.separator as string | undefined) ?? '-';
  if (separator === '' || /[\p{L}\r\n]/u.test(separator)) throw usageError('--separator must be one or more characters that are not letters or line breaks (so the words can be told apart).');
  const words = await passphraseWords();
  const { passphrase: password, entropyBits } = generatePassphrase(words, count, separator);
  const bits = Math.floor(entropyBits);
  if (context.json) return context.out(JSON.stringify({ password, words: count, wordListSize: words.length, entropyBits: bits }));
  context.out(password);
  context.note(`${count} words from a list of ${words.length.toLocaleString('en')}: ${bits} bits.`);
}

function wholeNumber(text: string | undefined, fallback: number, min: number, max: number, flag: string): number {
  const value = Number(text ?? fallback);
  if ((text !== undefined && !/^\d+$/.test(text)) || value < min || value > max) throw usageError(`${flag} must be a whole number from ${min} to ${max}.`);
  return value;
}
