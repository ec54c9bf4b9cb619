import { useState } from 'react';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useNotify } from '../../notify/useNotify';

/** The secret that signs workflow deliveries (X-Parley-Signature): revealed on click, rotated after a confirmation. */
export function WorkflowSecretSection({ api, botId }: { api: Api; botId: string }) {
  const notify = useNotify();
  const [secret, setSecret] = useState<string | null>(null);
  const { pending, error, run } = useAsyncAction();
  const [confirmRotate, setConfirmRotate] = useState(false);

  async function rotate() {
    const result = await api.rotateWorkflowSecret(botId);
    setSecret(result.workflowSecret);
    setConfirmRotate(false);
    notify('Workflow secret rotated');
  }

  return (
    <section className="card stack" aria-labelledby="workflow-secret-title">
      <h2 id="workflow-secret-title">Workflow secret</h2>
      <p className="muted">
        Each workflow delivery carries <code>X-Parley-Signature: sha256=&lt;hex HMAC-SHA256 of “timestamp.body”&gt;</code>{' '}
        made with this secret, the timestamp being the <code>X-Parley-Timestamp</code> header. Check it in your workflow
        before trusting a message.
      </p>
      {secret !== null ? (
        <div className="stack-tight">
          <label htmlFor="workflow-secret" className="label">
            Workflow secret
          </label>
          <div className="secret-row">
            <input id="workflow-secret" className="input mono" readOnly value={secret} onFocus={(event) => { event.currentTarget.select(); }} />
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
            onClick={() => void run(async () => { setSecret((await api.getWorkflowSecret(botId)).workflowSecret); })}
          >
            {pending ? 'Loading…' : 'Reveal workflow secret'}
          </button>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => { setSecret(null); }}>
            Hide secret
          </button>
        )}
        <button type="button" className="button button-danger-outline" onClick={() => { setConfirmRotate(true); }}>
          Rotate workflow secret
        </button>
      </div>
      {confirmRotate ? (
        <ConfirmDialog
          title="Rotate the workflow secret?"
          confirmLabel="Rotate secret"
          onConfirm={rotate}
          onCancel={() => { setConfirmRotate(false); }}
        >
          <p>Deliveries are signed with the new secret from now on: update your workflow’s check right away.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
