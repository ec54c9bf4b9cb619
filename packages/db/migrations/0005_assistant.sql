CREATE TYPE "public"."assistant_mode" AS ENUM('pipeline', 'workflow', 'off');--> statement-breakpoint
CREATE TYPE "public"."document_format" AS ENUM('text', 'markdown', 'html');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_kind" AS ENUM('workflow', 'event');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."webhook_event" AS ENUM('message.created', 'conversation.handoff', 'conversation.resolved');--> statement-breakpoint
CREATE TABLE "bot_assistant_settings" (
	"bot_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"mode" "assistant_mode" DEFAULT 'pipeline' NOT NULL,
	"intent_threshold" real,
	"knowledge_threshold" real DEFAULT 0.35 NOT NULL,
	"llm_enabled" boolean DEFAULT false NOT NULL,
	"llm_base_url" text,
	"llm_model" text,
	"llm_api_key" text,
	"llm_monthly_token_budget" integer,
	"workflow_url" text,
	"workflow_secret" text NOT NULL,
	"messages" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"intents_version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_chunks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"heading" text,
	"text" text NOT NULL,
	"search_text" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(search_text, ''))) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"title" text NOT NULL,
	"format" "document_format" NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"source_url" text,
	"content" text NOT NULL,
	"bytes" integer NOT NULL,
	"chunk_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "faqs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"questions" text[] NOT NULL,
	"answer" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"quick_replies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"search_questions" text NOT NULL,
	"search_answer" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, coalesce(search_questions, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(search_answer, '')), 'B')) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intent_models" (
	"bot_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"model" jsonb NOT NULL,
	"example_count" integer NOT NULL,
	"train_ms" real NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid NOT NULL,
	"name" text NOT NULL,
	"examples" text[] DEFAULT '{}'::text[] NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"responses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"handoff" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_usage" (
	"bot_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"month" text NOT NULL,
	"tokens" bigint DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "llm_usage_bot_id_month_pk" PRIMARY KEY("bot_id","month")
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid,
	"endpoint_id" uuid,
	"conversation_id" uuid,
	"kind" "webhook_delivery_kind" NOT NULL,
	"event" text NOT NULL,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "webhook_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bot_id" uuid,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" "webhook_event"[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "handed_off_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "handoff_reason" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "confidence" real;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "trace" jsonb;--> statement-breakpoint
ALTER TABLE "bot_assistant_settings" ADD CONSTRAINT "bot_assistant_settings_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_assistant_settings" ADD CONSTRAINT "bot_assistant_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faqs" ADD CONSTRAINT "faqs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faqs" ADD CONSTRAINT "faqs_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_models" ADD CONSTRAINT "intent_models_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_models" ADD CONSTRAINT "intent_models_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_usage" ADD CONSTRAINT "llm_usage_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_usage" ADD CONSTRAINT "llm_usage_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_chunks_bot_idx" ON "document_chunks" USING btree ("bot_id");--> statement-breakpoint
CREATE INDEX "document_chunks_document_idx" ON "document_chunks" USING btree ("document_id","position");--> statement-breakpoint
CREATE INDEX "document_chunks_search_idx" ON "document_chunks" USING gin ("search");--> statement-breakpoint
CREATE INDEX "documents_bot_idx" ON "documents" USING btree ("bot_id");--> statement-breakpoint
CREATE INDEX "faqs_bot_idx" ON "faqs" USING btree ("bot_id");--> statement-breakpoint
CREATE INDEX "faqs_search_idx" ON "faqs" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "intents_bot_name_unique" ON "intents" USING btree ("bot_id","name");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_org_idx" ON "webhook_deliveries" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_org_idx" ON "webhook_endpoints" USING btree ("org_id");
--> statement-breakpoint
-- parley_append_visitor_messages (0002) now also returns and sets the handoff columns: a message
-- from the Live Support tab hands the conversation to a person (reason live_support).
DROP FUNCTION IF EXISTS parley_append_visitor_messages(jsonb);--> statement-breakpoint
CREATE OR REPLACE FUNCTION parley_append_visitor_messages(
  p_items jsonb
) RETURNS TABLE (
  r_idx integer, r_kind text, r_conversation_id uuid,
  r_bot_id uuid, r_visitor_id uuid, r_status conversation_status, r_human_mode boolean, r_assignee_id uuid,
  r_last_seq integer, r_visitor_read_seq integer, r_agent_read_seq integer,
  r_last_message_at timestamptz, r_last_auto_reply_at timestamptz, r_created_at timestamptz, r_updated_at timestamptz,
  r_handed_off_at timestamptz, r_handoff_reason text,
  r_prev_status conversation_status, r_prev_human_mode boolean, r_prev_message_at timestamptz,
  r_message_id uuid, r_message_seq integer, r_message_created_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  i integer;
  item jsonb;
  v_org uuid;
  v_visitor uuid;
  v_client text;
  v_at timestamptz;
  target record;
  updated record;
BEGIN
  FOR i, item IN SELECT e.ordinality::integer, e.value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e
                   ORDER BY e.value->>'visitor', e.ordinality LOOP
    r_idx := i;
    v_org := (item->>'org')::uuid;
    v_visitor := (item->>'visitor')::uuid;
    v_client := item->>'client';
    v_at := (item->>'at')::timestamptz;
    r_kind := NULL; r_conversation_id := NULL; r_bot_id := NULL; r_visitor_id := NULL; r_status := NULL;
    r_human_mode := NULL; r_assignee_id := NULL; r_last_seq := NULL; r_visitor_read_seq := NULL;
    r_agent_read_seq := NULL; r_last_message_at := NULL; r_last_auto_reply_at := NULL; r_created_at := NULL;
    r_updated_at := NULL; r_handed_off_at := NULL; r_handoff_reason := NULL; r_prev_status := NULL; r_prev_human_mode := NULL; r_prev_message_at := NULL;
    r_message_id := NULL; r_message_seq := NULL; r_message_created_at := NULL;

    SELECT c.id, c.status, c.human_mode, c.last_message_at INTO target
      FROM conversations c
      WHERE c.org_id = v_org AND c.visitor_id = v_visitor
      ORDER BY c.created_at DESC
      LIMIT 1
      FOR NO KEY UPDATE;
    IF NOT FOUND THEN
      r_kind := 'no_conversation';
      RETURN NEXT;
      CONTINUE;
    END IF;
    r_conversation_id := target.id;
    IF EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = target.id AND m.client_id = v_client) THEN
      r_kind := 'duplicate';
      RETURN NEXT;
      CONTINUE;
    END IF;

    UPDATE conversations c
      SET last_seq = c.last_seq + 1, last_message_at = v_at, updated_at = v_at, status = 'open',
          human_mode = c.human_mode OR (item->>'human')::boolean,
          handed_off_at = CASE WHEN NOT c.human_mode AND (item->>'human')::boolean THEN v_at ELSE c.handed_off_at END,
          handoff_reason = CASE WHEN NOT c.human_mode AND (item->>'human')::boolean THEN 'live_support' ELSE c.handoff_reason END
      WHERE c.id = target.id
      RETURNING c.* INTO updated;
    INSERT INTO messages (org_id, conversation_id, seq, client_id, author, body, created_at)
      VALUES (v_org, target.id, updated.last_seq, v_client, 'visitor', item->>'body', v_at)
      RETURNING id, created_at INTO r_message_id, r_message_created_at;

    r_kind := 'appended';
    r_bot_id := updated.bot_id; r_visitor_id := updated.visitor_id; r_status := updated.status;
    r_human_mode := updated.human_mode; r_assignee_id := updated.assignee_id; r_last_seq := updated.last_seq;
    r_visitor_read_seq := updated.visitor_read_seq; r_agent_read_seq := updated.agent_read_seq;
    r_last_message_at := updated.last_message_at; r_last_auto_reply_at := updated.last_auto_reply_at;
    r_created_at := updated.created_at; r_updated_at := updated.updated_at;
    r_handed_off_at := updated.handed_off_at; r_handoff_reason := updated.handoff_reason;
    r_prev_status := target.status; r_prev_human_mode := target.human_mode; r_prev_message_at := target.last_message_at;
    r_message_seq := updated.last_seq;
    RETURN NEXT;
  END LOOP;
END;
$$;
