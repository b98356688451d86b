/** The window's sidebar: the unlocked accounts, this account's vaults, the categories, Password Health, Recently Deleted and Settings. */
import type { ResponseOf } from '../../shared/ipc/contract';
import type { Category } from '../vault/rows';
import { CATEGORY_NAMES } from '../vault/VaultScreen';
import type { VaultListing } from '../vault/use-vaults';

type Account = ResponseOf<'accounts.list'>['accounts'][number];
/** 'import': Import… into the vault shown, from the empty vault's invitation. */
export type WindowView = { kind: 'items'; category: Category } | { kind: 'health' } | { kind: 'settings' } | { kind: 'app-settings' } | { kind: 'import' };

const SHOWN_CATEGORIES: Category[] = ['all', 'favourites', 'login', 'note', 'card', 'identity', 'password'];
const current = (on: boolean) => (on ? 'page' : undefined);

export function Sidebar(props: { accounts: Account[]; accountId: string; listing: VaultListing | null; view: WindowView; onAccount: (account: Account) => void; onVault: (vaultId: string) => void; onView: (view: WindowView) => void }) {
  const { view, listing, onView } = props;
  const category = view.kind === 'items' ? view.category : null;
  const entry = (label: string, to: WindowView, on: boolean) => (
    <li key={label}>
      <button type="button" aria-current={current(on)} onClick={() => onView(to)}>
        {label}
      </button>
    </li>
  );
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <ul aria-label="Accounts">
        {props.accounts
          .filter((account) => account.unlocked)
          .map((account) => (
            <li key={account.accountId}>
              <button type="button" className="sidebar-account" aria-current={current(account.accountId === props.accountId)} onClick={() => props.onAccount(account)}>
                {account.name}
              </button>
            </li>
          ))}
      </ul>
      {listing && (
        <nav aria-labelledby="sidebar-vaults">
          <p className="sidebar-label" id="sidebar-vaults">
            Vaults
          </p>
          <ul>
            {listing.vaults.map((vault) => (
              <li key={vault.vaultId}>
                <button type="button" aria-current={current(category !== null && vault.vaultId === listing.vaultId)} onClick={() => props.onVault(vault.vaultId)}>
                  {vault.name}
                  {vault.shared && <span className="hint"> (shared)</span>}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <p className="sidebar-label" id="sidebar-categories">
        Categories
      </p>
      <ul aria-labelledby="sidebar-categories">{SHOWN_CATEGORIES.map((name) => entry(CATEGORY_NAMES[name], { kind: 'items', category: name }, category === name))}</ul>
      <ul aria-label="More">
        {entry('Password Health', { kind: 'health' }, view.kind === 'health')}
        {entry(CATEGORY_NAMES.trash, { kind: 'items', category: 'trash' }, category === 'trash')}
        {entry('Settings', { kind: 'settings' }, view.kind === 'settings' || view.kind === 'app-settings')}
      </ul>
    </nav>
  );
}
