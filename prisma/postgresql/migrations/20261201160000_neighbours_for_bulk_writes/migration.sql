-- A run's neighbour rows are deleted by the ranking store itself when it prunes the run (one statement per run), no
-- longer by a cascade of the foreign key to ranking_runs, which checked the parent of every row inserted and deleted
-- the rows one trigger call at a time. run_id stays, a plain integer. SQLite's history drops the key in its own
-- migration of this name (where the table also becomes WITHOUT ROWID, an option PostgreSQL does not have).
ALTER TABLE "neighbours" DROP CONSTRAINT "neighbours_run_id_fkey";
