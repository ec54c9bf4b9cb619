import { z } from 'zod';
import { Id, Timestamp } from './ids.js';
import { Role } from './roles.js';

export const Email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((s) => s.trim().toLowerCase());

export const Password = z
  .string()
  .min(8, { error: 'must be at least 8 characters' })
  .max(256, { error: 'must be at most 256 characters' });

export const LoginBody = z.strictObject({
  email: Email,
  // Login accepts any non-empty password so that policy changes never lock people out.
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

export const OrgSummary = z.object({
  id: Id,
  name: z.string(),
  role: Role,
});
export type OrgSummary = z.infer<typeof OrgSummary>;

/** Returned by login and `GET /me`. `csrfToken` must be sent as `x-csrf-token` on cookie-authenticated writes. */
export const Me = z.object({
  user: User,
  organizations: z.array(OrgSummary),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

/** When authenticated with an API key, `/me` describes the key instead of a user. */
export const MeApiKey = z.object({
  apiKey: z.object({ id: Id, name: z.string(), role: Role }),
  organization: z.object({ id: Id, name: z.string() }),
});
export type MeApiKey = z.infer<typeof MeApiKey>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
