CREATE TYPE "public"."actor_kind" AS ENUM('user', 'judge', 'system');--> statement-breakpoint
CREATE TYPE "public"."deployment_kind" AS ENUM('publish', 'rollback', 'canary_start', 'canary_step', 'canary_promote', 'canary_pause', 'canary_resume', 'canary_abort', 'experiment_start', 'experiment_stop', 'archive');--> statement-breakpoint
CREATE TYPE "public"."experiment_state" AS ENUM('running', 'stopped');--> statement-breakpoint
CREATE TYPE "public"."release_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."rollout_state" AS ENUM('running', 'paused', 'completed', 'rolled_back', 'aborted');--> statement-breakpoint
CREATE TYPE "public"."widget_event_type" AS ENUM('loaded', 'error', 'opened', 'message_sent', 'track');--> statement-breakpoint
CREATE TABLE "active_releases" (
	"bot_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"release_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"kind" "deployment_kind" NOT NULL,
	"release_id" uuid,
	"previous_release_id" uuid,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"reason" text DEFAULT '' NOT NULL,
	"metrics" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"name" text NOT NULL,
	"salt" text NOT NULL,
	"arms" jsonb NOT NULL,
	"goal" jsonb NOT NULL,
	"state" "experiment_state" DEFAULT 'running' NOT NULL,
	"winner_release_id" uuid,
	"started_by" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"candidate_release_id" uuid NOT NULL,
	"baseline_release_id" uuid NOT NULL,
	"salt" text NOT NULL,
	"steps" jsonb NOT NULL,
	"step_index" integer DEFAULT 0 NOT NULL,
	"percent" real NOT NULL,
	"policy" jsonb NOT NULL,
	"state" "rollout_state" DEFAULT 'running' NOT NULL,
	"step_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_verdict" jsonb,
	"judged_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"release_id" uuid NOT NULL,
	"visitor_id" uuid NOT NULL,
	"type" "widget_event_type" NOT NULL,
	"name" text,
	"load_time_ms" integer,
	"error_hash" text,
	"error_message" text,
	"props" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"semver" text NOT NULL,
	"major" integer NOT NULL,
	"minor" integer NOT NULL,
	"patch" integer NOT NULL,
	"status" "release_status" DEFAULT 'draft' NOT NULL,
	"config" jsonb NOT NULL,
	"runtime" text NOT NULL,
	"changelog" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "active_releases" ADD CONSTRAINT "active_releases_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "active_releases" ADD CONSTRAINT "active_releases_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "active_releases" ADD CONSTRAINT "active_releases_release_id_widget_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."widget_releases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_release_id_widget_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."widget_releases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_previous_release_id_widget_releases_id_fk" FOREIGN KEY ("previous_release_id") REFERENCES "public"."widget_releases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_winner_release_id_widget_releases_id_fk" FOREIGN KEY ("winner_release_id") REFERENCES "public"."widget_releases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_candidate_release_id_widget_releases_id_fk" FOREIGN KEY ("candidate_release_id") REFERENCES "public"."widget_releases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_baseline_release_id_widget_releases_id_fk" FOREIGN KEY ("baseline_release_id") REFERENCES "public"."widget_releases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_events" ADD CONSTRAINT "widget_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_events" ADD CONSTRAINT "widget_events_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_events" ADD CONSTRAINT "widget_events_release_id_widget_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."widget_releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_releases" ADD CONSTRAINT "widget_releases_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_releases" ADD CONSTRAINT "widget_releases_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_releases" ADD CONSTRAINT "widget_releases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_releases" ADD CONSTRAINT "widget_releases_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployments_bot_at_idx" ON "deployments" USING btree ("bot_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_one_running_per_bot" ON "experiments" USING btree ("bot_id") WHERE "experiments"."state" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "rollouts_one_live_per_bot" ON "rollouts" USING btree ("bot_id") WHERE "rollouts"."state" in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "widget_events_bot_release_at_idx" ON "widget_events" USING btree ("bot_id","release_id","at");--> statement-breakpoint
CREATE INDEX "widget_events_bot_type_at_idx" ON "widget_events" USING btree ("bot_id","type","at");--> statement-breakpoint
CREATE UNIQUE INDEX "widget_releases_bot_semver_unique" ON "widget_releases" USING btree ("bot_id","semver");--> statement-breakpoint
CREATE INDEX "widget_releases_bot_idx" ON "widget_releases" USING btree ("bot_id","status");