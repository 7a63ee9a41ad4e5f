-- A view row names its own author: the data has a course with two authors (play-by-play-lea-verou: 328 and 568),
-- so the author cannot stay a column of courses alone.

-- Add the column nullable, so existing rows can stay while it is filled.
ALTER TABLE "course_views" ADD COLUMN "author_handle" INTEGER;

-- Backfill: under the previous migrations every view of a course had the course's one author (the seed checked it),
-- so that author is what each existing row carried in its file.
UPDATE "course_views" SET "author_handle" = (
    SELECT "courses"."author_handle" FROM "courses" WHERE "courses"."id" = "course_views"."course_id"
);

-- Then NOT NULL, which SQLite can only do by rebuilding the table (Prisma's RedefineTables steps).
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_course_views" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_handle" INTEGER NOT NULL,
    "course_id" TEXT NOT NULL,
    "viewed_on" DATETIME NOT NULL,
    "author_handle" INTEGER NOT NULL,
    "seconds" INTEGER NOT NULL,
    CONSTRAINT "course_views_user_handle_fkey" FOREIGN KEY ("user_handle") REFERENCES "users" ("handle") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "course_views_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_course_views" ("author_handle", "course_id", "id", "seconds", "user_handle", "viewed_on") SELECT "author_handle", "course_id", "id", "seconds", "user_handle", "viewed_on" FROM "course_views";
DROP TABLE "course_views";
ALTER TABLE "new_course_views" RENAME TO "course_views";
CREATE INDEX "course_views_user_handle_viewed_on_idx" ON "course_views"("user_handle", "viewed_on");
CREATE INDEX "course_views_course_id_idx" ON "course_views"("course_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
