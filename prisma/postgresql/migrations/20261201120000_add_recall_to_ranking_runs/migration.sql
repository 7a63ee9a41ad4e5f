-- Recall@5 and recall@20 of an approximate run against exact single-user queries of a seeded random sample of users,
-- and the size of the sample. Null for an exact run, whose lists are complete (every run before this one was exact).
ALTER TABLE "ranking_runs" ADD COLUMN "recall_at5" DOUBLE PRECISION;
ALTER TABLE "ranking_runs" ADD COLUMN "recall_at20" DOUBLE PRECISION;
ALTER TABLE "ranking_runs" ADD COLUMN "recall_sample" INTEGER;
