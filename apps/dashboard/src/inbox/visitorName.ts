import type { Visitor } from '@parley/contracts';

/** The visitor's name, or "Visitor" and the start of their id so that anonymous visitors can be told apart. */
export function visitorName(visitor: Pick<Visitor, 'name' | 'id'> | undefined, visitorId: string): string {
  const name = visitor?.name?.trim();
  return name ? name : `Visitor ${visitorId.slice(0, 6)}`;
}
