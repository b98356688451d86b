/** "Empty Recently Deleted…": asks first, then deletes every item there permanently, on every device. */
import { useState } from 'react';
import { call } from '../../ipc/call';
import { Alert, Confirm, useAction } from '../../ui/forms';

export function EmptyTrash({ accountId, vaultId, onDone }: { accountId: string; vaultId: string; onDone: (message: string) => void }) {
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const empty = () =>
    void action.run(async () => {
      const { deleted, changed } = await call('vault.emptyTrash', { accountId, vaultId });
      setConfirming(false);
      const left = changed > 0 ? ` ${changed} changed on another device meanwhile and ${changed === 1 ? 'was' : 'were'} left.` : '';
      onDone(`Deleted ${deleted} ${deleted === 1 ? 'item' : 'items'} permanently.${left}`);
    });
  return (
    <>
      {confirming ? (
        <Confirm question="Delete every item in Recently Deleted permanently, from all your devices? This cannot be undone." confirm="Empty Recently Deleted" busy={action.busy} onConfirm={empty} onCancel={() => setConfirming(false)} />
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Empty Recently Deleted…
        </button>
      )}
      <Alert>{action.error}</Alert>
    </>
  );
}
