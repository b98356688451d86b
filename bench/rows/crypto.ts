/**
 * The crypto rows (group `crypto`): one Argon2id; unlock-to-searchable at 10,000 items against
 * kdbxweb opening a KDBX 4 file of the same entries with the same Argon2id; the same with the
 * checks against a lying server, paired; the same from its Argon2id's end against the AEAD-only
 * floor, paired (with the sub-floors between them in a note); the recovery-code setup's crypto; one search keystroke; the
 * Recovery Kit PDF.
 */
import { kdbxweb } from '../../src/main/core/transfer/kdbx-engine';
import { utf8 } from '../../src/shared/crypto/bytes';
import { formatRecoveryCode, generateRecoveryCode } from '../../src/shared/crypto/recovery-code';
import { createOpaqueServerSetup, opaqueServerRegistrationResponse } from '../../src/shared/crypto/opaque-server';
import { argon2id } from '../../src/main/core/crypto/argon2';
import { finishRecoverySetup, startRecoverySetup } from '../../src/main/core/crypto/recovery';
import { systemRandom } from '../../src/main/core/crypto/sodium';
import { recoveryKitContent } from '../../src/main/core/kit/kit-content';
import { renderKitPdf } from '../../src/main/core/kit/kit-pdf';
import { PARAMS, prepareCryptoUnlock, type SubFloor } from '../crypto-unlock';
import { benchKdbx } from '../keepassxc';
import { BENCH_EMAIL, BENCH_ITEMS, BENCH_PASSWORD, BENCH_RUNS, k } from './common';
import { collectGarbage, FRAME, list, measure, median, ms, spreadOf, time, type Group } from '../report';

const CHECK_PAIRS = 15;
const FLOOR_PAIRS = 7;
const SUB_FLOORS: readonly SubFloor[] = ['parse', 'index', 'least'];
export const TYPED = 'bank account 12';

export async function cryptoRows(): Promise<Group> {
  const { unlock, floor, subFloor, accountId, accountKey } = await prepareCryptoUnlock(BENCH_ITEMS, BENCH_PASSWORD, BENCH_EMAIL);
  const credentials = () => new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(BENCH_PASSWORD));
  const kdbxFile = await benchKdbx(BENCH_ITEMS, BENCH_PASSWORD);
  const kdbxUnlock = async () => (await kdbxweb.Kdbx.load(kdbxFile, credentials())).getDefaultGroup().entries.length;
  if ((await unlock()).size !== BENCH_ITEMS || (await unlock(true)).size !== BENCH_ITEMS || (await kdbxUnlock()) !== BENCH_ITEMS) throw new Error('setup check failed');

  const argonMs = await measure(BENCH_RUNS, () => argon2id(utf8(BENCH_PASSWORD), systemRandom(32), PARAMS));
  let index: Awaited<ReturnType<typeof unlock>> | undefined;
  const latchkeyMs = await measure(BENCH_RUNS, async () => {
    index = await unlock();
  });
  const kdbxMs = await measure(BENCH_RUNS, kdbxUnlock);

  // The checks against a lying server, paired: each checked unlock next to an unchecked one (which goes first alternates), so both meet the same load.
  const plainRuns: number[] = [];
  const checkedRuns: number[] = [];
  for (let i = 0; i < CHECK_PAIRS; i++) {
    if (i % 2 === 0) plainRuns.push(await time(() => unlock()));
    checkedRuns.push(await time(() => unlock(true)));
    if (i % 2 === 1) plainRuns.push(await time(() => unlock()));
  }
  const checkedRatios = checkedRuns.map((checked, i) => checked / plainRuns[i]!).sort((a, b) => a - b);
  const checksCostMs = median(checkedRuns.map((checked, i) => checked - plainRuns[i]!));

  // The AEAD-only floor, paired: each unlock (from its Argon2id's end to searchable) right after one floor run, and between
  // them the sub-floors (bench/crypto-unlock.ts), printed in a note so the reader sees where the time beyond the floor goes.
  const floorMs: number[] = [];
  const afterDerivationMs: number[] = [];
  const subFloorMs = new Map(SUB_FLOORS.map((upTo) => [upTo, [] as number[]]));
  for (let i = 0; i < FLOOR_PAIRS; i++) {
    collectGarbage();
    floorMs.push(floor());
    for (const upTo of SUB_FLOORS) {
      collectGarbage();
      subFloorMs.get(upTo)!.push(subFloor(upTo));
    }
    collectGarbage();
    afterDerivationMs.push((await unlock()).afterDerivationMs);
  }
  const floorRatios = afterDerivationMs.map((x, i) => x / floorMs[i]!);
  const subFloorRatio = (upTo: SubFloor) => `${median(subFloorMs.get(upTo)!.map((x, i) => x / floorMs[i]!)).toFixed(2)} ×`;

  const opaqueServerSetup = createOpaqueServerSetup();
  const recoverySetup = () => {
    const code = generateRecoveryCode(systemRandom);
    const { keys, registration } = startRecoverySetup(code);
    const { registrationResponse } = opaqueServerRegistrationResponse({ serverSetup: opaqueServerSetup, userIdentifier: `recovery:${accountId}`, registrationRequest: registration.registrationRequest });
    finishRecoverySetup({ keys, clientRegistrationState: registration.clientRegistrationState, registrationResponse, accountKey, accountId });
    keys.dispose();
    code.canonical.dispose();
  };
  recoverySetup();
  const recoveryMs = await measure(5, recoverySetup);

  const keystrokes: number[] = [];
  for (let n = 1; n <= TYPED.length; n++) keystrokes.push(await measure(5, () => index!.find(TYPED.slice(0, n))));
  const keystrokeMs = Math.max(...keystrokes);

  const kitContent = recoveryKitContent({ email: BENCH_EMAIL, recoveryCode: formatRecoveryCode(generateRecoveryCode(systemRandom)), signInAddress: 'https://sync.example', checks: ['email'], createdAt: new Date() });
  // The first kit of a run also loads the fonts and warms the JIT; it is printed, not judged.
  const kitPdfColdMs = await time(() => renderKitPdf(kitContent));
  for (let i = 0; i < 3; i++) await renderKitPdf(kitContent);
  const kitPdfMs = await measure(5, () => renderKitPdf(kitContent));

  return {
    rows: [
      { name: 'Argon2id derivation (m=64 MiB, t=3, p=4)', value: argonMs, refName: 'itself', ref: argonMs, target: Number.NaN },
      { name: `Unlock-to-searchable, ${BENCH_ITEMS} items`, value: latchkeyMs, refName: 'kdbxweb KDBX4 open', ref: kdbxMs, target: 0.2 },
      { name: `Unlock-to-searchable, ${BENCH_ITEMS} items, signed vault list and state record checked`, value: median(checkedRuns), refName: `same, unchecked, ${CHECK_PAIRS} pairs`, ref: median(plainRuns), target: 1.1, spread: spreadOf(checkedRatios) },
      { name: `Unlock-to-searchable minus its Argon2id, ${k(BENCH_ITEMS)} items`, value: median(afterDerivationMs), refName: `AEAD-only floor, ${FLOOR_PAIRS} pairs`, ref: median(floorMs), target: 2, spread: spreadOf(floorRatios) },
      { name: 'Recovery-code setup crypto', value: recoveryMs, refName: 'one Argon2id', ref: argonMs, target: 1.5 },
      { name: `Search keystroke, ${BENCH_ITEMS} items (worst)`, value: keystrokeMs, refName: FRAME, ref: 16, target: 1 },
      { name: 'Recovery Kit PDF', value: kitPdfMs, refName: '100 ms budget', ref: 100, target: 1 },
    ],
    notes: [
      `keystrokes of "${TYPED}": median ${ms(median(keystrokes))}, worst ${ms(keystrokeMs)}`,
      `unlock excluding Argon2id ≈ ${ms(latchkeyMs - argonMs)}; kdbxweb excluding Argon2id ≈ ${ms(kdbxMs - argonMs)}`,
      `first Recovery Kit PDF of the run (fonts loaded, JIT cold) ${ms(kitPdfColdMs)}`,
      `AEAD-only floor pairs (unlock minus Argon2id / floor): ${list(floorRatios, (r) => r.toFixed(2))}`,
      `beyond the floor (median of each pair's ratio to its floor): + JSON.parse of each overview ${subFloorRatio('parse')}, + the search index ${subFloorRatio('index')}, the whole unlock ${median(floorRatios).toFixed(2)}; without JSON, the least any format must do (title and subtitle decoded, folded, held by id) ${subFloorRatio('least')}`,
      `checked unlock against its unchecked pair (${CHECK_PAIRS} pairs): ${list(checkedRatios, (r) => r.toFixed(3))} (min ${checkedRatios[0]!.toFixed(3)}, max ${checkedRatios.at(-1)!.toFixed(3)}); the checks cost a median ${ms(checksCostMs)}`,
    ],
  };
}
