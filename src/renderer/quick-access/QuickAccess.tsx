/**
 * Quick Access: the small window the global shortcut opens (in the browser host, the page
 * `/?view=quick-access`). One search box over every unlocked account; by keyboard alone:
 * Up/Down choose, Enter copies the password, Shift+Enter the username, Ctrl/Cmd+Enter (or
 * Alt+Enter) the one-time code, Escape closes the window. Copies go through the core's secret
 * clipboard ('vault.copy'), so they are cleared like any other.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { QuickAccessItem } from '../../shared/ipc/channels/desktop';
import { call, messageOf } from '../ipc/call';
import { useChannel } from '../ipc/use-channel';

type Field = 'password' | 'username' | 'one-time-code';

/** Which field a key press asks for, or null for a key Quick Access leaves alone. */
function fieldOf(event: KeyboardEvent): Field | null {
  if (event.key !== 'Enter') return null;
  if (event.ctrlKey || event.metaKey || event.altKey) return 'one-time-code';
  return event.shiftKey ? 'username' : 'password';
}

export function QuickAccess() {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<QuickAccessItem[]>([]);
  const [selected, setSelected] = useState(0);
  const [status, setStatus] = useState('');
  const accounts = useChannel('accounts.list', {});
  const unlocked = accounts.status === 'ready' && accounts.value.accounts.some((account) => account.unlocked && !account.needsSecondFactor);

  useEffect(() => {
    let current = true;
    void call('quick.search', { query }).then(
      (found) => current && (setItems(found.items), setSelected(0)),
      (error: unknown) => current && setStatus(messageOf(error)),
    );
    return () => void (current = false);
  }, [query]);

  const copy = async (item: QuickAccessItem, field: Field) => {
    // The item model has no one-time code yet: when it has, this is where it is copied ('vault.copy' with the code's field).
    if (field === 'one-time-code') return setStatus(`${item.title} has no one-time code.`);
    try {
      const { clearsAt } = await call('vault.copy', { accountId: item.accountId, vaultId: item.vaultId, itemId: item.itemId, field });
      setStatus(`${field === 'password' ? 'Password' : 'Username'} for ${item.title} copied. It will be cleared from the clipboard at ${new Date(clearsAt).toLocaleTimeString()}.`);
    } catch (error) {
      setStatus(messageOf(error));
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') return window.close();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setSelected((index) => Math.min(Math.max(index + step, 0), Math.max(items.length - 1, 0)));
      return;
    }
    const field = fieldOf(event);
    const item = items[selected];
    if (!field || !item) return;
    event.preventDefault();
    void copy(item, field);
  };

  const optionId = (index: number) => `quick-access-item-${index}`;
  return (
    <main className="quick-access">
      <h1>Quick Access</h1>
      <label htmlFor="quick-access-search">Search every unlocked account</label>
      <input
        id="quick-access-search"
        type="search"
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls="quick-access-results"
        aria-activedescendant={items[selected] ? optionId(selected) : undefined}
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={query}
        onChange={(event) => {
          setStatus('');
          setQuery(event.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="quick-access-results" role="listbox" aria-label="Matching items">
        {items.map((item, index) => (
          <li key={`${item.accountId}:${item.vaultId}:${item.itemId}`} id={optionId(index)} role="option" aria-selected={index === selected} onClick={() => setSelected(index)}>
            <span className="title">{item.title}</span> <span className="hint">{item.subtitle}</span>
          </li>
        ))}
      </ul>
      <p className="hint">Enter copies the password, Shift+Enter the username, Ctrl+Enter the one-time code. Escape closes.</p>
      {accounts.status === 'ready' && !unlocked && <p className="hint">Unlock an account in Latchkey to search it.</p>}
      <p role="status" className="status">
        {status}
      </p>
    </main>
  );
}
