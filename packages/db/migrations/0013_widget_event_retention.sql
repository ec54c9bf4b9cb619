-- The widget-event retention job deletes events older than WIDGET_EVENT_RETENTION_DAYS: a BRIN index finds them
-- without a btree on every beacon insert (events arrive in time order, so the index stays a few pages).
CREATE INDEX "widget_events_at_brin" ON "widget_events" USING brin ("at");