/**
 * Password Health, worked out on the device from the items it holds (no network): weak
 * passwords (zxcvbn score 2 or less, with the account password's meter setup), the same password
 * in several items (as groups), and logins on sites known to offer authenticator codes that hold
 * none. The report names items only; a password never leaves this function.
 */
import type { ItemFields } from '../../../shared/vault/item-fields';
import { strengthCheck } from '../account/password-strength';
import { twoStepSiteOf } from './two-step-sites';

/** Scores 0, 1 and 2 are weak. */
export const WEAK_SCORE_AT_MOST = 2;

export interface HealthItem {
  vaultId: string;
  itemId: string;
  title: string;
}

export interface HealthReport {
  weak: (HealthItem & { score: number })[];
  /** Each group shares one password, two items or more. */
  reused: HealthItem[][];
  missingTwoStep: (HealthItem & { site: string })[];
}

type Checked = HealthItem & { fields: ItemFields };

export async function passwordHealth(items: readonly Checked[]): Promise<HealthReport> {
  const strength = await strengthCheck();
  const byTitle = (a: HealthItem, b: HealthItem) => a.title.localeCompare(b.title) || a.itemId.localeCompare(b.itemId);
  const withPassword = items.flatMap((item) => {
    const password = 'password' in item.fields ? item.fields.password : '';
    return password === '' ? [] : [{ item, password }];
  });
  const weak = withPassword
    .map(({ item, password }) => ({ ...named(item), score: strength(password, personalWords(item)).score }))
    .filter((entry) => entry.score <= WEAK_SCORE_AT_MOST)
    .sort(byTitle);
  const groups = new Map<string, HealthItem[]>();
  for (const { item, password } of withPassword) groups.set(password, [...(groups.get(password) ?? []), named(item)]);
  const reused = [...groups.values()].filter((group) => group.length > 1).map((group) => group.sort(byTitle));
  const missingTwoStep = items.flatMap((item) => {
    if (item.fields.type !== 'login' || item.fields.otp !== '') return [];
    const site = twoStepSiteOf(item.fields.urls);
    return site === null ? [] : [{ ...named(item), site }];
  });
  return { weak, reused: reused.sort((a, b) => b.length - a.length || byTitle(a[0]!, b[0]!)), missingTwoStep: missingTwoStep.sort(byTitle) };
}

function named(item: Checked): HealthItem {
  return { vaultId: item.vaultId, itemId: item.itemId, title: item.title };
}

/** What zxcvbn should treat as guessable for this item: its title and username. */
function personalWords(item: Checked): string[] {
  return [item.title, item.fields.type === 'login' ? item.fields.username : ''];
}
