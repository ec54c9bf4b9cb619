import { z } from 'zod';
import { Locale } from './bots.js';
import { Id, InputTimestamp, Timestamp } from './ids.js';

/**
 * Safe widget releases (Issue 4): each bot's widget is a sequence of releases, one
 * active; canaries and experiments serve other releases to sticky buckets of visitors.
 *
 *   /api/v1/bots/:botId/releases            GET list, POST create draft
 *   /api/v1/bots/:botId/releases/:id        GET, PATCH (drafts only), DELETE (drafts only)
 *   /api/v1/bots/:botId/releases/:id/publish   POST (makes it the active release)
 *   /api/v1/bots/:botId/releases/:id/copy      POST (a new draft from any release)
 *   /api/v1/bots/:botId/releases/:id/preview   POST → a signed preview link
 *   /api/v1/bots/:botId/rollback            POST { releaseId?, reason }
 *   /api/v1/bots/:botId/deployments         GET the timeline
 *   /api/v1/bots/:botId/rollouts            GET, POST start a canary; /:id/pause|resume|abort|promote
 *   /api/v1/bots/:botId/experiments         GET, POST start; /:id/stop { winnerReleaseId }
 *   /api/v1/bots/:botId/release-stats       GET per-release analytics (?from&to)
 *   /widget/v1/bots/:botId/events           POST batched beacons (public)
 */

export const Semver = z
  .string()
  .trim()
  .regex(/^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/, { error: 'must be a version such as 1.4.0' });
export type Semver = z.infer<typeof Semver>;

const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour such as #4f46e5' });
const Text = (max: number) => z.string().trim().max(max);

/** Everything a release decides about the widget. One schema: API, database and widget agree. */
export const WidgetConfig = z.strictObject({
  theme: z.strictObject({
    color: HexColor.default('#4f46e5'),
    position: z.enum(['right', 'left']).default('right'),
    launcherText: Text(40).default(''),
  }),
  texts: z.strictObject({
    title: Text(60).default(''),
    placeholder: Text(80).default(''),
    awayMessage: Text(500).default(''),
  }),
  greeting: Text(500).default(''),
  tabs: z.strictObject({ assistant: z.boolean().default(true), liveSupport: z.boolean().default(false) }),
  /** Feature switches the widget understands; unknown keys are refused, not ignored. */
  features: z.strictObject({
    typingIndicator: z.boolean().default(true),
    readReceipts: z.boolean().default(true),
    /**
     * Fault injection for rehearsing release safety: the widget throws right after it
     * reports `loaded`, so a canary of such a release is what the judge must roll back.
     */
    simulateCrash: z.boolean().default(false),
  }),
  locale: Locale.default('en'),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;
/** A partial config; missing fields take the defaults. */
export const WidgetConfigInput = z.strictObject({
  theme: WidgetConfig.shape.theme.partial().optional(),
  texts: WidgetConfig.shape.texts.partial().optional(),
  greeting: WidgetConfig.shape.greeting.optional(),
  tabs: WidgetConfig.shape.tabs.partial().optional(),
  features: WidgetConfig.shape.features.partial().optional(),
  locale: Locale.optional(),
});
export type WidgetConfigInput = z.infer<typeof WidgetConfigInput>;

/** A complete config from a partial one (defaults filled in). */
export function completeWidgetConfig(input: WidgetConfigInput = {}): WidgetConfig {
  return WidgetConfig.parse({
    theme: input.theme ?? {},
    texts: input.texts ?? {},
    greeting: input.greeting,
    tabs: input.tabs ?? {},
    features: input.features ?? {},
    locale: input.locale,
  });
}

export const ReleaseStatus = z.enum(['draft', 'published', 'archived']);
export type ReleaseStatus = z.infer<typeof ReleaseStatus>;

export const Release = z.object({
  id: Id,
  botId: Id,
  semver: Semver,
  status: ReleaseStatus,
  /** True for the one release every visitor gets unless a canary or experiment says otherwise. */
  active: z.boolean(),
  config: WidgetConfig,
  /** The widget runtime build this release runs on. */
  runtime: z.string(),
  changelog: z.string(),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  publishedBy: Id.nullable(),
  publishedAt: Timestamp.nullable(),
  /** Where the widget runtime is loaded from (the CDN base URL, default the Parley origin). */
  assetUrl: z.string(),
});
export type Release = z.infer<typeof Release>;

export const CreateReleaseBody = z.strictObject({
  /** Default: the next patch after the latest release. */
  semver: Semver.optional(),
  config: WidgetConfigInput.default({}),
  changelog: Text(5000).default(''),
  /**
   * Copy the config of this release (then `config` is applied on top). Without it, the draft starts from the
   * bot's defaults: what its visitors get while no release is active (its locale; Live Support if premium).
   */
  fromReleaseId: Id.optional(),
});
export type CreateReleaseBody = z.infer<typeof CreateReleaseBody>;

export const UpdateReleaseBody = z
  .strictObject({ semver: Semver, config: WidgetConfigInput, changelog: Text(5000) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'at least one field must be given' });
export type UpdateReleaseBody = z.infer<typeof UpdateReleaseBody>;

export const SuggestedVersions = z.object({ patch: Semver, minor: Semver, major: Semver });
export type SuggestedVersions = z.infer<typeof SuggestedVersions>;

export const ReleaseList = z.object({ releases: z.array(Release), suggested: SuggestedVersions });
export type ReleaseList = z.infer<typeof ReleaseList>;

export const Reason = z.string().trim().min(1, { error: 'say why' }).max(1000);
export const PublishBody = z.strictObject({ reason: Reason.optional() });
export const RollbackBody = z.strictObject({
  /** Default: the release that was active before the current one. */
  releaseId: Id.optional(),
  reason: Reason,
});
export type RollbackBody = z.infer<typeof RollbackBody>;

export const PreviewLink = z.object({ url: z.string(), token: z.string(), expiresAt: Timestamp });
export type PreviewLink = z.infer<typeof PreviewLink>;

export const DeploymentKind = z.enum([
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
export type DeploymentKind = z.infer<typeof DeploymentKind>;

export const Deployment = z.object({
  id: Id,
  botId: Id,
  kind: DeploymentKind,
  releaseId: Id.nullable(),
  previousReleaseId: Id.nullable(),
  /** A user, or the automatic judge. */
  actor: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), userId: Id.nullable(), name: z.string().nullable() }),
    z.object({ kind: z.literal('judge') }),
    z.object({ kind: z.literal('system') }),
  ]),
  reason: z.string(),
  /** For automatic decisions: the numbers behind them. */
  metrics: z.unknown().nullable(),
  at: Timestamp,
});
export type Deployment = z.infer<typeof Deployment>;

export const RolloutState = z.enum(['running', 'paused', 'completed', 'rolled_back', 'aborted']);
export type RolloutState = z.infer<typeof RolloutState>;

export const RolloutPolicyInput = z.strictObject({
  steps: z.array(z.number().gt(0).max(100)).min(1).max(20).optional(),
  minStepDurationMinutes: z.number().min(0).max(7 * 24 * 60).optional(),
  minSamplePerStep: z.number().int().min(1).max(10_000_000).optional(),
  maxErrorRate: z.number().min(0).max(1).optional(),
  maxP95LoadMs: z.number().int().min(1).max(600_000).optional(),
  significance: z.number().gt(0).lt(1).optional(),
  guards: z
    .array(z.strictObject({ metric: z.enum(['open_rate', 'conversion']), maxRelativeDrop: z.number().gt(0).max(1) }))
    .max(4)
    .optional(),
});
export type RolloutPolicyInput = z.infer<typeof RolloutPolicyInput>;

export const StartRolloutBody = z.strictObject({ releaseId: Id, policy: RolloutPolicyInput.default({}), reason: Reason.optional() });
export type StartRolloutBody = z.infer<typeof StartRolloutBody>;

export const Rollout = z.object({
  id: Id,
  botId: Id,
  candidateReleaseId: Id,
  baselineReleaseId: Id,
  steps: z.array(z.number()),
  stepIndex: z.number().int(),
  percent: z.number(),
  policy: z.record(z.string(), z.unknown()),
  state: RolloutState,
  stepStartedAt: Timestamp,
  /** The judge's latest decision: verdict, reasons and the numbers. */
  lastVerdict: z.unknown().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Rollout = z.infer<typeof Rollout>;

export const ExperimentGoal = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), event: z.string().trim().min(1).max(100) }),
  z.strictObject({ kind: z.literal('open_rate') }),
  z.strictObject({ kind: z.literal('messages_per_session') }),
]);
export type ExperimentGoal = z.infer<typeof ExperimentGoal>;

export const StartExperimentBody = z.strictObject({
  name: Text(100).min(1),
  arms: z
    .array(z.strictObject({ releaseId: Id, weight: z.number().int().min(1).max(10_000) }))
    .min(2)
    .max(5),
  goal: ExperimentGoal,
});
export type StartExperimentBody = z.infer<typeof StartExperimentBody>;

export const Experiment = z.object({
  id: Id,
  botId: Id,
  name: z.string(),
  arms: z.array(z.object({ releaseId: Id, weight: z.number() })),
  goal: ExperimentGoal,
  state: z.enum(['running', 'stopped']),
  winnerReleaseId: Id.nullable(),
  startedAt: Timestamp,
  stoppedAt: Timestamp.nullable(),
});
export type Experiment = z.infer<typeof Experiment>;

export const StopExperimentBody = z.strictObject({ winnerReleaseId: Id.optional(), reason: Reason.optional() });

export const ArmResult = z.object({
  releaseId: Id,
  visitors: z.number().int(),
  conversions: z.number().int(),
  rate: z.number(),
  /** Against the first arm (the control); null for the control itself. */
  lift: z
    .object({ absolute: z.number(), relative: z.number().nullable(), ci95: z.tuple([z.number(), z.number()]), pValue: z.number() })
    .nullable(),
});
export const ExperimentResults = z.object({
  experimentId: Id,
  arms: z.array(ArmResult),
  sampleRatioMismatch: z.object({ chiSquare: z.number(), pValue: z.number(), mismatch: z.boolean() }),
});
export type ExperimentResults = z.infer<typeof ExperimentResults>;

/** What the widget reports, batched (sendBeacon). */
export const WidgetEvent = z.discriminatedUnion('type', [
  /** From the loader: the launcher is on the page (a page view of the release; most never load the widget). */
  z.strictObject({ type: z.literal('viewed') }),
  z.strictObject({ type: z.literal('loaded'), loadTimeMs: z.number().int().min(0).max(600_000) }),
  z.strictObject({ type: z.literal('error'), message: Text(500), stackHash: z.string().regex(/^[0-9a-f]{1,64}$/) }),
  z.strictObject({ type: z.literal('opened') }),
  z.strictObject({ type: z.literal('message_sent') }),
  z.strictObject({
    type: z.literal('track'),
    name: z.string().trim().min(1).max(100),
    props: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
  }),
]);
export type WidgetEvent = z.infer<typeof WidgetEvent>;

export const WidgetEventBatch = z.strictObject({
  visitorToken: z.string().max(512),
  releaseId: Id,
  events: z.array(WidgetEvent).min(1).max(50),
});
export type WidgetEventBatch = z.infer<typeof WidgetEventBatch>;

/**
 * What the beacon endpoint accepts: the envelope is checked as a whole, each event on its
 * own. Events that fail `WidgetEvent` (malformed, out of range) are dropped and counted,
 * never stored; the valid ones of the same batch are kept.
 */
export const WidgetEventEnvelope = z.strictObject({
  visitorToken: z.string().max(512),
  releaseId: Id,
  events: z.array(z.unknown()).min(1).max(50),
});
export type WidgetEventEnvelope = z.infer<typeof WidgetEventEnvelope>;

export const ReleaseStatsRow = z.object({
  releaseId: Id,
  semver: Semver,
  /** Page views that showed the release's launcher (reported by the loader). */
  views: z.number().int(),
  /** Widget app loads (the chat loaded: the visitor came near the launcher, or had unread messages). */
  loads: z.number().int(),
  errors: z.number().int(),
  /** Errors per load. */
  errorRate: z.number(),
  p50LoadMs: z.number().nullable(),
  p95LoadMs: z.number().nullable(),
  opens: z.number().int(),
  /** Opens and conversions per page view (per load for data from loaders that did not report views). */
  openRate: z.number(),
  conversions: z.number().int(),
  conversionRate: z.number(),
  /** Loads per hour, for the charts. */
  series: z.array(z.object({ at: Timestamp, loads: z.number().int(), errors: z.number().int() })),
});
export const ReleaseStats = z.object({
  from: Timestamp,
  to: Timestamp,
  releases: z.array(ReleaseStatsRow),
  /** Beacon events refused in the window (by day granularity), by reason: never counted above. */
  dropped: z.record(z.string(), z.number().int()),
});
export type ReleaseStats = z.infer<typeof ReleaseStats>;

/** `?from&to` (ISO times; default the last 7 days) and the `track` event that counts as a conversion (default `purchase`). */
export const ReleaseStatsQuery = z
  .strictObject({
    from: InputTimestamp.optional(),
    to: InputTimestamp.optional(),
    goal: z.string().trim().min(1).max(100).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    error: '`from` must be before `to`',
    path: ['from'],
  });
export type ReleaseStatsQuery = z.infer<typeof ReleaseStatsQuery>;

/** pause | resume | abort | promote: an optional reason for the timeline. */
export const RolloutActionBody = z.strictObject({ reason: Reason.optional() }).nullish();
export type RolloutActionBody = z.infer<typeof RolloutActionBody>;
