-- The loader reports a page view of the release (the launcher on screen): most page views never load the
-- widget app, so an A/B test's exposure and per-view rates are counted from these.
ALTER TYPE "public"."widget_event_type" ADD VALUE 'viewed';