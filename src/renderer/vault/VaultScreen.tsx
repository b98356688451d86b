/**
 * The window's items view: one vault's items in one category, a search box on top of the
 * virtualised list, and the item detail (or the editor) beside it; making a shared vault and
 * who has access to one take the whole view. Its actions are the window's commands.
 */
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { call, messageOf } from '../ipc/call';
import { ReminderBanner, useCheckUp } from '../recovery/CheckUp';
import { usePainted } from '../app/use-painted';
import { Alert, Field, StepHeading, useAction } from '../ui/forms';
import type { Commands } from '../window/commands';
import { copyField, ItemDetail, type Item } from './ItemDetail';
import { ItemEditor } from './ItemEditor';
import { ItemList } from './ItemList';
import { EmptyTrash } from './trash/EmptyTrash';
import type { Category, Row } from './rows';
import { NewSharedVault, VaultAccess } from './SharedVaults';
import type { VaultListing, Vaults } from './use-vaults';
import { VaultNotices } from './VaultNotices';

type Pane = { kind: 'detail' } | { kind: 'edit'; item: Item | null } | { kind: 'new-shared' } | { kind: 'access' };
export type ItemCommands = Omit<Commands, 'lock'>;

export const OFFLINE_NOTICE = 'Offline: the sync server cannot be reached. These are the items saved on this device; changes cannot be saved until it is back.';
export const CATEGORY_NAMES: Record<Category, string> = { all: 'All items', favourites: 'Favourites', login: 'Logins', note: 'Secure Notes', card: 'Credit Cards', identity: 'Identities', password: 'Passwords', trash: 'Recently Deleted' };

/**
 * Keyed by vault and category: another one starts from an empty search and no selection.
 * Shown once the vaults are open (`listing`, the vault shown and its first rows); until then, VaultOpening.
 * `openItem`: an item to open in the editor as soon as its vault is (the readiness checklist's
 * "Open the login"); `onOpened` says it was. `commands`: where the view puts its actions for the window.
 */
export function VaultScreen(props: {
  accountId: string;
  listing: VaultListing;
  vaults: Vaults;
  category: Category;
  openItem?: { vaultId: string; itemId: string } | undefined;
  onOpened: () => void;
  commands: Ref<ItemCommands>;
  onCheckRecoveryCode: () => void;
  onImport: () => void;
}) {
  const { accountId, listing, vaults, category, openItem } = props;
  const action = useAction();
  // Read once the vault's first rows are on screen, not while that frame is drawn.
  const painted = usePainted();
  const checkUp = useCheckUp(accountId, painted);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Pick<Row, 'itemId' | 'title'> | null>(null);
  const [pane, setPane] = useState<Pane>({ kind: 'detail' });
  const search = useRef<HTMLInputElement>(null);
  const { revision, setMessage, show } = vaults;
  const { vaultId } = listing;
  const { setError, run } = action;

  // The item asked for opens once, when its vault has.
  const { onOpened } = props;
  useEffect(() => {
    if (!openItem) return;
    if (vaultId !== openItem.vaultId) return void show(openItem.vaultId).catch((failure: unknown) => setError(messageOf(failure)));
    onOpened();
    void run(async () => setPane({ kind: 'edit', item: await call('vault.item', { accountId, vaultId, itemId: openItem.itemId }) }));
  }, [accountId, vaultId, openItem, onOpened, show, run, setError]);

  const copy = (field: 'username' | 'password', label: string) => {
    if (!selected) return setMessage('Select an item first.');
    void run(async () => setMessage(await copyField({ accountId, vaultId, itemId: selected.itemId }, selected.title, field, label)));
  };
  useImperativeHandle(props.commands, () => ({
    search: () => search.current?.focus(),
    'new-item': () => setPane({ kind: 'edit', item: null }),
    'copy-password': () => copy('password', 'Password'),
    'copy-username': () => copy('username', 'Username'),
  }));

  const vault = listing.vaults.find((candidate) => candidate.vaultId === vaultId);
  /** Back from the editor or a sheet: the list read again, the status line saying what happened. */
  const done = (message: string, wanted = vaultId) => {
    setPane({ kind: 'detail' });
    void run(() => show(wanted, message));
  };
  if (pane.kind === 'new-shared')
    return <NewSharedVault accountId={accountId} onDone={(created) => (created ? done(`Made the shared vault ${created.name}. Only you can open it until you give others access.`, created.vaultId) : setPane({ kind: 'detail' }))} />;
  if (pane.kind === 'access' && vault) return <VaultAccess accountId={accountId} vault={vault} onDone={() => done('')} />;

  let detail;
  if (pane.kind === 'edit')
    detail = (
      <ItemEditor
        key={pane.item?.itemId ?? 'new'}
        accountId={accountId}
        vaultId={vaultId}
        item={pane.item}
        onDone={(message, saved) => {
          if (saved) setSelected({ itemId: saved.itemId, title: saved.fields.title });
          done(message);
        }}
      />
    );
  else if (selected)
    detail = <ItemDetail key={selected.itemId} accountId={accountId} vaultId={vaultId} itemId={selected.itemId} revision={revision} onStatus={setMessage} onEdit={(item) => setPane({ kind: 'edit', item })} onDeleted={(message) => (setSelected(null), done(message))} />;
  else detail = <p className="hint">Select an item to see it here.</p>;
  return (
    <div className="items-view">
      <section className="list-pane" aria-labelledby="vault-heading">
        <StepHeading key={vaultId} id="vault-heading">{vault?.name ?? 'Vault'}</StepHeading>
        <p className="hint">
          {CATEGORY_NAMES[category]}
          {vault?.shared && '. A shared vault: everyone with access sees and can change its items.'}
        </p>
        <ReminderBanner checkUp={checkUp} onCheckNow={props.onCheckRecoveryCode} />
        {listing.offline && <p className="notice">{OFFLINE_NOTICE}</p>}
        <VaultNotices notices={listing.notices} />
        <Field ref={search} label="Search items" type="search" autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} />
        <ItemList
          source={{ accountId, vaultId, category, query }}
          revision={revision}
          // The listing holds this vault's first rows of All items, unsearched, as of this revision (unless the window showed another view since).
          firstRows={category === 'all' && query === '' && vaults.rowsCurrent ? listing : undefined}
          selectedId={selected?.itemId ?? null}
          onSelect={(row) => (setSelected(row), setPane({ kind: 'detail' }))}
          empty={category === 'all' && <EmptyVault onImport={props.onImport} />}
        />
        <div className="button-row">
          {/* Recently Deleted holds what was deleted: a new item is made elsewhere. */}
          {category !== 'trash' && (
            <button type="button" className="primary" onClick={() => setPane({ kind: 'edit', item: null })}>
              New item
            </button>
          )}
          {vault?.shared && (
            <button type="button" onClick={() => setPane({ kind: 'access' })}>
              Who has access…
            </button>
          )}
          {listing.canShare && (
            <button type="button" onClick={() => setPane({ kind: 'new-shared' })}>
              New shared vault…
            </button>
          )}
          {category === 'trash' && <EmptyTrash accountId={accountId} vaultId={vaultId} onDone={(message) => (setSelected(null), done(message))} />}
          <button type="button" onClick={() => void run(async () => void (await vaults.syncNow()))}>
            Sync now
          </button>
        </div>
        <p role="status" className="status">
          {vaults.message}
        </p>
        {/* One alert: what the user just did failing, else the last background sync failing (signed out elsewhere, an unsigned change). */}
        <Alert>{action.error || vaults.syncError}</Alert>
      </section>
      <section className="detail-pane" aria-label="Item detail">
        {detail}
      </section>
    </div>
  );
}

/** The items view while the account's vaults open, or why they do not (a recovered family member waiting for their organizer). */
export function VaultOpening({ notOpen }: { notOpen: string }) {
  return (
    <section className="items-view" aria-labelledby="vault-heading">
      <h1 id="vault-heading">Vault</h1>
      {notOpen ? <p role="alert" className="alert">{notOpen}</p> : <p role="status">Opening your vault…</p>}
    </section>
  );
}

/** An empty vault's All items: what to do first, a new item or bringing passwords in from elsewhere. */
function EmptyVault({ onImport }: { onImport: () => void }) {
  return (
    <div className="list-empty empty-state">
      <p>No items yet.</p>
      <p>Add a login, secure note, credit card, identity or password with New item, or bring in your passwords from 1Password, Bitwarden, KeePass or your browser.</p>
      <button type="button" onClick={onImport}>
        Import…
      </button>
    </div>
  );
}
