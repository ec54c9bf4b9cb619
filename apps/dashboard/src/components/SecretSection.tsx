import { useState } from 'react';
import type { ReactNode } from 'react';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { useNotify } from '../notify/useNotify';
import { ConfirmDialog } from './ConfirmDialog';
import { CopyButton } from './CopyButton';
import { ErrorAlert } from './ErrorAlert';

interface SecretSectionProps {
  /** Prefix of the element ids (`${id}-title`, `${id}`). */
  id: string;
  title: string;
  description: ReactNode;
  /** The label of the revealed secret's field, e.g. "Identity secret". */
  secretLabel: string;
  revealLabel: string;
  rotateLabel: string;
  confirmTitle: string;
  confirmBody: ReactNode;
  /** Shown once the new secret is in place. */
  rotatedNotice: string;
  load: () => Promise<string>;
  rotate: () => Promise<string>;
}

/** A server-side secret of a bot: hidden until revealed, rotated after a confirmation (the new one is shown). */
export function SecretSection(props: SecretSectionProps) {
  const notify = useNotify();
  const [secret, setSecret] = useState<string | null>(null);
  const { pending, error, run } = useAsyncAction();
  const [confirmRotate, setConfirmRotate] = useState(false);

  async function rotate() {
    setSecret(await props.rotate());
    setConfirmRotate(false);
    notify(props.rotatedNotice);
  }

  return (
    <section className="card stack" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p className="muted">{props.description}</p>
      {secret !== null ? (
        <div className="stack-tight">
          <label htmlFor={props.id} className="label">
            {props.secretLabel}
          </label>
          <div className="secret-row">
            <input id={props.id} className="input mono" readOnly value={secret} onFocus={(event) => { event.currentTarget.select(); }} />
            <CopyButton text={secret} label="Copy secret" />
          </div>
        </div>
      ) : null}
      <ErrorAlert error={error} />
      <div className="row">
        {secret === null ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            aria-busy={pending}
            onClick={() => void run(async () => { setSecret(await props.load()); })}
          >
            {pending ? 'Loading…' : props.revealLabel}
          </button>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => { setSecret(null); }}>
            Hide secret
          </button>
        )}
        <button type="button" className="button button-danger-outline" onClick={() => { setConfirmRotate(true); }}>
          {props.rotateLabel}
        </button>
      </div>
      {confirmRotate ? (
        <ConfirmDialog title={props.confirmTitle} confirmLabel="Rotate secret" onConfirm={rotate} onCancel={() => { setConfirmRotate(false); }}>
          {props.confirmBody}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
