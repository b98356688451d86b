/** A family's shared vaults: making one, and who has access to it (given and taken away by its owner). */
import { useEffect, useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { Alert, Confirm, Field, FormFooter, StepHeading, useAction } from '../ui/forms';

type VaultSummary = ResponseOf<'vault.createShared'>;
type Access = ResponseOf<'vault.access'>;
type Person = Access['candidates'][number];

export function NewSharedVault({ accountId, onDone }: { accountId: string; onDone: (created: VaultSummary | null) => void }) {
  const action = useAction();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onDone(await call('vault.createShared', { accountId, name })));
  };
  return (
    <form className="screen" onSubmit={submit} aria-label="New shared vault">
      <StepHeading>New shared vault</StepHeading>
      <p>
        A shared vault holds items you want to share with people in your family. You choose who can open it; everyone you give access can see and change its
        items. Your Private vault stays yours alone.
      </p>
      <Field label="Vault name" value={name} onChange={(event) => setName(event.target.value)} maxLength={100} required autoComplete="off" />
      <FormFooter error={action.error} busy={action.busy} submit="Make shared vault" secondary={{ label: 'Cancel', onClick: () => onDone(null) }} />
    </form>
  );
}

export function VaultAccess({ accountId, vault, onDone }: { accountId: string; vault: VaultSummary; onDone: () => void }) {
  const action = useAction();
  const [access, setAccess] = useState<Access | null>(null);
  const [removing, setRemoving] = useState<Access['members'][number] | null>(null);
  const [status, setStatus] = useState('');
  const owner = vault.role === 'owner';
  const { run } = action;

  useEffect(() => {
    void run(async () => setAccess(await call('vault.access', { accountId, vaultId: vault.vaultId })));
    // `run` is recreated each render; the vault is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId, vault.vaultId]);

  const give = (member: Access['candidates'][number]) =>
    void run(async () => {
      setAccess(await call('vault.share', { accountId, vaultId: vault.vaultId, memberId: member.accountId }));
      setStatus(`${member.email} can now open ${vault.name}.`);
    });
  const verify = (member: Person) =>
    void run(async () => {
      setAccess(await call('vault.verifyMember', { accountId, vaultId: vault.vaultId, memberId: member.accountId, securityCode: member.securityCode ?? '' }));
      setStatus(`${member.email}'s security code is marked as verified.`);
    });
  const takeAway = (member: Access['members'][number]) =>
    void run(async () => {
      setAccess(await call('vault.unshare', { accountId, vaultId: vault.vaultId, memberId: member.accountId }));
      setRemoving(null);
      setStatus(`${member.email} can no longer open ${vault.name}.`);
    });

  return (
    <section className="screen" aria-label="Who has access">
      <StepHeading>Who has access to {vault.name}</StepHeading>
      {!owner && <p>Only the owner of this vault can change who has access.</p>}
      <p>
        Each person has a security code. Compare it with them in person or by phone before you mark it as verified; if their keys change later, Latchkey shares
        nothing with them until you check the new code.
      </p>
      {access && (
        <ul className="item-list" aria-label="People with access">
          {access.members.map((member) => (
            <li key={member.accountId}>
              {member.email} <span className="hint">{member.role === 'owner' ? 'owner' : 'can see and change items'}</span>
              <SecurityCode person={member} canVerify={owner} busy={action.busy} onVerify={verify} />
              {owner && member.role !== 'owner' && (
                <button type="button" aria-label={`Take away access for ${member.email}`} onClick={() => setRemoving(member)}>
                  Take away access
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <Confirm
          question={`Take away ${removing.email}'s access to ${vault.name}? They can no longer open it or see changes. Anything they already copied or saved elsewhere stays with them, so change passwords they should not know any more.`}
          confirm="Take away access"
          busy={action.busy}
          onConfirm={() => takeAway(removing)}
          onCancel={() => setRemoving(null)}
        />
      )}
      {owner && access && (
        <>
          <h2>Give access</h2>
          {access.candidates.length === 0 ? (
            <p>Everyone in your family already has access. Invite more people from the Family page.</p>
          ) : (
            <ul className="item-list" aria-label="Family members without access">
              {access.candidates.map((member) => (
                <li key={member.accountId}>
                  {member.email}
                  <SecurityCode person={member} canVerify busy={action.busy} onVerify={verify} />
                  <button type="button" aria-label={`Give access to ${member.email}`} disabled={action.busy || member.verification === 'keys-changed'} onClick={() => give(member)}>
                    Give access
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p role="status" className="status">
        {status}
      </p>
      <Alert>{action.error}</Alert>
      <div className="button-row">
        <button type="button" onClick={onDone}>
          Back to the vault
        </button>
      </div>
    </section>
  );
}

/** What the screen says of a verification state. */
const verificationText: Record<Person['verification'], string> = {
  you: 'your security code',
  verified: 'verified',
  'not-verified': 'not verified',
  'keys-changed': 'Their keys changed: check their security code again before sharing',
};

/**
 * A person's security code, to compare with them out of band (in person, by phone), and whether
 * it is verified; the owner can mark it as verified once they have compared it.
 */
function SecurityCode({ person, canVerify, busy, onVerify }: { person: Person; canVerify: boolean; busy: boolean; onVerify: (person: Person) => void }) {
  const label = `${person.email}'s security code`;
  return (
    <span className="security-code-row">
      {person.securityCode === null ? (
        <span className="hint">no security code: the server did not list their keys</span>
      ) : (
        <code aria-label={label}>{person.securityCode}</code>
      )}{' '}
      <span className={person.verification === 'keys-changed' ? 'alert' : 'hint'}>
        {verificationText[person.verification]}
      </span>
      {canVerify && person.securityCode !== null && (person.verification === 'not-verified' || person.verification === 'keys-changed') && (
        <button type="button" aria-label={`Mark ${label} as verified`} disabled={busy} onClick={() => onVerify(person)}>
          Mark as verified
        </button>
      )}
    </span>
  );
}
