-- Activity that arrived as events (GraphQL mutations, npm run ingest): one row per event, numbered in commit order.
-- The rows themselves go into the activity tables like the seed's. A ranking run records the last event it reflects
-- (events_through), how many it absorbed after its load (revision) and when the last one was recorded.
-- CreateTable
CREATE TABLE "events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "user_handle" INTEGER,
    "course_id" TEXT,
    "recorded_at" DATETIME NOT NULL
);

ALTER TABLE "ranking_runs" ADD COLUMN "events_through" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ranking_runs" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ranking_runs" ADD COLUMN "last_event_at" DATETIME;
