import { z } from 'zod';

export const Id = z.uuid({ error: 'must be a UUID' });
export const IdParams = z.strictObject({ id: Id });
export const Timestamp = z.iso.datetime({ offset: true });

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/**
 * A time a client sends (a cursor, a range bound): ISO 8601 with its offset, from 1970 to 9999.
 * ISO allows year 0000, which PostgreSQL does not have: refused here, not a database error.
 */
export const InputTimestamp = Timestamp.refine((s) => {
  const t = Date.parse(s);
  return t >= EARLIEST && t <= LATEST;
}, 'must be between 1970 and 9999');
