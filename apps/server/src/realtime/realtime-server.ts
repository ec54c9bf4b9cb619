import { createHmac } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { AgentRead, AgentReply, AgentTyping, IdentifyPayload, ReadEvent, SyncRequest, TypingEvent, VisitorSend } from '@parley/contracts';
import { AppError } from '../errors/app-error.js';
import type { AccessTarget, EventBus } from '../events/domain-events.js';
import type { Authenticator } from '../features/auth/authenticator.js';
import type { OrgContext, Principal } from '../features/auth/principal.js';
import type { BotRow } from '../features/bots/bot-store.js';
import type { ConversationService, VisitorRef } from '../features/conversations/conversation-service.js';
import type { PresencePort } from '../features/visitors/presence-port.js';
import type { VisitorStore } from '../features/visitors/visitor-store.js';
import type { VisitorTokens } from '../features/visitors/visitor-token.js';
import type { GeoIp } from '../features/geoip/geo-ip.js';
import type { WidgetService } from '../features/widget/widget-service.js';
import { safeEqual } from '../lib/tokens.js';
import { SESSION_COOKIE } from '../plugins/auth.js';
import { apiKeyRoom, botRoom, memberRoom, orgRoom, routeEvent, sessionRoom, userRoom, visitorRoom } from './route-event.js';
import { socketEvents } from './socket-handler.js';
import { LocaleOrEn } from '../lib/locale-or-en.js';
import { unstorableText } from '../lib/unstorable-text.js';

export interface RealtimeDeps {
  widget: WidgetService;
  visitors: VisitorStore;
  conversations: ConversationService;
  tokens: VisitorTokens;
  authenticator: Authenticator;
  events: EventBus;
  parseCookie: (header: string) => Record<string, string | undefined>;
  geoIp: GeoIp;
  /** Behind a proxy, the visitor's address is the first X-Forwarded-For entry. */
  trustProxy: boolean;
  log: FastifyBaseLogger;
  now: () => Date;
  /**
   * Flood limits per visitor and per IP address (in memory, or in Redis when shared): for messages,
   * and for the widget's other events (each of which reads or writes the database too).
   */
  limiters: Record<'messages' | 'signals', { visitor: RateLimiterAbstract; ip: RateLimiterAbstract }>;
}

interface VisitorData {
  ref: VisitorRef;
  bot: BotRow;
  verified: boolean;
}

const VisitorAuth = z.object({ botId: z.uuid(), visitorToken: z.string().max(512), pageUrl: z.string().max(2048).refine((s) => unstorableText(s) === null, 'must be text').optional() });
const AgentAuth = z.object({ apiKey: z.string().max(200).optional(), orgId: z.uuid().optional() });
const AgentSend = AgentReply.extend({ conversationId: z.uuid() });

const MAX_PAYLOAD_BYTES = 64 * 1024;

function refuse(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}

/** Socket.IO on Parley's HTTP server (namespaces are attached by `attachRealtime`). */
export function createSocketServer(server: HttpServer): Server {
  return new Server(server, { serveClient: false, maxHttpBufferSize: MAX_PAYLOAD_BYTES, pingInterval: 20_000 });
}

/**
 * Online = at least one socket in the visitor's room, on any node. One adapter query for the
 * whole list (with Redis, one request to the other nodes, not one per visitor): the sockets in
 * any of the rooms, each with its rooms.
 */
export function createPresence(io: Server): PresencePort {
  return {
    async onlineAmong(visitorIds) {
      const online = new Set<string>();
      if (visitorIds.length === 0) return online;
      const byRoom = new Map(visitorIds.map((id) => [visitorRoom(id), id]));
      for (const socket of await io.of('/visitor').in([...byRoom.keys()]).fetchSockets()) {
        for (const room of socket.rooms) {
          const id = byRoom.get(room);
          if (id !== undefined) online.add(id);
        }
      }
      return online;
    },
  };
}

/** `/visitor` for widgets, `/agent` for the dashboard, and the listener that delivers domain events. */
export function attachRealtime(io: Server, deps: RealtimeDeps): { close(): void } {
  const { widget, visitors, conversations, tokens, authenticator, events, log, now } = deps;
  const internal = (err: unknown) => log.error({ err }, 'socket handler failed');
  // What each connection proved in its handshake (socket.data is untyped).
  const visitorData = new WeakMap<Socket, VisitorData>();
  const clientIp = (socket: Socket): string => {
    const forwarded = deps.trustProxy ? socket.handshake.headers['x-forwarded-for'] : undefined;
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    return first || socket.handshake.address;
  };
  const agentData = new WeakMap<Socket, { ctx: OrgContext; principal: Principal }>();

  async function limit(kind: 'messages' | 'signals', visitorId: string, ip: string): Promise<void> {
    const limiters = deps.limiters[kind];
    try {
      await Promise.all([limiters.visitor.consume(visitorId), limiters.ip.consume(ip)]);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.ceil(rejection.msBeforeNext / 1000);
      throw new AppError('rate_limited', `You are sending ${kind === 'messages' ? 'messages' : 'requests'} too fast; try again in ${seconds} s`);
    }
  }

  // ---- /visitor ----------------------------------------------------------------
  const visitorNsp = io.of('/visitor');
  visitorNsp.use((socket, next) => {
    const auth = VisitorAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refuse('validation_failed', 'auth must be { botId, visitorToken }'));
    const { botId, visitorToken, pageUrl } = auth.data;
    widget
      .liveBot(botId)
      .then(async (bot) => {
        const origin = socket.handshake.headers.origin;
        if (!origin || !widget.mayCall(bot, origin)) throw refuse('origin_not_allowed', 'This site may not use this bot');
        const identity = tokens.verify(visitorToken, botId);
        if (!identity) throw refuse('invalid_token', 'Invalid visitor token');
        const { country, city } = deps.geoIp.lookup(clientIp(socket));
        const row = await visitors.ensure(
          bot.orgId,
          botId,
          identity.visitorId,
          {
            userAgent: socket.handshake.headers['user-agent']?.slice(0, 500) ?? null,
            ...(pageUrl ? { lastPageUrl: pageUrl } : {}),
            // An address without a known place keeps the last known one.
            ...(country ? { country, city } : {}),
          },
          now(),
        );
        const ref = { orgId: bot.orgId, botId, visitorId: identity.visitorId, locale: LocaleOrEn.parse(bot.locale) };
        visitorData.set(socket, { ref, bot, verified: row.verified });
        next();
      })
      .catch((err: unknown) => {
        if (err instanceof AppError) return next(refuse(err.code, err.message));
        if (err instanceof Error && 'data' in err) return next(err);
        internal(err);
        next(refuse('internal', 'Could not connect'));
      });
  });

  visitorNsp.on('connection', (socket: Socket) => {
    const data = visitorData.get(socket);
    if (!data) return void socket.disconnect(true);
    const { ref, bot } = data;
    const ip = clientIp(socket);
    const room = visitorRoom(ref.visitorId);
    void socket.join([room, botRoom(ref.botId)]);
    void announcePresence(room, ref, 'visitor.online');
    socket.on('disconnect', () => void announcePresence(room, ref, 'visitor.offline'));

    const inbound = socketEvents(socket, internal);
    const signal = () => limit('signals', ref.visitorId, ip);
    inbound.on('message.send', VisitorSend, async (input, afterAck) => {
      if (bot.requireIdentity && !data.verified) {
        throw new AppError('forbidden', 'This chat needs you to be signed in on the site');
      }
      await limit('messages', ref.visitorId, ip);
      const sent = await conversations.visitorSend(ref, input, socket.id, afterAck);
      void sent.followUp;
      return { message: sent.message, duplicate: sent.duplicate };
    });

    inbound.on('sync', SyncRequest, async ({ afterSeq }) => {
      await signal();
      return conversations.visitorSync(ref, afterSeq);
    });
    inbound.on('typing', TypingEvent, async ({ typing }) => {
      await signal();
      return conversations.visitorTyping(ref, typing);
    });
    inbound.on('read', ReadEvent, async ({ seq }) => {
      await signal();
      return conversations.visitorRead(ref, seq);
    });

    inbound.on('identify', IdentifyPayload, async (input) => {
      await signal();
      const expected = createHmac('sha256', bot.identitySecret).update(input.userId).digest('hex');
      const verified = input.userHash !== undefined && safeEqual(input.userHash, expected);
      if (!verified) {
        if (bot.requireIdentity) throw new AppError('forbidden', 'Identity verification failed');
        // Unverified: keep what the visitor told us, but never link them to an account.
        await visitors.identify(ref.botId, ref.visitorId, { externalUserId: null, verified: false, name: input.name ?? null, email: input.email ?? null });
        return { verified: false };
      }
      const existing = await visitors.findByExternal(ref.botId, input.userId);
      if (existing && existing.id !== ref.visitorId) {
        // The same person on another device or browser: continue as that visitor.
        return { verified: true, visitorToken: tokens.issue({ botId: ref.botId, visitorId: existing.id }) };
      }
      await visitors.identify(ref.botId, ref.visitorId, { externalUserId: input.userId, verified: true, name: input.name ?? null, email: input.email ?? null });
      data.verified = true;
      return { verified: true };
    });
  });

  async function announcePresence(room: string, ref: VisitorRef, type: 'visitor.online' | 'visitor.offline'): Promise<void> {
    const sockets = await visitorNsp.in(room).fetchSockets();
    if ((type === 'visitor.online' && sockets.length === 1) || (type === 'visitor.offline' && sockets.length === 0)) {
      events.emit({ type, orgId: ref.orgId, botId: ref.botId, visitorId: ref.visitorId });
    }
  }

  // ---- /agent ------------------------------------------------------------------
  const agentNsp = io.of('/agent');
  agentNsp.use((socket, next) => {
    const auth = AgentAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refuse('validation_failed', 'auth must be { apiKey?, orgId? }'));
    const principal = async (): Promise<Principal> => {
      if (auth.data.apiKey) return authenticator.fromBearer(`Bearer ${auth.data.apiKey}`);
      // A cookie rides along with any page's WebSocket: only Parley's own pages may use it.
      if (socket.handshake.headers.origin !== widget.parleyOrigin) throw new AppError('forbidden', 'Cross-site connection refused');
      const token = deps.parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      if (!token) throw new AppError('unauthorized', 'Sign in first');
      return authenticator.fromSessionToken(token);
    };
    principal()
      .then(async (p) => ({ principal: p, ctx: await authenticator.orgContext(p, auth.data.orgId, 'viewer') }))
      .then((data) => {
        agentData.set(socket, data);
        next();
      })
      .catch((err: unknown) => {
        if (err instanceof AppError) return next(refuse(err.code, err.message));
        internal(err);
        next(refuse('internal', 'Could not connect'));
      });
  });

  agentNsp.on('connection', (socket: Socket) => {
    const data = agentData.get(socket);
    if (!data) return void socket.disconnect(true);
    const { ctx, principal } = data;
    // Besides the org's room, rooms that name who this is, so their access can be revoked (access.revoked).
    void socket.join([
      orgRoom(ctx.orgId),
      ...(principal.kind === 'session'
        ? [sessionRoom(principal.sessionId), userRoom(principal.userId), memberRoom(ctx.orgId, principal.userId)]
        : [apiKeyRoom(principal.apiKeyId)]),
    ]);
    const inbound = socketEvents(socket, internal);
    inbound.on('message.send', AgentSend, async ({ conversationId, ...reply }) => conversations.agentSend(ctx, conversationId, reply));
    inbound.on('typing', AgentTyping, async ({ conversationId, typing }) => conversations.agentTyping(ctx, conversationId, typing));
    inbound.on('read', AgentRead, async ({ conversationId, seq }) => conversations.agentRead(ctx, conversationId, seq));
  });

  // ---- the one listener: domain events → rooms ----------------------------------
  /** Closes the dashboard sockets of whoever lost (or changed) access, on every node (through the adapter). */
  const revoke = (orgId: string | null, target: AccessTarget): void => {
    const agents = io.of('/agent');
    switch (target.kind) {
      case 'session':
        agents.in(sessionRoom(target.sessionId)).disconnectSockets(true);
        return;
      case 'user':
        (target.exceptSessionId ? agents.in(userRoom(target.userId)).except(sessionRoom(target.exceptSessionId)) : agents.in(userRoom(target.userId))).disconnectSockets(true);
        return;
      case 'member':
        if (orgId) agents.in(memberRoom(orgId, target.userId)).disconnectSockets(true);
        return;
      case 'apiKey':
        agents.in(apiKeyRoom(target.apiKeyId)).disconnectSockets(true);
        return;
    }
  };
  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'access.revoked') return revoke(event.orgId, event.target);
    for (const d of routeEvent(event)) {
      const room = io.of(`/${d.namespace}`).to(d.room);
      (d.except === undefined ? room : room.except(d.except)).emit(d.event, d.payload);
    }
  });

  return {
    close: () => {
      unsubscribe();
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}
