/**
 * Delete for a saved item: a live one moves to Recently Deleted at once (it can be restored for 30
 * days); one already there can be restored, or deleted permanently after a confirmation.
 * `onConflict`: the item changed elsewhere first (the item as it is now, null if it is gone).
 */
import { useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { call } from '../../ipc/call';
import { Confirm, useAction } from '../../ui/forms';

type Item = ResponseOf<'vault.item'>;

interface Props {
  accountId: string;
  vaultId: string;
  item: Item;
  onDone: (message: string) => void;
  onConflict: (current: Item | null) => void;
}

export function DeleteActions({ accountId, vaultId, item, onDone, onConflict }: Props) {
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const ref = { accountId, vaultId, itemId: item.itemId, expectedVersion: item.version };
  const title = item.fields.title;
  const run = (send: () => Promise<{ outcome: string; current?: Item | null }>, done: string) =>
    void action.run(async () => {
      const result = await send();
      setConfirming(false);
      if (result.outcome === 'conflict') onConflict(result.current ?? null);
      else onDone(done);
    });

  const error = action.error && <span role="alert">{action.error}</span>;
  if (item.trashedAt === null) {
    return (
      <>
        <button type="button" onClick={() => run(() => call('vault.trash', ref), `Moved ${title} to Recently Deleted.`)} disabled={action.busy}>
          Delete
        </button>
        {error}
      </>
    );
  }
  if (confirming) {
    return (
      <Confirm
        question={`Delete ${title} permanently from all your devices? This cannot be undone.`}
        confirm="Delete permanently"
        busy={action.busy}
        onConfirm={() => run(() => call('vault.purge', ref), `Deleted ${title} permanently.`)}
        onCancel={() => setConfirming(false)}
      />
    );
  }
  return (
    <>
      <button type="button" onClick={() => run(() => call('vault.restore', ref), `Restored ${title}.`)} disabled={action.busy}>
        Restore
      </button>
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete permanently…
      </button>
      {error}
    </>
  );
}
