import { EmptyState } from '../../components/EmptyState';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { DeliveriesSection } from './DeliveriesSection';
import { EndpointsSection } from './EndpointsSection';
import '../assistant/assistant.css';

/** The organization's outgoing event webhooks and the delivery log of the outbox (workflow deliveries too). */
export function WebhooksPage() {
  usePageTitle('Webhooks');
  const { org, canManage } = useCurrentOrg();
  return (
    <div className="page page-wide">
      <div className="page-header">
        <h1>Webhooks</h1>
        <p className="lede">
          Parley POSTs events of {org.name} to your endpoints, signed with HMAC-SHA256, retrying with backoff until they
          are delivered.
        </p>
      </div>
      {canManage ? (
        <div className="stack-loose">
          <EndpointsSection />
          <DeliveriesSection />
        </div>
      ) : (
        <EmptyState title="Only owners and admins can manage webhooks.">
          <p>Ask an admin of {org.name} if you need one.</p>
        </EmptyState>
      )}
    </div>
  );
}
