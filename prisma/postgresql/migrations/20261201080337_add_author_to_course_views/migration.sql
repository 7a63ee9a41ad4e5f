-- A view row names its own author: the data has a course with two authors (play-by-play-lea-verou: 328 and 568),
-- so the author cannot stay a column of courses alone. The SQLite twin of this migration says the same.

-- Add the column nullable, so existing rows can stay while it is filled.
ALTER TABLE "course_views" ADD COLUMN "author_handle" INTEGER;

-- Backfill: under the previous migrations every view of a course had the course's one author (the seed checked it),
-- so that author is what each existing row carried in its file.
UPDATE "course_views" SET "author_handle" = "courses"."author_handle"
FROM "courses" WHERE "courses"."id" = "course_views"."course_id";

-- Then NOT NULL.
ALTER TABLE "course_views" ALTER COLUMN "author_handle" SET NOT NULL;
