import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { CreateWebhookEndpointBody, WebhookEvent } from '@parley/contracts';
import type { z } from 'zod';
import type { Bot, CreatedWebhookEndpoint, WebhookEndpoint } from '@parley/contracts';
import { ApiError, fieldErrorFor } from '../../api/ApiError';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { SecretReveal } from '../../components/SecretReveal';
import { SubmitButton } from '../../components/SubmitButton';
import { TableHead } from '../../components/TableHead';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { useCurrentOrg } from '../../session/useCurrentOrg';

type Created = z.infer<typeof CreatedWebhookEndpoint>;

const eventLabels: Record<WebhookEvent, string> = {
  'message.created': 'Message created',
  'conversation.handoff': 'Conversation handed off',
  'conversation.resolved': 'Conversation resolved',
};

function botName(bots: readonly Bot[], id: string | null): string {
  if (id === null) return 'All bots';
  return bots.find((b) => b.id === id)?.name ?? 'A deleted bot';
}

export function EndpointsSection() {
  const { api } = useCurrentOrg();
  const notify = useNotify();
  const loadEndpoints = useCallback((signal: AbortSignal) => api.listWebhooks(signal), [api]);
  const endpoints = useResource(loadEndpoints);
  const loadBots = useCallback((signal: AbortSignal) => api.listBots(signal), [api]);
  const botsResource = useResource(loadBots);
  const bots = botsResource.state.status === 'ready' ? botsResource.state.data : [];

  const [url, setUrl] = useState('');
  const [botId, setBotId] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['message.created']);
  const create = useAsyncAction();
  const [created, setCreated] = useState<Created | null>(null);
  const toggle = useAsyncAction();
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = CreateWebhookEndpointBody.safeParse({ url, events, ...(botId ? { botId } : {}) });
    if (!parsed.success) {
      create.setError(ApiError.validation(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))));
      return;
    }
    await create.run(async () => {
      const result = await api.createWebhook(parsed.data);
      setCreated(result);
      setUrl('');
      endpoints.update((list) => [...list, result]);
    });
  }

  function setEnabled(endpoint: WebhookEndpoint, enabled: boolean) {
    void toggle.run(async () => {
      const next = await api.updateWebhook(endpoint.id, { enabled });
      endpoints.update((list) => list.map((e) => (e.id === next.id ? next : e)));
      notify(enabled ? 'Webhook enabled' : 'Webhook disabled');
    });
  }

  async function remove(endpoint: WebhookEndpoint) {
    await api.deleteWebhook(endpoint.id);
    endpoints.update((list) => list.filter((e) => e.id !== endpoint.id));
    setDeleting(null);
    notify('Webhook deleted');
  }

  return (
    <>
      <section className="card stack" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">Add an endpoint</h2>
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          <fieldset className="plain-fieldset stack" disabled={create.pending}>
            <legend className="sr-only">New endpoint</legend>
            <div className="form-grid">
              <TextField
                label="Endpoint URL"
                type="url"
                placeholder="https://example.com/parley-events"
                required
                value={url}
                error={fieldErrorFor(create.error, 'url')}
                onChange={setUrl}
              />
              <Field label="Bot" hint="Only this bot’s events, or all bots of the organization." error={fieldErrorFor(create.error, 'botId')}>
                {(control) => (
                  <select {...control} className="select" value={botId} onChange={(event) => { setBotId(event.currentTarget.value); }}>
                    <option value="">All bots</option>
                    {bots.map((b) => (
                      <option key={b.id} value={b.id}>
                        {b.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <fieldset className="event-checks">
              <legend>Events</legend>
              {WebhookEvent.options.map((name) => (
                <label key={name} className="radio">
                  <input
                    type="checkbox"
                    checked={events.includes(name)}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      setEvents((list) => (checked ? [...list.filter((e) => e !== name), name] : list.filter((e) => e !== name)));
                    }}
                  />
                  {eventLabels[name]} <code>{name}</code>
                </label>
              ))}
            </fieldset>
            {fieldErrorFor(create.error, 'events') ? <p className="field-error">Choose at least one event.</p> : null}
          </fieldset>
          <ErrorAlert error={create.error} inlineFields={['url', 'botId', 'events']} />
          <div>
            <SubmitButton label="Add endpoint" pendingLabel="Adding…" pending={create.pending} />
          </div>
        </form>
        {created ? (
          <SecretReveal
            title={`Endpoint ${created.url} added`}
            label="Signing secret"
            value={created.secret}
            copyLabel="Copy secret"
            onDone={() => { setCreated(null); }}
          >
            <p className="alert alert-warning">
              Copy the signing secret now: it is shown only once. Each delivery carries{' '}
              <code>X-Parley-Signature: sha256=&lt;hex HMAC-SHA256 of “timestamp.body”&gt;</code>, the timestamp being
              the <code>X-Parley-Timestamp</code> header.
            </p>
          </SecretReveal>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">Endpoints</h2>
        {endpoints.state.status === 'loading' ? <Loading label="Loading webhooks…" /> : null}
        {endpoints.state.status === 'error' ? <ErrorAlert error={endpoints.state.error} onRetry={endpoints.reload} /> : null}
        <ErrorAlert error={toggle.error} />
        {endpoints.state.status === 'ready' && endpoints.state.data.length === 0 ? (
          <EmptyState title="No endpoints yet">
            <p>Add one to receive message, handoff and resolution events.</p>
          </EmptyState>
        ) : null}
        {endpoints.state.status === 'ready' && endpoints.state.data.length > 0 ? (
          <table className="table">
            <caption className="sr-only">Webhook endpoints</caption>
            <TableHead columns={['URL', 'Bot', 'Events', 'Status', 'Created']} />
            <tbody>
              {endpoints.state.data.map((e) => (
                <tr key={e.id} className={e.enabled ? undefined : 'is-inactive'}>
                  <td data-label="URL" className="url-cell">
                    <code>{e.url}</code>
                  </td>
                  <td data-label="Bot">{botName(bots, e.botId)}</td>
                  <td data-label="Events">{e.events.join(', ')}</td>
                  <td data-label="Status">
                    <span className={e.enabled ? 'badge badge-on' : 'badge badge-off'}>{e.enabled ? 'Enabled' : 'Disabled'}</span>
                  </td>
                  <td data-label="Created">{formatDate(e.createdAt, true)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={toggle.pending}
                      aria-label={`${e.enabled ? 'Disable' : 'Enable'} webhook ${e.url}`}
                      onClick={() => { setEnabled(e, !e.enabled); }}
                    >
                      {e.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button
                      type="button"
                      className="button button-danger-outline button-small"
                      aria-label={`Delete webhook ${e.url}`}
                      onClick={() => { setDeleting(e); }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {deleting ? (
        <ConfirmDialog
          title="Delete this webhook?"
          confirmLabel="Delete webhook"
          onConfirm={() => remove(deleting)}
          onCancel={() => { setDeleting(null); }}
        >
          <p>
            <code>{deleting.url}</code> receives no more events. Deliveries already in the log stay there.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
