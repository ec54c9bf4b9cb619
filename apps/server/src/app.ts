import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createDatabase, type DatabaseHandle } from '@parley/db';
import type { Config } from './config/config.js';
import { AppError } from './errors/app-error.js';
import { analyticsRoutes } from './features/analytics/analytics-routes.js';
import { createAnalyticsService } from './features/analytics/analytics-service.js';
import { widgetEventRoutes } from './features/analytics/widget-event-routes.js';
import { createRolloutJudge } from './features/rollouts/rollout-judge.js';
import { createRetentionJob } from './features/retention/retention-job.js';
import { rolloutRoutes } from './features/rollouts/rollout-routes.js';
import { createRolloutService } from './features/rollouts/rollout-service.js';
import { experimentRoutes } from './features/experiments/experiment-routes.js';
import { createExperimentService } from './features/experiments/experiment-service.js';
import { createApiKeyService } from './features/api-keys/api-key-service.js';
import { apiKeyRoutes } from './features/api-keys/api-key-routes.js';
import { authRoutes } from './features/auth/auth-routes.js';
import { createAuthService } from './features/auth/auth-service.js';
import { createAuthenticator } from './features/auth/authenticator.js';
import { botRoutes } from './features/bots/bot-routes.js';
import { createBotService } from './features/bots/bot-service.js';
import { createStores, createTransact } from './features/data-store.js';
import { createPreviewTokens } from './features/releases/preview-tokens.js';
import { releaseRoutes } from './features/releases/release-routes.js';
import { createReleaseService } from './features/releases/release-service.js';
import { createServingPlanCache } from './features/releases/serving-plan-cache.js';
import { createServingPlanStore } from './features/releases/serving-plan-store.js';
import { widgetRuntimeId } from './features/releases/widget-runtime.js';
import { healthRoutes, metaRoutes } from './features/health/health-routes.js';
import { invitationRoutes } from './features/invitations/invitation-routes.js';
import { knowledgeRoutes } from './features/knowledge/knowledge-routes.js';
import { createKnowledgeService } from './features/knowledge/knowledge-service.js';
import { createInvitationService } from './features/invitations/invitation-service.js';
import { orgRoutes } from './features/orgs/org-routes.js';
import { createOrgService } from './features/orgs/org-service.js';
import { authPlugin } from './plugins/auth.js';
import { dashboardPlugin, defaultDashboardDir, defaultLoaderFile, defaultWidgetDir } from './plugins/dashboard.js';
import { errorHandlerPlugin, sendProblem, toAppError } from './plugins/error-handler.js';
import { openApiPlugin } from './plugins/openapi.js';
import { unstorableText } from './lib/unstorable-text.js';
import { lazyChildLoggerFactory } from './lib/lazy-child-logger.js';
import { serverWithFastPath, type FastPath } from './lib/server-with-fast-path.js';
import { redactUrl } from './lib/redact-url.js';
import { createEventBus } from './events/domain-events.js';
import { assistantRoutes } from './features/assistant/assistant-routes.js';
import { createAssistantFeature } from './features/assistant/create-assistant.js';
import { intentRoutes } from './features/intents/intent-routes.js';
import { createPgKnowledge } from './features/knowledge/pg-knowledge.js';
import { conversationRoutes } from './features/conversations/conversation-routes.js';
import { createConversationService } from './features/conversations/conversation-service.js';
import { createFollowUpLedger } from './features/conversations/follow-up-ledger.js';
import { createFollowUpRecovery } from './features/conversations/follow-up-recovery.js';
import { createVisitorTokens } from './features/visitors/visitor-token.js';
import { createResolveFastPath } from './features/widget/resolve-fast-path.js';
import { widgetRoutes } from './features/widget/widget-routes.js';
import { createWidgetService } from './features/widget/widget-service.js';
import { createAdapter } from '@socket.io/redis-adapter';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { attachRealtime, createPresence, createSocketServer } from './realtime/realtime-server.js';
import { connectRedis } from './realtime/redis-connection.js';
import { version } from './version.js';
import { noGeoIp, openGeoIp, type GeoIp } from './features/geoip/geo-ip.js';
import { createSsrfGuard } from './lib/ssrf-guard.js';
import { subscribeWebhookEvents } from './features/webhooks/webhook-event-mapper.js';
import { createWebhookOutbox } from './features/webhooks/webhook-outbox.js';
import { webhookRoutes } from './features/webhooks/webhook-routes.js';
import { createWebhookService } from './features/webhooks/webhook-service.js';
import { createWebhookWorker } from './features/webhooks/webhook-worker.js';
import { createWorkflowForwarder } from './features/webhooks/workflow-forwarder.js';
import { createLlmProvider } from './features/llm/create-llm-provider.js';
import type { LlmProvider } from './features/assistant/llm-provider.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, for tests that must cover all of them. */
    parleyRoutes: RouteOptions[];
    database: DatabaseHandle;
    /** Each bot's LLM (endpoint, timeouts, circuit breaker, monthly token budget). */
    llm: LlmProvider;
  }
}

export interface AppDeps {
  /** An already-open database; otherwise one is created from config (and closed with the app). */
  database?: DatabaseHandle;
  now?: () => Date;
  /** Country and city of an IP address (default: opened from config, once per process). */
  geoIp?: GeoIp;
  /** Where logs go (default stdout); tests capture them. */
  logStream?: { write(line: string): void };
}

const SESSION_SWEEP_MS = 3_600_000;

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.identitySecret',
  '*.secretKey',
  '*.apiKey',
  '*.llmApiKey',
  '*.key',
  '*.token',
];

/** The database the configuration names: PostgreSQL with DATABASE_URL, else PGlite in the data dir. */
export function openDatabase(config: Config): DatabaseHandle {
  return createDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolMax: config.database.poolMax });
}

// The GeoIP data is ~130 MB in memory: every app in the process shares one copy.
const geoIps = new Map<string, Promise<GeoIp>>();
function sharedGeoIp(config: Config, log: FastifyInstance['log']): Promise<GeoIp> {
  if (!config.geoIp.enabled) return Promise.resolve(noGeoIp);
  const key = config.geoIp.file ?? '(bundled)';
  let geoIp = geoIps.get(key);
  if (!geoIp) {
    geoIp = openGeoIp({ file: config.geoIp.file }).catch((err: unknown) => {
      log.warn({ err }, 'GeoIP database could not be opened; visitors will have no country or city');
      return noGeoIp;
    });
    geoIps.set(key, geoIp);
  }
  return geoIp;
}

/** Builds the whole server without listening; `main` listens, tests use `inject()`. */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const database = deps.database ?? openDatabase(config);
  const ownsDatabase = deps.database === undefined;

  // Returning visitors' resolve answers leave before routing (resolve-fast-path.ts), set once the widget service exists.
  let fastPath: FastPath | undefined;
  const app = Fastify({
    serverFactory: serverWithFastPath(() => fastPath),
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
        }),
      },
    },
    // Request loggers are made on first use: most requests log nothing at warn.
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: (error, request, reply) => {
      void sendProblem(request, reply, toAppError(error));
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // The API speaks JSON only (anything else is 415). An empty body on a JSON request
  // (a POST with no payload) is "no body", not malformed JSON.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    // The default parser reports through `done`; its return value carries nothing.
    void jsonParser(request, text, (err, parsed: unknown) => {
      if (err) return done(err, undefined);
      const problem = unstorableText(parsed);
      if (problem) return done(new AppError('validation_failed', problem), undefined);
      done(null, parsed);
    });
  });

  app.decorate('parleyRoutes', []);
  app.decorate('database', database);
  app.addHook('onRoute', (route) => {
    app.parleyRoutes.push(route);
  });

  await database.migrate();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    if (ownsDatabase) await database.close();
  });

  const stores = createStores(database.db);
  const { users, sessions, orgs: orgStore, apiKeys: apiKeyStore, invitations, bots } = stores;
  const transact = createTransact(database.db);
  const events = createEventBus((err) => app.log.error({ err }, 'domain event listener failed'));
  const auth = createAuthService({ users, sessions, orgs: orgStore, sessionTtlMs: config.auth.sessionTtlMs, now, events });
  const authenticator = createAuthenticator({ sessions, apiKeys: apiKeyStore, orgs: orgStore, now });

  const io = createSocketServer(app.server);
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, (err) => app.log.error({ err }, 'redis error')) : undefined;
  if (redis) io.adapter(createAdapter(redis.pub, redis.sub, { key: 'parley' }));
  const { visitorMessages, ipMessages, visitorSignals, ipSignals, windowSeconds } = config.messageLimits;
  const limiter = (points: number, keyPrefix: string, duration = windowSeconds) =>
    redis
      ? new RateLimiterRedis({ storeClient: redis.pub, useRedisPackage: true, points, duration, keyPrefix })
      : new RateLimiterMemory({ points, duration, keyPrefix });
  // Webhooks: the durable outbox, its delivery worker (started with the app, stopped before the
  // database closes), event webhooks from the bus, and the workflow forwarder for workflow-mode bots.
  const ssrfGuard = createSsrfGuard({ allowPrivate: config.webhooks.allowPrivate });
  // This process: stamped on the messages it stores and the webhook deliveries it claims.
  const nodeId = randomUUID();
  const webhookWorker = createWebhookWorker({ stores, guard: ssrfGuard, ...config.webhooks, nodeId, now, log: app.log });
  const webhookOutbox = createWebhookOutbox({ stores, maxAttempts: config.webhooks.maxAttempts, now, wake: () => webhookWorker.wake() });
  // Follow-ups of this process's messages (bot answers, webhooks) under way, for its checkpoint.
  const followUpLedger = createFollowUpLedger(now);
  const webhookEvents = subscribeWebhookEvents({
    events,
    outbox: webhookOutbox,
    stores,
    now,
    onError: (err) => app.log.error({ err }, 'webhook enqueue failed'),
    ledger: followUpLedger,
  });
  const workflow = createWorkflowForwarder({ stores, outbox: webhookOutbox });
  app.decorate('workflow', workflow);
  app.addHook('onReady', async () => webhookWorker.start());
  const llm = createLlmProvider({ options: config.llm, usage: stores.llmUsage, now, log: app.log });
  app.decorate('llm', llm);
  // The hybrid assistant: settings, intents (retrained in the background) and the pipeline answering visitors.
  const assistantFeature = createAssistantFeature({ stores, transact, events, now, log: app.log, knowledge: createPgKnowledge(database.db), llm, workflow, urlGuard: ssrfGuard });
  app.addHook('onReady', async () => {
    assistantFeature.trainer.start().catch((err: unknown) => app.log.error({ err }, 'stale intent models could not be listed'));
  });
  app.addHook('preClose', async () => assistantFeature.trainer.stop());
  const conversations = createConversationService({
    stores,
    transact,
    events,
    assistant: assistantFeature.assistant,
    presence: createPresence(io),
    now,
    onFollowUpError: (err) => app.log.error({ err }, 'assistant follow-up failed'),
    nodeId,
    ledger: followUpLedger,
    recordInTransaction: (tx, event) => webhookEvents.inTransaction(tx, event),
  });
  const followUps = createFollowUpRecovery({
    store: stores.followUps,
    ledger: followUpLedger,
    nodeId,
    ...config.followUps,
    recover: async (message) => {
      await webhookEvents.recover(message);
      await conversations.recoverFollowUp(message);
    },
    // A delivery the dead process was sending goes out again now, not when its claim expires.
    release: async (deadNodeId) => {
      if ((await stores.webhookDeliveries.releaseClaimsOf(deadNodeId)) > 0) webhookWorker.wake();
    },
    now,
    log: app.log,
  });
  // Before the server takes its first message: no message is stored in this process's name without a checkpoint.
  app.addHook('onReady', async () => followUps.start());
  const tokens = createVisitorTokens(config.secretKey, now);
  const previews = createPreviewTokens(config.secretKey, now);
  const servingPlanStore = createServingPlanStore(database.db);
  const servingPlans = createServingPlanCache({ load: (orgId, botId) => servingPlanStore.load(orgId, botId), now: () => now().getTime() });
  const widget = createWidgetService({
    bots,
    conversations: stores.conversations,
    tokens,
    publicUrl: config.publicUrl,
    plans: servingPlans,
    releases: stores.releases,
    previews,
    runtimeUrl: config.releases.cdnUrl,
  });
  /**
   * A cache drop done on this node at once and on every other node through the adapter (Redis): `drop`
   * runs here, and on the others when they hear `name` with the same string keys.
   */
  const onEveryNode = (name: string, drop: (...keys: string[]) => void): ((...keys: string[]) => void) => {
    io.on(name, (...keys: unknown[]) => {
      if (keys.every((key): key is string => typeof key === 'string')) drop(...keys);
    });
    return (...keys) => {
      drop(...keys);
      if (redis) io.serverSideEmit(name, ...keys);
    };
  };
  // resolve's per-visitor unread count, a bot's serving plan (a deploy), and what every visitor message asks
  // (does the bot have knowledge? does the organization want webhooks?).
  const forgetVisitor = onEveryNode('parley:visitor.changed', (visitorId) => widget.forgetVisitor(visitorId));
  const forgetPlan = onEveryNode('parley:release.changed', (botId) => servingPlans.invalidate(botId));
  const forgetKnowledge = onEveryNode('parley:knowledge.changed', (orgId, botId) => assistantFeature.forgetKnowledge(orgId, botId));
  const forgetWebhooks = onEveryNode('parley:webhooks.changed', (orgId) => webhookOutbox.forget(orgId));
  events.subscribe((event) => {
    if ((event.type === 'message.created' && event.message.author !== 'visitor' && !event.message.internal) || (event.type === 'read' && event.by === 'visitor')) {
      forgetVisitor(event.visitorId);
    }
    // Bot settings: this node at once, others within RESOLVE_CACHE_TTL_MS.
    if (event.type === 'bot.changed') widget.forgetBot(event.botId);
    if (event.type === 'release.changed') forgetPlan(event.botId);
    if (event.type === 'knowledge.changed') forgetKnowledge(event.orgId, event.botId);
    if (event.type === 'webhooks.changed') forgetWebhooks(event.orgId);
  });
  const releases = createReleaseService({
    stores,
    transact,
    events,
    previews,
    now,
    runtime: widgetRuntimeId(config.widgetDir ?? defaultWidgetDir),
    assetUrl: `${config.releases.cdnUrl}/widget/v1/assets/`,
    publicUrl: config.publicUrl,
    retention: config.releases.retention,
  });

  const { visitorBatches, ipBatches, windowSeconds: eventWindow } = config.eventLimits;
  const analytics = createAnalyticsService({
    analytics: stores.analytics,
    bots,
    tokens,
    limiters: { visitor: limiter(visitorBatches, 'parley:rl:events:visitor', eventWindow), ip: limiter(ipBatches, 'parley:rl:events:ip', eventWindow) },
    now,
  });
  const rollouts = createRolloutService({ stores, transact, events, now });
  const judge = createRolloutJudge({ leases: stores.jobLeases, rollouts, intervalMs: config.judgeIntervalMs, now, log: app.log });
  app.decorate('runJudgeOnce', (at?: Date) => judge.runOnce(at));
  judge.start();
  app.addHook('preClose', async () => judge.stop());
  const retention = createRetentionJob({
    leases: stores.jobLeases,
    analytics: stores.analytics,
    webhookDeliveries: stores.webhookDeliveries,
    days: config.retentionDays,
    now,
    log: app.log,
  });
  app.decorate('runRetentionOnce', (at?: Date) => retention.runOnce(at));
  retention.start();
  app.addHook('preClose', async () => retention.stop());

  const sweep = setInterval(() => {
    sessions.deleteExpired(now()).catch((err: unknown) => app.log.warn({ err }, 'session sweep failed'));
  }, SESSION_SWEEP_MS);
  sweep.unref();

  await app.register(errorHandlerPlugin);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests; try again in ${context.after}`),
  });
  await app.register(authPlugin, { authenticator });
  await app.register(openApiPlugin, { version, publicUrl: config.publicUrl });

  await app.register(healthRoutes, { database });
  const secureCookies = config.auth.secureCookies;
  const loginRateLimit = config.auth.loginRateLimit;
  await app.register(
    async (api) => {
      await api.register(metaRoutes, { meta: { version, publicUrl: config.publicUrl } });
      await api.register(authRoutes, { auth, secureCookies, loginRateLimit });
      await api.register(orgRoutes, { orgs: createOrgService({ orgs: orgStore, transact, events }) });
      await api.register(invitationRoutes, {
        invitations: createInvitationService({
          invitations,
          users,
          orgs: orgStore,
          auth,
          transact,
          publicUrl: config.publicUrl,
          ttlMs: config.auth.invitationTtlMs,
          now,
        }),
        secureCookies,
        rateLimit: loginRateLimit,
      });
      await api.register(apiKeyRoutes, { apiKeys: createApiKeyService({ apiKeys: apiKeyStore, now, events }) });
      await api.register(botRoutes, { bots: createBotService({ bots, now, events }) });
      await api.register(conversationRoutes, { conversations });
      await api.register(releaseRoutes, { releases });
      await api.register(analyticsRoutes, { analytics });
      await api.register(rolloutRoutes, { rollouts });
      await api.register(experimentRoutes, { experiments: createExperimentService({ stores, transact, events, now }) });
      await api.register(webhookRoutes, {
        webhooks: createWebhookService({ stores, guard: ssrfGuard, maxAttempts: config.webhooks.maxAttempts, now, wake: () => webhookWorker.wake(), events }),
      });
      await api.register(knowledgeRoutes, { knowledge: createKnowledgeService({ stores, transact, now, events }) });
      await api.register(assistantRoutes, { settings: assistantFeature.settings, assistant: assistantFeature.assistant });
      await api.register(intentRoutes, { intents: assistantFeature.intents });
    },
    { prefix: '/api/v1' },
  );
  // Resolve is asked on every page view of every customer site: at info, its requests are not logged (only
  // its problems, at warn), and returning visitors' answers leave before routing. At debug and trace every
  // resolve goes through Fastify and is logged like any request.
  const quietResolve = config.logLevel !== 'debug' && config.logLevel !== 'trace';
  if (quietResolve) {
    fastPath = createResolveFastPath(widget);
    app.addHook('preClose', async () => {
      fastPath = undefined;
    });
  }
  await app.register(widgetRoutes, {
    widget,
    widgetDir: config.widgetDir ?? defaultWidgetDir,
    loaderFile: config.loaderFile ?? defaultLoaderFile,
    resolveLogLevel: config.logLevel === 'info' ? 'warn' : undefined,
  });
  await app.register(widgetEventRoutes, { widget, analytics });
  const realtime = attachRealtime(io, {
    widget,
    visitors: stores.visitors,
    conversations,
    tokens,
    authenticator,
    events,
    parseCookie: (header) => app.parseCookie(header),
    geoIp: deps.geoIp ?? (await sharedGeoIp(config, app.log)),
    trustProxy: config.trustProxy,
    log: app.log,
    now,
    limiters: {
      messages: { visitor: limiter(visitorMessages, 'parley:rl:visitor'), ip: limiter(ipMessages, 'parley:rl:ip') },
      signals: { visitor: limiter(visitorSignals, 'parley:rl:signal:visitor'), ip: limiter(ipSignals, 'parley:rl:signal:ip') },
    },
  });
  // Open WebSockets would keep the HTTP server from closing.
  app.addHook('preClose', async () => realtime.close());
  if (redis) app.addHook('onClose', async () => redis.close());
  // onClose hooks run after the HTTP requests under way have finished, in reverse order of adding: this
  // one runs before Redis and the database close (their hooks were added first). In order: this process's
  // follow-ups finish (bounded) and its checkpoint goes (no request can store a message in its name any
  // more), then the webhook outbox stops.
  app.addHook('onClose', async () => {
    await followUps.close();
    await webhookEvents.close();
    await webhookWorker.stop();
  });
  await app.register(dashboardPlugin, { dir: config.dashboardDir ?? defaultDashboardDir });
  return app;
}
