import { useCallback, useEffect, useState } from 'react';
import type { Intent, IntentModelStatus } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { TableHead } from '../../components/TableHead';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { IntentEditor } from './IntentEditor';
import { formatMs } from './stageTable';
import { RowActions } from './RowActions';

interface TabProps {
  api: Api;
  botId: string;
  canManage: boolean;
}

/** While the model is training, its status is asked for this often. */
const TRAINING_POLL_MS = 1_500;

export function IntentsTab({ api, botId, canManage }: TabProps) {
  const notify = useNotify();
  const loadIntents = useCallback((signal: AbortSignal) => api.listIntents(botId, signal), [api, botId]);
  const intents = useResource(loadIntents);
  const [modelKey, setModelKey] = useState(0);
  const loadModel = useCallback((signal: AbortSignal) => api.intentModelStatus(botId, signal), [api, botId]);
  const model = useResource(loadModel, modelKey);
  // null: no editor; 'new': creating; else the intent being edited.
  const [editing, setEditing] = useState<Intent | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Intent | null>(null);

  const training = model.state.status === 'ready' && !model.state.data.upToDate;
  useEffect(() => {
    if (!training) return;
    const timer = window.setTimeout(() => { setModelKey((k) => k + 1); }, TRAINING_POLL_MS);
    return () => { window.clearTimeout(timer); };
  }, [training, modelKey]);

  function saved(intent: Intent, created: boolean) {
    intents.update((list) => (created ? [...list, intent] : list.map((i) => (i.id === intent.id ? intent : i))));
    setEditing(null);
    setModelKey((k) => k + 1);
    notify(created ? `Intent “${intent.name}” created` : `Intent “${intent.name}” saved`);
  }

  async function remove(intent: Intent) {
    await api.deleteIntent(botId, intent.id);
    intents.update((list) => list.filter((i) => i.id !== intent.id));
    setDeleting(null);
    if (editing !== null && editing !== 'new' && editing.id === intent.id) setEditing(null);
    setModelKey((k) => k + 1);
    notify(`Intent “${intent.name}” deleted`);
  }

  return (
    <div className="stack-loose">
      <section className="card stack" aria-labelledby="model-title">
        <h2 id="model-title">Intent model</h2>
        {model.state.status === 'loading' ? <Loading label="Loading model status…" /> : null}
        {model.state.status === 'error' ? <ErrorAlert error={model.state.error} onRetry={model.reload} /> : null}
        {model.state.status === 'ready' ? <ModelStatus status={model.state.data} /> : null}
      </section>

      <section className="card stack" aria-labelledby="intents-title">
        <div className="section-header">
          <h2 id="intents-title">Intents</h2>
          {canManage ? (
            <button type="button" className="button button-primary" onClick={() => { setEditing('new'); }} disabled={editing === 'new'}>
              New intent
            </button>
          ) : null}
        </div>
        {intents.state.status === 'loading' ? <Loading label="Loading intents…" /> : null}
        {intents.state.status === 'error' ? <ErrorAlert error={intents.state.error} onRetry={intents.reload} /> : null}
        {intents.state.status === 'ready' && intents.state.data.length === 0 ? (
          <EmptyState title="No intents yet">
            <p>An intent groups example messages (“when are you open?”) with the answer the bot gives.</p>
          </EmptyState>
        ) : null}
        {intents.state.status === 'ready' && intents.state.data.length > 0 ? (
          <table className="table">
            <caption className="sr-only">Intents</caption>
            <TableHead columns={['Name', 'Examples', 'Rules', 'Responses', 'Hands off']} />
            <tbody>
              {intents.state.data.map((intent) => (
                <tr key={intent.id}>
                  <td data-label="Name">
                    <code>{intent.name}</code>
                  </td>
                  <td data-label="Examples">{intent.examples.length}</td>
                  <td data-label="Rules">{intent.rules.length}</td>
                  <td data-label="Responses">{intent.responses.length}</td>
                  <td data-label="Hands off">{intent.handoff ? 'Yes' : 'No'}</td>
                  <RowActions name={`intent ${intent.name}`} openLabel={canManage ? 'Edit' : 'View'} onOpen={() => { setEditing(intent); }} onDelete={canManage ? () => { setDeleting(intent); } : undefined} />
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {editing !== null ? (
        <IntentEditor
          key={editing === 'new' ? 'new' : `${editing.id}:${editing.updatedAt}`}
          api={api}
          botId={botId}
          intent={editing === 'new' ? null : editing}
          canManage={canManage}
          onSaved={saved}
          onClose={() => { setEditing(null); }}
        />
      ) : null}

      {deleting ? (
        <ConfirmDialog
          title={`Delete intent “${deleting.name}”?`}
          confirmLabel="Delete intent"
          onConfirm={() => remove(deleting)}
          onCancel={() => { setDeleting(null); }}
        >
          <p>Its examples, rules and responses are removed and the model is retrained without it.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function ModelStatus({ status }: { status: IntentModelStatus }) {
  if (status.upToDate) {
    return (
      <p data-testid="model-status">
        <span className="badge badge-on">Trained</span>{' '}
        {status.trainedVersion === null ? (
          <span className="muted">No intents to train on yet.</span>
        ) : (
          <span className="muted">
            {status.exampleCount} examples
            {status.trainMs === null ? '' : `, trained in ${formatMs(status.trainMs)}`}
            {status.trainedAt ? ` on ${formatDate(status.trainedAt, true)}` : ''}
          </span>
        )}
      </p>
    );
  }
  return (
    <p data-testid="model-status" role="status">
      <span className="badge badge-pending">Training…</span>{' '}
      <span className="muted">
        {status.exampleCount} examples; the bot uses the previous model
        {status.trainedVersion === null ? ' (none yet: only rules apply)' : ''} until training finishes.
      </span>
    </p>
  );
}
