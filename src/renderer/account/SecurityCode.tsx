/** The account's security code on Sign-In & Recovery (docs/security-design.md §8.7): what others compare to trust its keys. */
import { useChannel } from '../ipc/use-channel';

export function SecurityCode({ accountId }: { accountId: string }) {
  const code = useChannel('account.securityCode', { accountId });
  return (
    <>
      <h3>Security code</h3>
      <p>People in your family compare it with the code their app shows for you, in person or by phone: if both match, the keys they share with are really yours. It changes only if your keys change.</p>
      {code.status === 'ready' && <p className="mono">{code.value.securityCode}</p>}
      {code.status === 'failed' && <p role="status">The security code is not available: {code.error.message}</p>}
    </>
  );
}
