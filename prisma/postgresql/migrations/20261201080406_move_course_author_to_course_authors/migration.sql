-- A course's authors: every author its views name (most courses have one, a play-by-play two).
CREATE TABLE "course_authors" (
    "course_id" TEXT NOT NULL,
    "author_handle" INTEGER NOT NULL,

    CONSTRAINT "course_authors_pkey" PRIMARY KEY ("course_id","author_handle")
);

ALTER TABLE "course_authors" ADD CONSTRAINT "course_authors_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the views, which carry their author since the previous migration: the definition the seed uses.
INSERT INTO "course_authors" ("course_id", "author_handle")
SELECT DISTINCT "course_id", "author_handle" FROM "course_views";

-- Then drop courses.author_handle.
ALTER TABLE "courses" DROP COLUMN "author_handle";
