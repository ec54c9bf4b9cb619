import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// connection string' })
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DEMO_SHOP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PARLEY_DATA_DIR: z.string().min(1).default('./.parley'),
  SECRET_KEY: z.string().min(32, { error: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 14),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).default(24 * 7),
  TRUST_PROXY: booleanFromEnv.default(false),
  DASHBOARD_DIR: z.string().optional(),
  WIDGET_DIR: z.string().optional(),
  LOADER_FILE: z.string().optional(),
  VISITOR_MESSAGE_LIMIT: z.coerce.number().int().min(1).default(20),
  IP_MESSAGE_LIMIT: z.coerce.number().int().min(1).default(60),
  MESSAGE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(10),
  VISITOR_SIGNAL_LIMIT: z.coerce.number().int().min(1).default(120),
  IP_SIGNAL_LIMIT: z.coerce.number().int().min(1).default(600),
  GEOIP: booleanFromEnv.default(true),
  VISITOR_EVENT_LIMIT: z.coerce.number().int().min(1).default(30),
  IP_EVENT_LIMIT: z.coerce.number().int().min(1).default(300),
  EVENT_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  JUDGE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  GEOIP_DB: z.string().min(1).optional(),
  RELEASE_RETENTION: z.coerce.number().int().min(1).max(1000).default(5),
  WIDGET_EVENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(180),
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  WIDGET_CDN_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_MODEL: z.string().trim().min(1).max(200).optional(),
  LLM_API_KEY: z.string().min(1).max(500).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  LLM_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(8_000),
  LLM_CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LLM_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  WEBHOOK_ALLOW_PRIVATE: booleanFromEnv.default(false),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  FOLLOW_UP_HEARTBEAT_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  FOLLOW_UP_DEAD_AFTER_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  database: { url: string | undefined; dataDir: string; poolMax: number };
  /** Set: Socket.IO fan-out, presence and flood limits are shared by every node through Redis. */
  redisUrl: string | undefined;
  /** `parley demo` serves its shop page here (default PORT + 1). */
  demoShopPort: number;
  dataDir: string;
  secretKey: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  auth: {
    sessionTtlMs: number;
    invitationTtlMs: number;
    loginRateLimit: { max: number; windowMs: number };
    secureCookies: boolean;
  };
  bodyLimit: number;
  trustProxy: boolean;
  dashboardDir: string | undefined;
  widgetDir: string | undefined;
  loaderFile: string | undefined;
  /**
   * What a visitor (and an IP address) may send per window before being refused: messages, and
   * signals (the widget's other socket events: sync, typing, read, identify).
   */
  messageLimits: { visitorMessages: number; ipMessages: number; visitorSignals: number; ipSignals: number; windowSeconds: number };
  /** Visitors' country and city from their IP: the bundled DB-IP Lite data, or GEOIP_DB (an MMDB file); GEOIP=false turns it off. */
  geoIp: { enabled: boolean; file: string | undefined };
  /** Widget releases: published ones kept before the oldest are archived; where the widget runtime's assets are served (default PUBLIC_URL). */
  releases: { retention: number; cdnUrl: string };
  /** Widget beacon batches a visitor (and an IP address) may send per window. */
  eventLimits: { visitorBatches: number; ipBatches: number; windowSeconds: number };
  /** How often the canary judge runs (one node at a time). */
  judgeIntervalMs: number;
  /** Days widget events (and refused-event counts) and finished webhook deliveries are kept; 0 keeps them forever. */
  retentionDays: { widgetEvents: number; webhookDeliveries: number };
  /** The global OpenAI-compatible LLM endpoint (bots may name their own), its timeouts and circuit breaker. */
  llm: {
    baseUrl: string | undefined;
    model: string | undefined;
    apiKey: string | undefined;
    timeoutMs: number;
    firstTokenTimeoutMs: number;
    circuit: { failures: number; cooldownMs: number };
  };
  /** Outgoing webhooks and workflow deliveries: SSRF guard, timeout, retries (base × 2^(n-1), capped at 1 h), worker poll interval. */
  webhooks: { allowPrivate: boolean; timeoutMs: number; maxAttempts: number; retryBaseMs: number; pollMs: number };
  /**
   * Follow-ups of messages (the bot's answer, webhooks) survive a crash: each process beats every
   * `heartbeatMs`; one silent for `deadAfterMs` is dead, and another re-runs its unfinished follow-ups.
   */
  followUps: { heartbeatMs: number; deadAfterMs: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once, at start-up, and fails fast with every problem listed.
 * Nothing else in the server reads `process.env`.
 */
export function loadConfig(env: Env): Config {
  const parsed = EnvSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.PARLEY_DATA_DIR);
  if (e.NODE_ENV === 'production' && !e.SECRET_KEY) {
    throw new ConfigError('Invalid configuration:\n  SECRET_KEY: required when NODE_ENV=production');
  }
  if (e.FOLLOW_UP_DEAD_AFTER_MS < 3 * e.FOLLOW_UP_HEARTBEAT_MS) {
    throw new ConfigError('Invalid configuration:\n  FOLLOW_UP_DEAD_AFTER_MS: must be at least 3 × FOLLOW_UP_HEARTBEAT_MS (a slow heartbeat is not a dead process)');
  }
  if (e.LLM_BASE_URL && !e.LLM_MODEL) throw new ConfigError('Invalid configuration:\n  LLM_MODEL: required when LLM_BASE_URL is set');
  const publicUrl = (e.PUBLIC_URL ?? `http://${displayHost(e.HOST)}:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    database: {
      url: e.DATABASE_URL,
      // Tests and throwaway runs may ask for an in-memory PGlite.
      dataDir: e.PARLEY_DATA_DIR.startsWith('memory://') ? 'memory://' : join(dataDir, 'pglite'),
      poolMax: e.DATABASE_POOL_MAX,
    },
    redisUrl: e.REDIS_URL,
    demoShopPort: e.DEMO_SHOP_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
    dataDir,
    secretKey: e.SECRET_KEY ?? (e.PARLEY_DATA_DIR.startsWith('memory://') ? randomBytes(32).toString('hex') : persistedSecret(dataDir)),
    logLevel: e.LOG_LEVEL,
    auth: {
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
      invitationTtlMs: e.INVITATION_TTL_HOURS * 3_600_000,
      loginRateLimit: { max: e.LOGIN_RATE_LIMIT_MAX, windowMs: e.LOGIN_RATE_LIMIT_WINDOW_SECONDS * 1000 },
      secureCookies: publicUrl.startsWith('https://'),
    },
    bodyLimit: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    dashboardDir: e.DASHBOARD_DIR,
    widgetDir: e.WIDGET_DIR,
    loaderFile: e.LOADER_FILE,
    messageLimits: {
      visitorMessages: e.VISITOR_MESSAGE_LIMIT,
      ipMessages: e.IP_MESSAGE_LIMIT,
      visitorSignals: e.VISITOR_SIGNAL_LIMIT,
      ipSignals: e.IP_SIGNAL_LIMIT,
      windowSeconds: e.MESSAGE_LIMIT_WINDOW_SECONDS,
    },
    geoIp: { enabled: e.GEOIP, file: e.GEOIP_DB },
    releases: { retention: e.RELEASE_RETENTION, cdnUrl: (e.WIDGET_CDN_URL ?? publicUrl).replace(/\/+$/, '') },
    eventLimits: { visitorBatches: e.VISITOR_EVENT_LIMIT, ipBatches: e.IP_EVENT_LIMIT, windowSeconds: e.EVENT_LIMIT_WINDOW_SECONDS },
    judgeIntervalMs: e.JUDGE_INTERVAL_SECONDS * 1000,
    retentionDays: { widgetEvents: e.WIDGET_EVENT_RETENTION_DAYS, webhookDeliveries: e.WEBHOOK_DELIVERY_RETENTION_DAYS },
    llm: {
      baseUrl: e.LLM_BASE_URL,
      model: e.LLM_MODEL,
      apiKey: e.LLM_API_KEY,
      timeoutMs: e.LLM_TIMEOUT_MS,
      firstTokenTimeoutMs: e.LLM_FIRST_TOKEN_TIMEOUT_MS,
      circuit: { failures: e.LLM_CIRCUIT_FAILURES, cooldownMs: e.LLM_CIRCUIT_COOLDOWN_MS },
    },
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      pollMs: e.WEBHOOK_POLL_MS,
    },
    followUps: { heartbeatMs: e.FOLLOW_UP_HEARTBEAT_MS, deadAfterMs: e.FOLLOW_UP_DEAD_AFTER_MS },
  };
}

function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

/** Outside production a secret is generated once and kept in the data directory. */
function persistedSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
