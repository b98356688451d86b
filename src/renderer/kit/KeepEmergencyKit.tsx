/**
 * The step that hands a new Secret Key over (at sign-up, and after a recovery): the key, the
 * Emergency Kit to save, print or copy, and "I wrote my Secret Key down". One of them must be
 * done before going on. A saved or printed kit is recorded by the main process; a written-down
 * one is recorded here, for the readiness checklist. Not being able to record it never holds
 * the account back.
 */
import { useState } from 'react';
import { call } from '../ipc/call';
import { StepHeading } from '../ui/forms';
import { EmergencyKitActions, type KeptBy } from './KitActions';
import { SecretBox } from './SecretBox';

export function KeepEmergencyKit(props: { heading: string; stepCount: string; intro: string; accountId: string; secretKey: string; secretLabel: string; continueLabel: string; onDone: () => void }) {
  const { accountId, onDone } = props;
  const [kept, setKept] = useState<KeptBy | null>(null);
  const [wroteDown, setWroteDown] = useState(false);
  const finish = () => {
    const record = wroteDown && kept !== 'saved' && kept !== 'printed' ? call('checkUp.confirmKit', { accountId }).then(() => undefined) : Promise.resolve();
    void record.catch(() => undefined).then(onDone);
  };
  return (
    <section className="screen">
      <StepHeading>{props.heading}</StepHeading>
      <p className="step-count">{props.stepCount}</p>
      <p>{props.intro}</p>
      <SecretBox label={props.secretLabel} value={props.secretKey} />
      <EmergencyKitActions accountId={accountId} onKept={setKept} />
      <label className="checkbox">
        <input type="checkbox" checked={wroteDown} onChange={(e) => setWroteDown(e.target.checked)} /> I wrote my Secret Key down and will keep it safe
      </label>
      <div className="button-row">
        <button type="button" className="primary" disabled={!kept && !wroteDown} onClick={finish}>
          {props.continueLabel}
        </button>
      </div>
      {!kept && !wroteDown && <p className="hint">Save, print or copy your kit, or tick the box, to continue.</p>}
    </section>
  );
}
