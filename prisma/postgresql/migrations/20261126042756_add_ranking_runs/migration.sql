-- CreateTable
CREATE TABLE "ranking_runs" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "engine_version" INTEGER NOT NULL,
    "parameters" TEXT NOT NULL,
    "user_count" INTEGER NOT NULL DEFAULT 0,
    "row_count" INTEGER NOT NULL DEFAULT 0,
    "load_ms" INTEGER,
    "compute_ms" INTEGER,
    "write_ms" INTEGER,
    "error" TEXT,

    CONSTRAINT "ranking_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "neighbours" (
    "run_id" INTEGER NOT NULL,
    "user_handle" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "neighbour_handle" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "interests" DOUBLE PRECISION,
    "courses" DOUBLE PRECISION,
    "assessments" DOUBLE PRECISION,

    CONSTRAINT "neighbours_pkey" PRIMARY KEY ("run_id","user_handle","rank")
);

-- CreateIndex
CREATE INDEX "ranking_runs_name_status_finished_at_idx" ON "ranking_runs"("name", "status", "finished_at");

-- AddForeignKey
ALTER TABLE "neighbours" ADD CONSTRAINT "neighbours_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "ranking_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

