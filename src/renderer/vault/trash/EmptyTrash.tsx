/** "Empty Recently Deleted…": asks first, saying how many items, then deletes every item there permanently, on every device. */
import { useState } from 'react';
import { call } from '../../ipc/call';
import { Alert, Confirm, useAction } from '../../ui/forms';
import { fetchRows } from '../rows';

export function EmptyTrash({ accountId, vaultId, onDone }: { accountId: string; vaultId: string; onDone: (message: string) => void }) {
  const action = useAction();
  /** How many items the question names (null: not asking). */
  const [confirming, setConfirming] = useState<number | null>(null);
  const empty = () =>
    void action.run(async () => {
      const { deleted, changed } = await call('vault.emptyTrash', { accountId, vaultId });
      setConfirming(null);
      const left = changed > 0 ? ` ${changed} changed on another device meanwhile and ${changed === 1 ? 'was' : 'were'} left.` : '';
      onDone(`Deleted ${deleted} ${deleted === 1 ? 'item' : 'items'} permanently.${left}`);
    });
  return (
    <>
      {confirming !== null ? (
        <Confirm question={`Delete ${confirming === 1 ? 'the item' : `all ${confirming} items`} in Recently Deleted permanently, from all your devices? This cannot be undone.`} confirm="Empty Recently Deleted" busy={action.busy} onConfirm={empty} onCancel={() => setConfirming(null)} />
      ) : (
        <button type="button" className="danger" onClick={() => void action.run(async () => setConfirming((await fetchRows({ accountId, vaultId, category: 'trash', query: '', offset: 0, limit: 1 })).total))}>
          Empty Recently Deleted…
        </button>
      )}
      <Alert>{action.error}</Alert>
    </>
  );
}
