import { z } from 'zod';
import { Id, Timestamp } from './ids.js';

export const locales = ['en', 'vi'] as const;
export const Locale = z.enum(locales);
export type Locale = z.infer<typeof Locale>;

/**
 * An origin a bot may be embedded on: scheme, host and optional port, nothing else
 * (`https://shop.example.com`, `http://localhost:8080`). A leading `*.` allows subdomains.
 */
export const AllowedOrigin = z
  .string()
  .trim()
  .max(255)
  .transform((s) => s.replace(/\/+$/, '').toLowerCase())
  .refine((s) => /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/.test(s), {
    error: 'must be an origin such as https://shop.example.com (scheme, host and optional port)',
  });

const BotName = z.string().trim().min(1, { error: 'must not be empty' }).max(100);

export const Bot = z.object({
  id: Id,
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  widgetEnabled: z.boolean(),
  premium: z.boolean(),
  locale: Locale,
  requireIdentity: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Bot = z.infer<typeof Bot>;

export const CreateBotBody = z.strictObject({
  name: BotName,
  allowedOrigins: z.array(AllowedOrigin).max(50).default([]),
  widgetEnabled: z.boolean().default(true),
  premium: z.boolean().default(false),
  locale: Locale.default('en'),
  requireIdentity: z.boolean().default(false),
});
export type CreateBotBody = z.infer<typeof CreateBotBody>;

export const UpdateBotBody = z
  .strictObject({
    name: BotName,
    allowedOrigins: z.array(AllowedOrigin).max(50),
    widgetEnabled: z.boolean(),
    premium: z.boolean(),
    locale: Locale,
    requireIdentity: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'at least one field must be given' });
export type UpdateBotBody = z.infer<typeof UpdateBotBody>;

/** The identity secret signs visitor identities (HMAC-SHA256 of the user id); admins only. */
export const BotIdentitySecret = z.object({ identitySecret: z.string() });
export type BotIdentitySecret = z.infer<typeof BotIdentitySecret>;
