import { z } from 'zod';
import { Id, Timestamp } from './ids.js';
import { Role } from './roles.js';

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  role: Role,
  /** The first characters of the key, to recognise it; the key itself is never stored. */
  prefix: z.string(),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, { error: 'must not be empty' }).max(100),
  role: Role.exclude(['owner']).default('admin'),
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** `key` is shown exactly once. */
export const CreatedApiKey = z.object({ apiKey: ApiKey, key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
