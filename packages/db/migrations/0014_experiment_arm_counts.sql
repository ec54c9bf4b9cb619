-- A stopped experiment's per-arm counts, taken at the stop: its results no longer need the widget events
-- of its window, so the retention job may delete them like any other.
ALTER TABLE "experiments" ADD COLUMN "arm_counts" jsonb;