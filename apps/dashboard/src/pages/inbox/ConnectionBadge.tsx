import type { ConnectionStatus } from '../../inbox/connectAgentSocket';

const labels: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline, retrying',
};

/** Whether the inbox receives live updates. */
export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className={`connection connection-${status}`} role="status">
      <span className="connection-dot" aria-hidden="true" />
      {labels[status]}
    </span>
  );
}
