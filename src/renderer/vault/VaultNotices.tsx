/**
 * The vault screen's notice of what the device would not take from the sync server: vaults not
 * in the account's signed list, its own vaults the server stopped listing (kept on this device),
 * a signed list that did not verify or went back, item changes it refused, and items the server
 * left out without a signed deletion. Plain words; the vault ids let the user tell them apart.
 */
import type { ResponseOf } from '../../shared/ipc/contract';

type Notice = ResponseOf<'vault.open'>['notices'][number];

const WORDS: Record<Notice['kind'], string> = {
  'refused-vault': 'Refused: the server offered a vault this account never signed for. It was not opened and nothing was saved to it.',
  'unavailable-vault': 'Unavailable: the server did not list this vault. It is kept on this device.',
  'refused-list': 'Refused: the list of your vaults on the server is not one your account signed, or is older than one this device has seen. No new vault was opened.',
  'refused-item': 'Refused: the server sent an item change no one with this vault\'s key made (an older copy than this device has seen, a copy that does not open, or a deletion without its signature). The copy on this device is kept.',
  'missing-item': 'Missing: the server left out items this device has seen, and nobody with this vault\'s key deleted them. Keep this device signed in, and ask the other people with access to check theirs.',
};

export function VaultNotices({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <ul className="notice" aria-label="Vault warnings">
      {notices.map((notice) => (
        <li key={`${notice.kind}:${notice.vaultId ?? ''}`}>
          {WORDS[notice.kind]}
          {notice.vaultId !== null && <span className="hint"> (vault {notice.vaultId})</span>}
        </li>
      ))}
    </ul>
  );
}
