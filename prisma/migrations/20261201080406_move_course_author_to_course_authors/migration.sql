-- A course's authors move to a table of their own: a course can have several (every author its views name), where
-- courses.author_handle held one.
CREATE TABLE "course_authors" (
    "course_id" TEXT NOT NULL,
    "author_handle" INTEGER NOT NULL,

    PRIMARY KEY ("course_id", "author_handle"),
    CONSTRAINT "course_authors_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Backfill from the views, which carry their author since the previous migration: the definition the seed uses.
INSERT INTO "course_authors" ("course_id", "author_handle")
SELECT DISTINCT "course_id", "author_handle" FROM "course_views";

-- Then drop courses.author_handle, which SQLite does by rebuilding the table (Prisma's RedefineTables steps).
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_courses" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "level" TEXT
);
INSERT INTO "new_courses" ("id", "level") SELECT "id", "level" FROM "courses";
DROP TABLE "courses";
ALTER TABLE "new_courses" RENAME TO "courses";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
