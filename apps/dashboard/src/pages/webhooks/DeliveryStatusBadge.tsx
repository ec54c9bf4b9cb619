import type { WebhookDeliveryStatus } from '../../api/webhooksApi';

const labels: Record<WebhookDeliveryStatus, string> = { pending: 'Pending', succeeded: 'Delivered', failed: 'Failed' };

export function DeliveryStatusBadge({ status }: { status: WebhookDeliveryStatus }) {
  return <span className={`badge badge-delivery-${status}`}>{labels[status]}</span>;
}
