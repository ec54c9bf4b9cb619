-- Every visitor message updates its conversation (last_seq, last_message_at, updated_at). With
-- last_message_at in an index, each of those updates was a new row version with new entries in
-- every index of the table, so under steady chat the visitor lookup and the row lock walked one
-- dead entry per past message until autovacuum ran (bench:realtime: PostgreSQL CPU per message
-- grew from 0.8 to 1.7 ms over a minute with autovacuum off). The inbox orders by
-- coalesce(last_message_at, created_at), which this index never served; (org_id, status) still
-- filters it. Without it no index holds a column a message changes, so the update is HOT.
DROP INDEX "conversations_org_status_idx";--> statement-breakpoint
CREATE INDEX "conversations_org_status_idx" ON "conversations" USING btree ("org_id","status");--> statement-breakpoint
-- Room in each page for the new versions of its rows (HOT needs the same page).
ALTER TABLE "conversations" SET (fillfactor = 80);
