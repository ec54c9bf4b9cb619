import type { Deployment, Member } from '@parley/contracts';

/** A user's display name from the members list; "a former member" when unknown. */
export function personName(userId: string | null, members: readonly Member[] | null): string {
  if (userId === null) return 'System';
  const member = members?.find((m) => m.userId === userId);
  return member ? member.name : 'a former member';
}

/** Who made a deployment: the user's name, "Judge" for automatic decisions, or "System". */
export function actorName(actor: Deployment['actor'], members: readonly Member[] | null): string {
  if (actor.kind === 'judge') return 'Judge';
  if (actor.kind === 'system') return 'System';
  return actor.name ?? personName(actor.userId, members);
}
