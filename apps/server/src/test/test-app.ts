import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Me, type Role } from '@parley/contracts';
import type { DatabaseHandle } from '@parley/db';
import { buildApp } from '../app.js';
import { loadConfig, type Env } from '../config/config.js';
import { createStores } from '../features/data-store.js';
import { createSetupService } from '../features/setup/setup-service.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** Moves the server's clock (sessions, invitations) without waiting. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export const TEST_PUBLIC_URL = 'http://parley.test';

/** A real app on a fresh database of this project's kind (PGlite or PostgreSQL). */
export async function createTestApp(env: Env = {}, logStream?: { write(line: string): void }): Promise<TestApp> {
  const database = await createTestDatabase();
  let offset = 0;
  const config = loadConfig({
    NODE_ENV: 'test',
    PARLEY_DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: TEST_PUBLIC_URL,
    LOGIN_RATE_LIMIT_MAX: '1000',
    // The GeoIP data costs ~130 MB per process; tests that check locations turn it on.
    GEOIP: 'false',
    ...env,
  });
  const app = await buildApp(config, { database, now: () => new Date(Date.now() + offset), ...(logStream ? { logStream } : {}) });
  await app.ready();
  return {
    app,
    database,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Credentials a request is made with. */
export interface Actor {
  headers: Record<string, string>;
  userId?: string;
  orgId?: string;
}

export const anonymous: Actor = { headers: {} };

export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'parley_session');
  if (!cookie) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return `parley_session=${cookie.value}`;
}

export async function signIn(app: FastifyInstance, email: string, password: string, orgId?: string): Promise<Actor> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed ${res.statusCode}: ${res.body}`);
  const me = Me.parse(res.json());
  const org = orgId ?? me.organizations[0]?.id;
  return {
    headers: { cookie: sessionCookie(res), 'x-csrf-token': me.csrfToken, ...(org ? { 'x-parley-org': org } : {}) },
    userId: me.user.id,
    ...(org ? { orgId: org } : {}),
  };
}

let counter = 0;
export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}@example.test`;
export const PASSWORD = 'correct horse battery';

/** A new user owning a new organization, signed in. */
export async function createOwner(t: TestApp, label = 'owner', orgName = `${label} org`): Promise<Actor & { email: string }> {
  const email = uniqueEmail(label);
  await createSetupService(t.database.db).createAdmin({ email, password: PASSWORD, name: label, orgName });
  return { ...(await signIn(t.app, email, PASSWORD)), email };
}

/** Adds a member with `role` to the owner's organization through a real invitation, signed in. */
export async function createMember(t: TestApp, owner: Actor, role: Role, label: string = role): Promise<Actor & { email: string }> {
  const email = uniqueEmail(label);
  const invite = await call(t.app, owner, 'POST', '/api/v1/invitations', { email, role });
  if (invite.statusCode !== 201) throw new Error(`invite failed ${invite.statusCode}: ${invite.body}`);
  const url: unknown = invite.json().url;
  const token = typeof url === 'string' ? url.split('/').pop() : undefined;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, name: label, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`accept failed ${res.statusCode}: ${res.body}`);
  return { ...(await signIn(t.app, email, PASSWORD, owner.orgId)), email };
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export function call(app: FastifyInstance, actor: Actor, method: Method, url: string, payload?: unknown, extra: Record<string, string> = {}) {
  const options: InjectOptions = { method, url, headers: { ...actor.headers, ...extra } };
  if (payload !== undefined) options.payload = JSON.stringify(payload);
  if (payload !== undefined) options.headers = { ...options.headers, 'content-type': 'application/json' };
  return app.inject(options);
}

export function bearer(key: string): Actor {
  return { headers: { authorization: `Bearer ${key}` } };
}

/** A visitor of `botId` with one conversation holding one visitor message; returns the conversation id. */
export async function createConversation(t: TestApp, orgId: string, botId: string, body = 'hello from a visitor'): Promise<string> {
  const stores = createStores(t.database.db);
  const visitor = await stores.visitors.create(orgId, botId, {});
  const conversation = await stores.conversations.create({ orgId, botId, visitorId: visitor.id, humanMode: false });
  await stores.conversations.append(conversation, { clientId: 'fixture-0001', author: 'visitor', body }, new Date());
  return conversation.id;
}
