import { z } from 'zod';
import { WidgetConfig } from './releases.js';
import { Conversation, Message } from './chat.js';
import { Locale } from './bots.js';

/**
 * Public widget endpoints and the loader ↔ iframe postMessage protocol.
 *
 *   GET  /widget/v1/loader.js                       the loader (≤ 3 KB gzipped)
 *   GET  /widget/v1/bots/:botId/resolve?vt=TOKEN    → WidgetResolve (CORS: the bot's allowed origins)
 *   GET  /widget/v1/frame/:botId                    the iframe page (CSP frame-ancestors: allowed origins)
 *   GET  /widget/v1/assets/*                        the widget app, hashed, immutable
 *   Socket.IO namespace /visitor, auth { botId, visitorToken }
 */

export const WidgetTheme = z.object({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  position: z.enum(['right', 'left']),
  launcherText: z.string().max(40),
});
export type WidgetTheme = z.infer<typeof WidgetTheme>;

export const WidgetResolve = z.object({
  /** Keep it (localStorage) and send it back as `vt`: the visitor's signed identity. */
  visitorToken: z.string(),
  visitorId: z.uuid(),
  /** The iframe URL (Parley origin). */
  frameUrl: z.string(),
  bot: z.object({
    id: z.uuid(),
    name: z.string(),
    locale: Locale,
    premium: z.boolean(),
    requireIdentity: z.boolean(),
  }),
  /** The release's theme, for the loader, with `ink`: the text colour readable on `color` (WCAG contrast). */
  theme: WidgetTheme.extend({ ink: z.string().regex(/^#[0-9a-f]{6}$/) }),
  greeting: z.string(),
  /** The release this visitor gets (null: the bot has published none; the defaults apply). */
  release: z.object({ id: z.uuid(), semver: z.string() }).nullable(),
  /** The release's whole widget config (theme and greeting above are copied from it for the loader). */
  config: WidgetConfig,
  /** Where the widget runtime of this release is loaded from (the frame URL's origin by default). */
  runtimeUrl: z.string(),
  /** Messages from the bot or agents the visitor has not read; > 0 loads the iframe at once. */
  unread: z.number().int().min(0),
});
export type WidgetResolve = z.infer<typeof WidgetResolve>;

export const ResolveQuery = z.object({ vt: z.string().max(512).optional() });

/** Every postMessage between loader and iframe is `{ parley: 1, type, payload }`. */
export const PROTOCOL_VERSION = 1;

export const IdentifyPayload = z.strictObject({
  userId: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
  /** HMAC-SHA256(bot identity secret, userId), hex. */
  userHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type IdentifyPayload = z.infer<typeof IdentifyPayload>;

/** Loader → iframe. */
export const HostToFrame = z.discriminatedUnion('type', [
  z.object({
    parley: z.literal(PROTOCOL_VERSION),
    type: z.literal('init'),
    payload: z.object({ resolve: WidgetResolve, pageUrl: z.string().max(2048), open: z.boolean() }),
  }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('open') }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('close') }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('identify'), payload: IdentifyPayload }),
  z.object({
    parley: z.literal(PROTOCOL_VERSION),
    type: z.literal('track'),
    payload: z.object({ name: z.string().min(1).max(100), props: z.record(z.string(), z.unknown()).optional() }),
  }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('shutdown') }),
]);
export type HostToFrame = z.infer<typeof HostToFrame>;

/** Iframe → loader. */
export const FrameToHost = z.discriminatedUnion('type', [
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('ready') }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('open') }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('close') }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('unread'), payload: z.object({ count: z.number().int().min(0) }) }),
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('message'), payload: Message }),
  // The visitor's resolve again, when its token or its release changed: identify continued as the same person's
  // visitor from another device (the loader keeps the token on the page's origin, so the next page load resolves
  // as that visitor from the start), or the release changed live (the launcher follows it, and page events count
  // under it).
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal('resolve'), payload: WidgetResolve }),
]);
export type FrameToHost = z.infer<typeof FrameToHost>;

/** Socket.IO `/visitor` acks. */
export const SendAck = z.union([
  z.object({ ok: z.literal(true), message: Message, duplicate: z.boolean() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export const SyncAck = z.union([
  z.object({ ok: z.literal(true), conversation: Conversation.nullable(), messages: z.array(Message) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
