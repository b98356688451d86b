/**
 * What people ask before they set up or check a recovery code, answered in a sentence each,
 * where they decide: on the setup wizard's first step and on the check screen.
 */
import { Fragment } from 'react';

const answers = [
  ['Does a recovery code change my password?', 'No. Setting it up or checking it changes neither your account password nor your Secret Key; you choose new ones only if you use it to get back in.'],
  ['Does it bypass two-step verification for my data?', 'No. After a recovery you still need your authenticator app or security key to open your data.'],
  ['What happens to my code if a Family Organizer recovers me?', 'It stops working, and you set up a new one.'],
] as const;

export function RecoveryCodeAnswers() {
  return (
    <dl>
      {answers.map(([question, answer]) => (
        <Fragment key={question}>
          <dt>
            <strong>{question}</strong>
          </dt>
          <dd>{answer}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
