-- A quick reply the visitor taps is stored with its label as the body (what the visitor, the inbox and
-- webhooks see) and its payload here (what the bot answers to, also when a follow-up is re-run after a crash).
ALTER TABLE "messages" ADD COLUMN "payload" text;--> statement-breakpoint
-- parley_append_visitor_messages (0008) also stores each item's payload (item.payload; absent: null).
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
    INSERT INTO messages (org_id, conversation_id, seq, client_id, author, body, payload, created_at, node_id)
      VALUES (v_org, target.id, updated.last_seq, v_client, 'visitor', item->>'body', item->>'payload', v_at, (item->>'node')::uuid)
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
