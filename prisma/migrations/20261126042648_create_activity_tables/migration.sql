-- CreateTable
CREATE TABLE "users" (
    "handle" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateTable
CREATE TABLE "courses" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "author_handle" INTEGER,
    "level" TEXT
);

-- CreateTable
CREATE TABLE "course_tags" (
    "course_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("course_id", "tag"),
    CONSTRAINT "course_tags_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "interests" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_handle" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "followed_at" DATETIME NOT NULL,
    CONSTRAINT "interests_user_handle_fkey" FOREIGN KEY ("user_handle") REFERENCES "users" ("handle") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "course_views" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_handle" INTEGER NOT NULL,
    "course_id" TEXT NOT NULL,
    "viewed_on" DATETIME NOT NULL,
    "seconds" INTEGER NOT NULL,
    CONSTRAINT "course_views_user_handle_fkey" FOREIGN KEY ("user_handle") REFERENCES "users" ("handle") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "course_views_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "assessment_scores" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_handle" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "taken_at" DATETIME NOT NULL,
    "score" INTEGER NOT NULL,
    CONSTRAINT "assessment_scores_user_handle_fkey" FOREIGN KEY ("user_handle") REFERENCES "users" ("handle") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "course_tags_tag_idx" ON "course_tags"("tag");

-- CreateIndex
CREATE UNIQUE INDEX "interests_user_handle_tag_followed_at_key" ON "interests"("user_handle", "tag", "followed_at");

-- CreateIndex
CREATE INDEX "course_views_user_handle_viewed_on_idx" ON "course_views"("user_handle", "viewed_on");

-- CreateIndex
CREATE INDEX "course_views_course_id_idx" ON "course_views"("course_id");

-- CreateIndex
CREATE INDEX "assessment_scores_user_handle_tag_idx" ON "assessment_scores"("user_handle", "tag");
