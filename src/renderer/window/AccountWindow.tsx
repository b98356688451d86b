/**
 * The main window of an unlocked account, in three panes: the sidebar, the item list and the
 * item detail (the list and detail are the items view); Settings, Password Health, Import and the
 * account's flows take the place of the list and detail. Every command of the window (its
 * shortcuts, the app menu) runs through `runCommand`.
 */
import { useCallback, useRef, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { AccountHome, type AccountHomeProps } from '../account/AccountHome';
import { call } from '../ipc/call';
import { ImportDialog } from '../transfer/ImportDialog';
import { StepHeading } from '../ui/forms';
import { SettingsScreen } from '../settings/SettingsScreen';
import { useAppCommand } from '../app/app-commands';
import { PasswordHealth } from '../vault/health/PasswordHealth';
import { useVaults } from '../vault/use-vaults';
import { VaultOpening, VaultScreen, type ItemCommands } from '../vault/VaultScreen';
import { useShortcuts, type CommandName } from './commands';
import { Sidebar, type WindowView } from './Sidebar';

type Account = ResponseOf<'accounts.list'>['accounts'][number];
type OpenItem = { vaultId: string; itemId: string };

/**
 * Opens onto All items of the account's Private vault, as the everyday home; onto its Settings
 * page when a flow asked for one of its screens (setting up a recovery code after a recovery).
 */
export function AccountWindow(props: Omit<AccountHomeProps, 'onOpenItem'> & { accounts: Account[]; onOpen: (account: Account) => void }) {
  const { account, accounts, onOpen, ...home } = props;
  const { accountId } = account;
  const vaults = useVaults(accountId, !home.initialView);
  const [view, setViewState] = useState<WindowView>(home.initialView ? { kind: 'settings' } : { kind: 'items', category: 'all' });
  const { showingItems } = vaults;
  /** Every change of view: leaving the items view tells the vaults that what the listing holds may go stale meanwhile. */
  const setView = useCallback((next: WindowView) => (showingItems(next.kind === 'items'), setViewState(next)), [showingItems]);
  const [openItem, setOpenItem] = useState<OpenItem | undefined>();
  // Bumped by each Settings in the sidebar: the Settings page itself, even from one of its screens (Family…).
  const [settingsVisit, setSettingsVisit] = useState(0);
  const itemCommands = useRef<ItemCommands>(null);
  const toItems = () => (showingItems(true), setViewState((was) => (was.kind === 'items' ? was : { kind: 'items', category: 'all' })));
  const opened = useCallback(() => setOpenItem(undefined), []);

  /** The window's one way to run a command; an item command waits for the items view when another view shows. */
  const runCommand = (command: CommandName) => {
    if (command === 'lock') return void call('account.lock', { accountId }).then(home.onChanged, home.onChanged);
    if (itemCommands.current) return itemCommands.current[command]();
    toItems();
    if (command === 'new-item' || command === 'search') requestAnimationFrame(() => itemCommands.current?.[command]());
  };
  useShortcuts(runCommand);
  // The app menu's commands (Electron host) run the same way; Settings opens the Settings page, Import… and Export… the app settings.
  useAppCommand('new-item', () => runCommand('new-item'));
  useAppCommand('find', () => runCommand('search'));
  const appSettings = () => setView({ kind: 'app-settings' });
  useAppCommand('settings', () => (setSettingsVisit((visit) => visit + 1), setView({ kind: 'settings' })));
  useAppCommand('import', appSettings);
  useAppCommand('export', appSettings);

  let content;
  const listing = vaults.listing;
  if (view.kind === 'items')
    // Mounted once the vaults are open (until then, why not or that they are opening), so the screen and its reads start once.
    content = !listing ? (
      <VaultOpening notOpen={vaults.notOpen} />
    ) : (
      <VaultScreen
        key={`${listing.vaultId}:${view.category}`}
        accountId={accountId}
        listing={listing}
        vaults={vaults}
        category={view.category}
        openItem={openItem}
        onOpened={opened}
        commands={itemCommands}
        onCheckRecoveryCode={() => setView({ kind: 'settings' })}
        onImport={() => setView({ kind: 'import' })}
      />
    );
  else if (view.kind === 'import' && listing)
    content = (
      <div className="screen">
        <StepHeading>Import</StepHeading>
        <ImportDialog accountId={accountId} vaultId={listing.vaultId} vaultName={listing.vaults.find((vault) => vault.vaultId === listing.vaultId)?.name ?? 'Vault'} onClose={toItems} />
      </div>
    );
  else if (view.kind === 'health') content = <PasswordHealth accountId={accountId} onOpen={(item) => (setOpenItem(item), setView({ kind: 'items', category: 'all' }))} />;
  else if (view.kind === 'app-settings') content = <SettingsScreen backLabel="Back to Settings" onBack={() => setView({ kind: 'settings' })} />;
  else
    content = (
      <AccountHome
        key={settingsVisit}
        account={account}
        {...home}
        // The screen a flow asked for shows once, not again on each later visit to Settings.
        initialView={settingsVisit === 0 ? home.initialView : undefined}
        onOpenItem={(item) => (setOpenItem(item), setView({ kind: 'items', category: 'all' }))}
        onAppSettings={() => setView({ kind: 'app-settings' })}
      />
    );
  return (
    <div className="window">
      <Sidebar
        accounts={accounts}
        accountId={accountId}
        listing={vaults.listing}
        view={view}
        onAccount={onOpen}
        onVault={(vaultId) => (toItems(), void vaults.show(vaultId).catch(() => vaults.setMessage('That vault could not be opened.')))}
        onView={(next) => (next.kind === 'settings' && setSettingsVisit((visit) => visit + 1), setView(next))}
      />
      <main className="window-content">{content}</main>
    </div>
  );
}
