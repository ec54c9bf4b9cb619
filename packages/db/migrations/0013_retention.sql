-- The retention job deletes widget events older than WIDGET_EVENT_RETENTION_DAYS and finished webhook deliveries
-- older than WEBHOOK_DELIVERY_RETENTION_DAYS. BRIN indexes find them without a btree on every insert: rows
-- arrive in time order, so each index stays a few pages.
CREATE INDEX "webhook_deliveries_created_brin" ON "webhook_deliveries" USING brin ("created_at");--> statement-breakpoint
CREATE INDEX "widget_events_at_brin" ON "widget_events" USING brin ("at");