import type { Member } from '@parley/contracts';

/** "you", a member's name, or "a teammate" (someone who left, or members not loaded yet). */
export function assigneeName(assigneeId: string, members: readonly Member[], myUserId: string): string {
  if (assigneeId === myUserId) return 'you';
  const member = members.find((m) => m.userId === assigneeId);
  return member ? member.name || member.email : 'a teammate';
}
