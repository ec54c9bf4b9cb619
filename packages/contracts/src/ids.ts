import { z } from 'zod';

export const Id = z.uuid({ error: 'must be a UUID' });
export const IdParams = z.strictObject({ id: Id });
export const Timestamp = z.iso.datetime({ offset: true });
