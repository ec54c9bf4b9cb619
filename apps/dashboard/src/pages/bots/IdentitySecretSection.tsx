import { useState } from 'react';
import type { Bot } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useNotify } from '../../notify/useNotify';

export function IdentitySecretSection({ api, bot }: { api: Api; bot: Bot }) {
  const notify = useNotify();
  const [secret, setSecret] = useState<string | null>(null);
  const { pending, error, run } = useAsyncAction();
  const [confirmRotate, setConfirmRotate] = useState(false);

  async function reveal() {
    await run(async () => {
      setSecret((await api.getIdentitySecret(bot.id)).identitySecret);
    });
  }

  async function rotate() {
    const result = await api.rotateIdentitySecret(bot.id);
    setSecret(result.identitySecret);
    setConfirmRotate(false);
    notify('Identity secret rotated');
  }

  return (
    <section className="card stack" aria-labelledby="identity-title">
      <h2 id="identity-title">Identity verification</h2>
      <p className="muted">
        To verify signed-in visitors, your server signs each user id with this secret (HMAC-SHA256, hex) and passes the
        signature to the widget. Keep it on your server; never put it in page code.
      </p>
      {secret !== null ? (
        <div className="stack-tight">
          <label htmlFor="identity-secret" className="label">
            Identity secret
          </label>
          <div className="secret-row">
            <input
              id="identity-secret"
              className="input mono"
              readOnly
              value={secret}
              onFocus={(event) => { event.currentTarget.select(); }}
            />
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
            onClick={() => void reveal()}
            disabled={pending}
            aria-busy={pending}
          >
            {pending ? 'Loading…' : 'Reveal secret'}
          </button>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => { setSecret(null); }}>
            Hide secret
          </button>
        )}
        <button type="button" className="button button-danger-outline" onClick={() => { setConfirmRotate(true); }}>
          Rotate secret
        </button>
      </div>
      {confirmRotate ? (
        <ConfirmDialog
          title="Rotate the identity secret?"
          confirmLabel="Rotate secret"
          onConfirm={rotate}
          onCancel={() => { setConfirmRotate(false); }}
        >
          <p>
            A new secret is generated for {bot.name}. Signatures made with the current secret stop working immediately,
            so update your server right away.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
