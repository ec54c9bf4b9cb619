import { useCallback, useEffect, useState } from 'react';
import type { WebhookDelivery } from '@parley/contracts';
import type { WebhookDeliveryStatus } from '../../api/webhooksApi';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { TableHead } from '../../components/TableHead';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { DeliveryDetail } from './DeliveryDetail';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';
import { lastResult } from './deliveryFormat';

const statuses: readonly WebhookDeliveryStatus[] = ['pending', 'succeeded', 'failed'];
const POLL_MS = 10_000;

function isStatus(value: string): value is WebhookDeliveryStatus {
  return statuses.some((s) => s === value);
}

/** The outbox's delivery log: event and workflow deliveries, newest first, with retries. */
export function DeliveriesSection() {
  const { api } = useCurrentOrg();
  const notify = useNotify();
  const [status, setStatus] = useState<WebhookDeliveryStatus | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const load = useCallback((signal: AbortSignal) => api.listDeliveries(status, signal), [api, status]);
  const deliveries = useResource(load, refreshKey);
  const [selected, setSelected] = useState<string | null>(null);
  const retry = useAsyncAction();

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setRefreshKey((k) => k + 1);
    }, POLL_MS);
    return () => { window.clearInterval(timer); };
  }, []);

  function retried(delivery: WebhookDelivery) {
    deliveries.update((list) => list.map((d) => (d.id === delivery.id ? delivery : d)));
    setRefreshKey((k) => k + 1);
    notify('Delivery queued again');
  }

  return (
    <>
      <section className="card stack" aria-labelledby="deliveries-title">
        <div className="section-header">
          <h2 id="deliveries-title">Deliveries</h2>
          <div className="row">
            <Field label="Status">
              {(control) => (
                <select
                  {...control}
                  className="select select-compact"
                  value={status ?? ''}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setStatus(isStatus(value) ? value : null);
                  }}
                >
                  <option value="">All</option>
                  {statuses.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" className="button button-secondary button-small" onClick={() => { setRefreshKey((k) => k + 1); }}>
              Refresh
            </button>
          </div>
        </div>
        {deliveries.state.status === 'loading' ? <Loading label="Loading deliveries…" /> : null}
        {deliveries.state.status === 'error' ? <ErrorAlert error={deliveries.state.error} onRetry={deliveries.reload} /> : null}
        <ErrorAlert error={retry.error} />
        {deliveries.state.status === 'ready' && deliveries.state.data.length === 0 ? (
          <EmptyState title={status ? `No ${status} deliveries` : 'No deliveries yet'}>
            <p>Events and workflow messages appear here as they are sent.</p>
          </EmptyState>
        ) : null}
        {deliveries.state.status === 'ready' && deliveries.state.data.length > 0 ? (
          <table className="table">
            <caption className="sr-only">Deliveries, newest first</caption>
            <TableHead columns={['Event', 'URL', 'Status', 'Attempts', 'Last result', 'Next attempt']} />
            <tbody>
              {deliveries.state.data.map((d) => (
                <tr key={d.id} className={selected === d.id ? 'is-selected' : undefined}>
                  <td data-label="Event">
                    <code>{d.event}</code>
                    {d.kind === 'workflow' ? <span className="muted small"> (workflow)</span> : null}
                    <br />
                    <span className="muted small">{formatDate(d.createdAt, true)}</span>
                  </td>
                  <td data-label="URL" className="url-cell">
                    {d.url}
                  </td>
                  <td data-label="Status">
                    <DeliveryStatusBadge status={d.status} />
                  </td>
                  <td data-label="Attempts">
                    {d.attempts} / {d.maxAttempts}
                  </td>
                  <td data-label="Last result" className="error-cell">
                    {lastResult(d)}
                  </td>
                  <td data-label="Next attempt">
                    {d.status === 'pending' ? formatDate(d.nextAttemptAt, true) : d.deliveredAt ? `Delivered ${formatDate(d.deliveredAt, true)}` : '—'}
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={`Details of delivery ${d.event} to ${d.url}`}
                      onClick={() => { setSelected(d.id); }}
                    >
                      Details
                    </button>
                    {d.status === 'failed' ? (
                      <button
                        type="button"
                        className="button button-primary button-small"
                        disabled={retry.pending}
                        aria-label={`Retry delivery ${d.event} to ${d.url}`}
                        onClick={() => void retry.run(async () => { retried(await api.retryDelivery(d.id)); })}
                      >
                        Retry
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {selected ? (
        <DeliveryDetail
          key={`${selected}:${refreshKey}`}
          deliveryId={selected}
          onRetried={retried}
          onClose={() => { setSelected(null); }}
        />
      ) : null}
    </>
  );
}
