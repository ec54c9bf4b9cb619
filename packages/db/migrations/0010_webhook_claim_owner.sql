-- The server process holding a delivery's claim. When it dies, the process taking over its follow-ups
-- releases its claims at once, so a delivery it was sending goes out again within the dead-process
-- detection time rather than after the claim's lease (the webhook timeout + 30 s). No index: the release
-- looks among pending deliveries only, which webhook_deliveries_due_idx holds.
ALTER TABLE "webhook_deliveries" ADD COLUMN "locked_by" uuid;
