/** The first screen: what Latchkey is, whether its sync server answers, and the ways in. */
import { useChannel } from '../ipc/use-channel';
import { LocalMailboxLink } from '../mailbox/LocalMailbox';

export function WelcomeScreen({ onCreate, onSignIn, onMailbox }: { onCreate: () => void; onSignIn: () => void; onMailbox: () => void }) {
  const info = useChannel('app.info', {});
  return (
    <section className="screen" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to Latchkey</h1>
      <p className="lead">A password manager that keeps your secrets on your devices and only ciphertext on the server.</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={onCreate}>
          Create an account
        </button>
        <button type="button" onClick={onSignIn}>
          Sign in
        </button>
      </div>
      <section aria-label="Sync server" className="panel">
        <h2>Sync server</h2>
        {info.status === 'loading' && <p role="status">Checking the sync server…</p>}
        {info.status === 'failed' && <p role="alert">{info.error.message}</p>}
        {info.status === 'ready' && (
          <dl className="facts">
            <dt>Server</dt>
            <dd>
              {info.value.server.mode === 'embedded' ? 'Built-in server on this computer' : 'Remote server'} at <code>{info.value.server.url}</code>
            </dd>
            <dt>Status</dt>
            <dd>
              <span role="status">{info.value.server.reachable ? `Connected (server ${info.value.server.version ?? 'unknown'})` : 'Not reachable'}</span>
            </dd>
            <dt>App</dt>
            <dd>
              Latchkey {info.value.appVersion} ({info.value.host === 'electron' ? 'desktop app' : 'browser host'})
            </dd>
          </dl>
        )}
        <LocalMailboxLink onOpen={onMailbox} />
      </section>
    </section>
  );
}
