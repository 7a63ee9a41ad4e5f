-- The neighbour rows built for a run's bulk write and delete (20M rows at 1M users), in one rebuild:
-- - WITHOUT ROWID: one b-tree keyed by (run_id, user_handle, rank), where a rowid table keeps each row twice, in the
--   table (by rowid) and in its primary key's index. A run writes about half the pages, and a user's list is found
--   with one b-tree search instead of two.
-- - No foreign key to ranking_runs: the ranking store deletes a pruned run's rows itself, one statement per run. With
--   the key, SQLite checks the parent for every row inserted and deletes in two passes (every key gathered first,
--   then each sought again), about 3 times slower, and the cascade did the same.
-- Prisma's schema language cannot say WITHOUT ROWID, so a future migration that redefines this table must keep it by
-- hand (schema.prisma says so on the model). PostgreSQL's history drops the foreign key in its own migration of this
-- name.

-- Rebuild the table (Prisma's RedefineTables steps), rows copied in key order.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_neighbours" (
    "run_id" INTEGER NOT NULL,
    "user_handle" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "neighbour_handle" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "interests" REAL,
    "courses" REAL,
    "assessments" REAL,

    PRIMARY KEY ("run_id", "user_handle", "rank")
) WITHOUT ROWID;
INSERT INTO "new_neighbours" ("run_id", "user_handle", "rank", "neighbour_handle", "score", "interests", "courses", "assessments")
SELECT "run_id", "user_handle", "rank", "neighbour_handle", "score", "interests", "courses", "assessments" FROM "neighbours"
ORDER BY "run_id", "user_handle", "rank";
DROP TABLE "neighbours";
ALTER TABLE "new_neighbours" RENAME TO "neighbours";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
