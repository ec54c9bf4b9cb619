import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bots } from './bots.js';
import { users } from './tenancy.js';
import { at, orgRef, botRef } from './columns.js';


export const releaseStatusEnum = pgEnum('release_status', ['draft', 'published', 'archived']);

/** One version of a bot's widget. Drafts are editable; published and archived ones never change. */
export const widgetReleases = pgTable(
  'widget_releases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    semver: text('semver').notNull(),
    /** Numeric version parts, for ordering. */
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    patch: integer('patch').notNull(),
    status: releaseStatusEnum('status').notNull().default('draft'),
    config: jsonb('config').notNull(),
    runtime: text('runtime').notNull(),
    changelog: text('changelog').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: at('published_at'),
    archivedAt: at('archived_at'),
  },
  (t) => [uniqueIndex('widget_releases_bot_semver_unique').on(t.botId, t.semver), index('widget_releases_bot_idx').on(t.botId, t.status)],
);

/** Which release each bot serves (exactly one per bot once anything is published). */
export const activeReleases = pgTable('active_releases', {
  botId: uuid('bot_id')
    .primaryKey()
    .references(() => bots.id, { onDelete: 'cascade' }),
  orgId: orgRef(),
  releaseId: uuid('release_id')
    .notNull()
    .references(() => widgetReleases.id, { onDelete: 'restrict' }),
  since: at('since').notNull().defaultNow(),
});

export const deploymentKindEnum = pgEnum('deployment_kind', [
  'publish',
  'rollback',
  'canary_start',
  'canary_step',
  'canary_promote',
  'canary_pause',
  'canary_resume',
  'canary_abort',
  'experiment_start',
  'experiment_stop',
  'archive',
]);
export const actorKindEnum = pgEnum('actor_kind', ['user', 'judge', 'system']);

/** The audit trail: every change to what visitors are served. */
export const deployments = pgTable(
  'deployments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    kind: deploymentKindEnum('kind').notNull(),
    releaseId: uuid('release_id').references(() => widgetReleases.id, { onDelete: 'set null' }),
    previousReleaseId: uuid('previous_release_id').references(() => widgetReleases.id, { onDelete: 'set null' }),
    actorKind: actorKindEnum('actor_kind').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull().default(''),
    metrics: jsonb('metrics'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('deployments_bot_at_idx').on(t.botId, t.at)],
);

export const rolloutStateEnum = pgEnum('rollout_state', ['running', 'paused', 'completed', 'rolled_back', 'aborted']);

/** A canary: the candidate release for `percent` of visitors, growing step by step. */
export const rollouts = pgTable(
  'rollouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    candidateReleaseId: uuid('candidate_release_id')
      .notNull()
      .references(() => widgetReleases.id, { onDelete: 'restrict' }),
    baselineReleaseId: uuid('baseline_release_id')
      .notNull()
      .references(() => widgetReleases.id, { onDelete: 'restrict' }),
    /** Per-rollout salt of the sticky bucket. */
    salt: text('salt').notNull(),
    steps: jsonb('steps').notNull(),
    stepIndex: integer('step_index').notNull().default(0),
    percent: real('percent').notNull(),
    policy: jsonb('policy').notNull(),
    state: rolloutStateEnum('state').notNull().default('running'),
    stepStartedAt: at('step_started_at').notNull().defaultNow(),
    lastVerdict: jsonb('last_verdict'),
    judgedAt: at('judged_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One live rollout per bot.
    uniqueIndex('rollouts_one_live_per_bot')
      .on(t.botId)
      .where(sql`${t.state} in ('running', 'paused')`),
  ],
);

export const experimentStateEnum = pgEnum('experiment_state', ['running', 'stopped']);

/** An A/B test: visitors split between releases by weight, judged on a goal. */
export const experiments = pgTable(
  'experiments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    name: text('name').notNull(),
    salt: text('salt').notNull(),
    arms: jsonb('arms').notNull(),
    goal: jsonb('goal').notNull(),
    state: experimentStateEnum('state').notNull().default('running'),
    winnerReleaseId: uuid('winner_release_id').references(() => widgetReleases.id, { onDelete: 'set null' }),
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
    startedAt: at('started_at').notNull().defaultNow(),
    stoppedAt: at('stopped_at'),
    /**
     * Per arm, counted when the experiment stopped: `[{ releaseId, visitors, conversions }]`. A stopped
     * experiment's results read these, so they survive the retention of the widget events they came from.
     */
    armCounts: jsonb('arm_counts'),
  },
  (t) => [
    uniqueIndex('experiments_one_running_per_bot')
      .on(t.botId)
      .where(sql`${t.state} = 'running'`),
  ],
);

// viewed: the loader put the launcher on a page (a page view of the release, chat opened or not); loaded: the widget app ran.
export const widgetEventTypeEnum = pgEnum('widget_event_type', ['loaded', 'error', 'opened', 'message_sent', 'track', 'viewed']);

/** What widgets report (beacons), per release: the analytics and the judge read these. */
export const widgetEvents = pgTable(
  'widget_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: orgRef(),
    botId: botRef(),
    releaseId: uuid('release_id')
      .notNull()
      .references(() => widgetReleases.id, { onDelete: 'cascade' }),
    /** The Parley-issued visitor id (no foreign key: visitor rows are created on first chat). */
    visitorId: uuid('visitor_id').notNull(),
    type: widgetEventTypeEnum('type').notNull(),
    name: text('name'),
    loadTimeMs: integer('load_time_ms'),
    errorHash: text('error_hash'),
    errorMessage: text('error_message'),
    props: jsonb('props'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    index('widget_events_bot_release_at_idx').on(t.botId, t.releaseId, t.at),
    index('widget_events_bot_type_at_idx').on(t.botId, t.type, t.at),
    // For the retention job's "older than" scan: events arrive in time order, so a BRIN index stays a few pages.
    index('widget_events_at_brin').using('brin', t.at),
  ],
);

/** Beacon events refused (malformed, out of range, unknown release, forged visitor), counted per bot, day and reason. */
export const widgetEventDrops = pgTable(
  'widget_event_drops',
  {
    orgId: orgRef(),
    botId: botRef(),
    day: text('day').notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.botId, t.day, t.reason] })],
);

/** Periodic jobs run on one node at a time: whoever holds the unexpired lease. */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: at('expires_at').notNull(),
});
