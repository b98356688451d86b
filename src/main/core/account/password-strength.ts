/**
 * How hard an account password is to guess (zxcvbn-ts), and whether Latchkey accepts it.
 * It runs in the main process: the dictionaries are large, and the renderer stays small.
 */

/** zxcvbn's scale: 0 (trivial) to 4 (very hard). Accounts need 3 or more. */
export const MINIMUM_PASSWORD_SCORE = 3;

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Why it is refused, or how to make it stronger; empty when there is nothing to say. */
  feedback: string;
}

type StrengthCheck = (password: string, personalWords: string[]) => PasswordStrength;
let check: Promise<StrengthCheck> | undefined;

/**
 * The check, once zxcvbn and its dictionaries have loaded: with the first password checked, not with every start (their
 * loading was about a tenth of a command-line process's start-up).
 */
export function strengthCheck(): Promise<StrengthCheck> {
  return (check ??= loadCheck());
}

export async function passwordStrength(password: string, personalWords: string[]): Promise<PasswordStrength> {
  return (await strengthCheck())(password, personalWords);
}

async function loadCheck(): Promise<StrengthCheck> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
  const factory = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...english.dictionary }, graphs: common.adjacencyGraphs, translations: english.translations });
  return (password, personalWords) => {
    const result = factory.check(password, personalWords.filter((word) => word.length > 0));
    const score = result.score as PasswordStrength['score'];
    const acceptable = score >= MINIMUM_PASSWORD_SCORE;
    const hints = [result.feedback.warning, ...result.feedback.suggestions].filter((hint): hint is string => Boolean(hint));
    const feedback = acceptable ? '' : hints.length > 0 ? hints.join(' ') : 'This password is too easy to guess. Add more words or characters.';
    return { score, acceptable, feedback };
  };
}
