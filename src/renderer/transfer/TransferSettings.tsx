/**
 * Settings → Import and export: for each unlocked account, its vaults, each with Import… and
 * Export…. (The three-pane Settings will host ImportDialog and ExportDialog itself.)
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { useChannel } from '../ipc/use-channel';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';

type Vault = ResponseOf<'vault.open'>['vaults'][number];
type Open = { kind: 'import' | 'export'; accountId: string; vault: Vault } | null;

export function TransferSettings() {
  const listed = useChannel('accounts.list', {});
  const accounts = listed.status === 'ready' ? listed.value.accounts.filter((account) => account.unlocked && !account.needsSecondFactor) : [];
  const [open, setOpen] = useState<Open>(null);
  if (open) {
    const Dialog = open.kind === 'import' ? ImportDialog : ExportDialog;
    return (
      <InView>
        <Dialog accountId={open.accountId} vaultId={open.vault.vaultId} vaultName={open.vault.name} onClose={() => setOpen(null)} />
      </InView>
    );
  }
  return (
    <section className="panel" aria-labelledby="transfer-settings">
      <h2 id="transfer-settings">Import and export</h2>
      {accounts.length === 0 && <p className="hint">Unlock an account to import into it or export it.</p>}
      {accounts.map((account) => (
        <AccountVaults key={account.accountId} accountId={account.accountId} email={account.email} onOpen={(kind, vault) => setOpen({ kind, accountId: account.accountId, vault })} />
      ))}
    </section>
  );
}

/** The panel just opened, below the other settings: scrolled to the top of the view, so what was asked for is what shows. */
function InView({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // A block body: Chromium's scrollIntoView answers a promise, which React would take for the effect's cleanup.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, []);
  return <div ref={ref}>{children}</div>;
}

function AccountVaults({ accountId, email, onOpen }: { accountId: string; email: string; onOpen: (kind: 'import' | 'export', vault: Vault) => void }) {
  const opened = useChannel('vault.open', { accountId });
  const vaults = opened.status === 'ready' ? opened.value.vaults : [];
  return (
    <div>
      <h3>{email}</h3>
      {vaults.map((vault) => (
        <div key={vault.vaultId} className="button-row">
          <span>{vault.name}</span>
          <button type="button" onClick={() => onOpen('import', vault)} aria-label={`Import into ${vault.name}`}>
            Import…
          </button>
          <button type="button" onClick={() => onOpen('export', vault)} aria-label={`Export ${vault.name}`}>
            Export…
          </button>
        </div>
      ))}
    </div>
  );
}
