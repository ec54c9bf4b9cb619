import type { ConversationStatus } from '@parley/contracts';

export const inboxTabs = [
  { status: 'open', label: 'Open' },
  { status: 'pending', label: 'Pending' },
  { status: 'resolved', label: 'Resolved' },
] as const satisfies readonly { status: ConversationStatus; label: string }[];

/** The tab named by `?status=`, Open by default. */
export function tabFromParam(value: string | null): ConversationStatus {
  return inboxTabs.find((t) => t.status === value)?.status ?? 'open';
}

/** The query string that keeps the chosen tab while moving between conversations. */
export function tabSearch(status: ConversationStatus): string {
  return status === 'open' ? '' : `?status=${status}`;
}
