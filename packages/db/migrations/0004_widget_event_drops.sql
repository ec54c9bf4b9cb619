CREATE TABLE "widget_event_drops" (
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"day" text NOT NULL,
	"reason" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "widget_event_drops_bot_id_day_reason_pk" PRIMARY KEY("bot_id","day","reason")
);
--> statement-breakpoint
ALTER TABLE "widget_event_drops" ADD CONSTRAINT "widget_event_drops_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_event_drops" ADD CONSTRAINT "widget_event_drops_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;