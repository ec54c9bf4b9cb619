import { useCallback, useId } from 'react';
import type { WebhookDelivery } from '@parley/contracts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useResource } from '../../hooks/useResource';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';
import { lastResult } from './deliveryFormat';

interface DeliveryDetailProps {
  deliveryId: string;
  onRetried: (delivery: WebhookDelivery) => void;
  onClose: () => void;
}

/** One delivery with its attempt log. */
export function DeliveryDetail({ deliveryId, onRetried, onClose }: DeliveryDetailProps) {
  const { api } = useCurrentOrg();
  const titleId = useId();
  const load = useCallback((signal: AbortSignal) => api.getDelivery(deliveryId, signal), [api, deliveryId]);
  const delivery = useResource(load);
  const retry = useAsyncAction();

  return (
    <section className="card stack" aria-labelledby={titleId}>
      <div className="section-header">
        <h2 id={titleId}>Delivery</h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {delivery.state.status === 'loading' ? <Loading label="Loading delivery…" /> : null}
      {delivery.state.status === 'error' ? <ErrorAlert error={delivery.state.error} onRetry={delivery.reload} /> : null}
      {delivery.state.status === 'ready' ? (
        <>
          <dl className="details">
            <dt>Event</dt>
            <dd>
              <code>{delivery.state.data.event}</code> ({delivery.state.data.kind})
            </dd>
            <dt>URL</dt>
            <dd className="break">{delivery.state.data.url}</dd>
            <dt>Status</dt>
            <dd>
              <DeliveryStatusBadge status={delivery.state.data.status} />
            </dd>
            <dt>Delivery id</dt>
            <dd>
              <code data-testid="delivery-id">{delivery.state.data.id}</code> (the <code>X-Parley-Delivery</code> header, the same on every retry)
            </dd>
            <dt>Attempts</dt>
            <dd>
              {delivery.state.data.attempts} of {delivery.state.data.maxAttempts}
            </dd>
            <dt>Last result</dt>
            <dd>{lastResult(delivery.state.data)}</dd>
            <dt>{delivery.state.data.status === 'pending' ? 'Next attempt' : 'Delivered'}</dt>
            <dd>
              {delivery.state.data.status === 'pending'
                ? formatDate(delivery.state.data.nextAttemptAt, true)
                : delivery.state.data.deliveredAt
                  ? formatDate(delivery.state.data.deliveredAt, true)
                  : '—'}
            </dd>
          </dl>
          <table className="table attempt-log">
            <caption>Attempt log</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">At</th>
                <th scope="col">HTTP status</th>
                <th scope="col">Error</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {(delivery.state.data.log ?? []).length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    No attempt yet.
                  </td>
                </tr>
              ) : (
                (delivery.state.data.log ?? []).map((a) => (
                  <tr key={a.attempt}>
                    <td>{a.attempt}</td>
                    <td>{formatDate(a.at, true)}</td>
                    <td>{a.statusCode ?? '—'}</td>
                    <td className="error-cell">{a.error ?? '—'}</td>
                    <td>{a.durationMs} ms</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <ErrorAlert error={retry.error} />
          {delivery.state.data.status === 'failed' ? (
            <div>
              <button
                type="button"
                className="button button-primary"
                disabled={retry.pending}
                aria-busy={retry.pending}
                onClick={() =>
                  // The list reloads and this view with it (its key changes).
                  void retry.run(async () => { onRetried(await api.retryDelivery(deliveryId)); })
                }
              >
                Retry delivery
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
