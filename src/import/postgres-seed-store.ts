/**
 * The import's store on PostgreSQL, through pg and pg-copy-streams. The one write empties and refills every seed
 * table inside a single transaction, each table's rows streamed with `COPY … FROM STDIN`, so a failed or interrupted
 * seed (a thrown error, Ctrl-C, a killed process: the server rolls back a transaction whose connection is gone)
 * leaves the previous data exactly as it was. ranking_runs and neighbours are left alone.
 */
import type pg from "pg";
import { redactUrl } from "../database-url.js";
import { copyIn, copyValue, inTransaction, openPostgresPool } from "../postgres.js";
import { type SeedTable, seedTables } from "./columns.js";
import { ImportError } from "./import-errors.js";
import type { SeedStore, WriteProgress } from "./load.js";
import type { TableRows } from "./tables.js";

const PROGRESS_EVERY = 16_384;
/** Characters of COPY text per chunk handed to the stream. */
const CHUNK_CHARS = 1 << 16;

/** A table's rows as COPY text chunks, reporting progress as they are produced (that is, as COPY consumes them). */
function* copyText(rows: TableRows, onProgress: (done: number) => void): Generator<string> {
  const params: unknown[] = new Array(rows.columns.length);
  let chunk = "";
  for (let i = 0; i < rows.count; i++) {
    rows.fill(i, params, 0);
    chunk += params.map(copyValue).join("\t") + "\n";
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
    if ((i + 1) % PROGRESS_EVERY === 0) onProgress(i + 1);
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * COPYs the table's rows; returns how many the table took. A table whose unique key collapses exact repeats goes
 * through a staging table first, since COPY has no ON CONFLICT, then in file order into the table with ON CONFLICT
 * DO NOTHING: the first of each repeat is kept and, as with SQLite's INSERT OR IGNORE, a refused repeat uses up the
 * serial id it was given, so both databases number the rows alike.
 */
async function copyRows(client: pg.PoolClient, rows: TableRows, onProgress: (done: number) => void): Promise<number> {
  const columns = rows.columns.join(", ");
  if (!rows.collapseRepeats) {
    await copyIn(client, `COPY ${rows.table} (${columns}) FROM STDIN`, copyText(rows, onProgress));
    onProgress(rows.count);
    return rows.count;
  }
  const staging = `staging_${rows.table}`;
  await client.query(`CREATE TEMP TABLE ${staging} ON COMMIT DROP AS SELECT ${columns} FROM ${rows.table} WITH NO DATA`);
  await client.query(`ALTER TABLE ${staging} ADD COLUMN seq bigserial`);
  await copyIn(client, `COPY ${staging} (${columns}) FROM STDIN`, copyText(rows, onProgress));
  const inserted = await client.query(
    `INSERT INTO ${rows.table} (${columns}) SELECT ${columns} FROM ${staging} ORDER BY seq ON CONFLICT DO NOTHING`,
  );
  onProgress(rows.count);
  return inserted.rowCount ?? 0;
}

/**
 * The plain indexes and the foreign keys of the seed tables, as the migrations created them, each with the
 * statement that creates it again. The write drops them and runs those statements once the rows are in: building an
 * index from all the rows is one sort, and checking a foreign key over a whole table one join, where keeping them
 * current costs a descent per row. Primary keys and unique indexes stay.
 */
async function droppedDuringWrite(client: pg.PoolClient): Promise<{ drop: string; create: string }[]> {
  const { rows } = await client.query<{ drop: string; create: string }>(
    `SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', conrelid::regclass::text, conname) AS drop,
            format('ALTER TABLE %I ADD CONSTRAINT %I %s', conrelid::regclass::text, conname, pg_get_constraintdef(oid)) AS create
     FROM pg_constraint
     WHERE contype = 'f' AND conrelid::regclass::text = ANY($1) AND connamespace = current_schema()::regnamespace
     UNION ALL
     SELECT format('DROP INDEX %I', i.indexname), i.indexdef
     FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1) AND i.indexdef NOT LIKE 'CREATE UNIQUE%'`,
    [seedTables],
  );
  return rows;
}

async function replaceAll(pool: pg.Pool, tables: readonly TableRows[], onProgress: WriteProgress): Promise<Record<SeedTable, number>> {
  return inTransaction(pool, async (client) => {
    // TRUNCATE is transactional here and resets the serial ids (a fresh seed's ids start at 1, as on an empty
    // database). Its lock makes readers wait for the commit instead of seeing the tables half-filled.
    await client.query(`TRUNCATE ${seedTables.join(", ")} RESTART IDENTITY`);
    const dropped = await droppedDuringWrite(client);
    for (const { drop } of dropped) await client.query(drop);
    const inserted = {} as Record<SeedTable, number>;
    for (const rows of tables) inserted[rows.table] = await copyRows(client, rows, (done) => onProgress(rows.table, done, rows.count));
    // Re-adding a foreign key checks every row: an orphan is a bug in the import and rolls everything back.
    for (const { create } of dropped) await client.query(create);
    return inserted;
  });
}

/** The seed's store over the PostgreSQL database at `url`; the pool opens here (requirePostgres's line if it cannot). */
export async function openPostgresSeedStore(url: string): Promise<SeedStore> {
  const pool = await openPostgresPool(url, 1);
  return {
    async requireMigrated() {
      const { rows } = await pool.query<{ table: string }>(
        `SELECT t AS table FROM unnest($1::text[]) t WHERE to_regclass(t) IS NULL`,
        [seedTables],
      );
      const missing = rows.map((r) => r.table);
      if (missing.length > 0) {
        throw new ImportError("NOT_MIGRATED", [
          `${redactUrl(url)}: no ${missing.join(", ")} table${missing.length > 1 ? "s" : ""}; apply the migrations first (DATABASE_URL=… npx prisma migrate deploy)`,
        ]);
      }
    },
    async replaceAll(tables, onProgress = () => {}) {
      return replaceAll(pool, tables, onProgress);
    },
    async close() {
      await pool.end();
    },
  };
}
