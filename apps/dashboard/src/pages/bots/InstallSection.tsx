import { useId } from 'react';
import type { Bot } from '@parley/contracts';
import { CopyButton } from '../../components/CopyButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useSession } from '../../session/useSession';
import { installSnippet } from './installSnippet';

export function InstallSection({ bot }: { bot: Bot }) {
  const { meta, reloadMeta } = useSession();
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Install</h2>
      <p className="muted">
        Paste this tag before <code>&lt;/body&gt;</code> on every page where the chat should appear.
      </p>
      {meta.status === 'loading' ? <Loading label="Loading install snippet…" /> : null}
      {meta.status === 'error' ? <ErrorAlert error={meta.error} onRetry={reloadMeta} /> : null}
      {meta.status === 'ready' ? (
        <>
          <label htmlFor={id} className="label">
            Install snippet
          </label>
          <textarea
            id={id}
            className="textarea mono snippet"
            readOnly
            rows={3}
            spellCheck={false}
            value={installSnippet(meta.meta.publicUrl, bot.id)}
            onFocus={(event) => { event.currentTarget.select(); }}
          />
          <div className="row">
            <CopyButton text={installSnippet(meta.meta.publicUrl, bot.id)} label="Copy snippet" />
          </div>
        </>
      ) : null}
      {!bot.widgetEnabled ? (
        <p className="alert alert-warning">The widget is turned off: the snippet loads nothing until you enable it.</p>
      ) : null}
      {bot.allowedOrigins.length === 0 ? (
        <p className="alert alert-warning">
          No allowed origins yet: add the sites you install the snippet on, or the widget will refuse to load.
        </p>
      ) : null}
    </section>
  );
}
