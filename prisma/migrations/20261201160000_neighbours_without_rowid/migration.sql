-- The neighbour rows in one b-tree keyed by (run_id, user_handle, rank): a rowid table keeps each row twice, in the
-- table (by rowid) and in its primary key's index. WITHOUT ROWID writes about half the pages for a run's 20M rows and
-- finds a user's list with one b-tree search instead of two. Prisma's schema language cannot say WITHOUT ROWID, so a
-- future migration that redefines this table must keep it by hand (schema.prisma says so on the model). PostgreSQL
-- has no such option and needs no migration: its rows already live in a heap beside the primary key's index.

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

    PRIMARY KEY ("run_id", "user_handle", "rank"),
    CONSTRAINT "neighbours_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "ranking_runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_neighbours" ("run_id", "user_handle", "rank", "neighbour_handle", "score", "interests", "courses", "assessments")
SELECT "run_id", "user_handle", "rank", "neighbour_handle", "score", "interests", "courses", "assessments" FROM "neighbours"
ORDER BY "run_id", "user_handle", "rank";
DROP TABLE "neighbours";
ALTER TABLE "new_neighbours" RENAME TO "neighbours";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
