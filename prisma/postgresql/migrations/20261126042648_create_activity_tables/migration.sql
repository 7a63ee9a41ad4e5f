-- CreateTable
CREATE TABLE "users" (
    "handle" INTEGER NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("handle")
);

-- CreateTable
CREATE TABLE "courses" (
    "id" TEXT NOT NULL,
    "author_handle" INTEGER,
    "level" TEXT,

    CONSTRAINT "courses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "course_tags" (
    "course_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "course_tags_pkey" PRIMARY KEY ("course_id","tag")
);

-- CreateTable
CREATE TABLE "interests" (
    "id" SERIAL NOT NULL,
    "user_handle" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "followed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "interests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "course_views" (
    "id" SERIAL NOT NULL,
    "user_handle" INTEGER NOT NULL,
    "course_id" TEXT NOT NULL,
    "viewed_on" TIMESTAMPTZ(3) NOT NULL,
    "seconds" INTEGER NOT NULL,

    CONSTRAINT "course_views_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_scores" (
    "id" SERIAL NOT NULL,
    "user_handle" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "score" INTEGER NOT NULL,

    CONSTRAINT "assessment_scores_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "course_tags" ADD CONSTRAINT "course_tags_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interests" ADD CONSTRAINT "interests_user_handle_fkey" FOREIGN KEY ("user_handle") REFERENCES "users"("handle") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "course_views" ADD CONSTRAINT "course_views_user_handle_fkey" FOREIGN KEY ("user_handle") REFERENCES "users"("handle") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "course_views" ADD CONSTRAINT "course_views_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_user_handle_fkey" FOREIGN KEY ("user_handle") REFERENCES "users"("handle") ON DELETE CASCADE ON UPDATE CASCADE;

