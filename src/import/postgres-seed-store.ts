/**
 * The import's store on PostgreSQL, through pg and pg-copy-streams. The one write empties and refills every seed
 * table inside a single transaction, each batch of rows streamed with `COPY … FROM STDIN` as the files are read, so a failed or interrupted
 * seed (a thrown error, Ctrl-C, a killed process: the server rolls back a transaction whose connection is gone)
 * leaves the previous data exactly as it was. ranking_runs and neighbours are left alone.
 */
import type pg from "pg";
import { redactUrl } from "../database-url.js";
import { copyIn, copyValue, openPostgresPool } from "../postgres.js";
import { type SeedTable, seedTables } from "./columns.js";
import { ImportError } from "./import-errors.js";
import type { SeedStore, SeedWrite } from "./load.js";
import type { TableRows } from "./tables.js";

/** Characters of COPY text per chunk handed to the stream. */
const CHUNK_CHARS = 1 << 16;

/** A batch's rows as COPY text chunks. */
function* copyText(rows: TableRows): Generator<string> {
  const params: unknown[] = new Array(rows.columns.length);
  let chunk = "";
  for (let i = 0; i < rows.count; i++) {
    rows.fill(i, params, 0);
    chunk += params.map(copyValue).join("\t") + "\n";
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * A table whose unique key collapses exact repeats is COPYed into a staging table first, since COPY has no ON
 * CONFLICT, then at the commit in file order into the table with ON CONFLICT DO NOTHING: the first of each repeat is
 * kept and, as with SQLite's INSERT OR IGNORE, a refused repeat uses up the serial id it was given, so both
 * databases number the rows alike.
 */
const stagingOf = (table: SeedTable) => `staging_${table}`;

async function createStaging(client: pg.PoolClient, rows: TableRows): Promise<void> {
  const staging = stagingOf(rows.table);
  await client.query(`CREATE TEMP TABLE ${staging} ON COMMIT DROP AS SELECT ${rows.columns.join(", ")} FROM ${rows.table} WITH NO DATA`);
  await client.query(`ALTER TABLE ${staging} ADD COLUMN seq bigserial`);
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

/**
 * Begins the write on one pooled connection: TRUNCATE is transactional here and resets the serial ids (a fresh
 * seed's ids start at 1, as on an empty database); its lock makes readers wait for the commit instead of seeing
 * the tables half-filled. Each batch is one COPY.
 */
async function beginReplace(pool: pg.Pool): Promise<SeedWrite> {
  const client = await pool.connect();
  let dropped: { drop: string; create: string }[];
  try {
    await client.query("BEGIN");
    await client.query(`TRUNCATE ${seedTables.join(", ")} RESTART IDENTITY`);
    dropped = await droppedDuringWrite(client);
    for (const { drop } of dropped) await client.query(drop);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    client.release();
    throw error;
  }
  const stored = Object.fromEntries(seedTables.map((t) => [t, 0])) as Record<SeedTable, number>;
  const staged = new Map<SeedTable, readonly string[]>();
  let released = false;
  const release = () => {
    if (!released) client.release();
    released = true;
  };
  return {
    async insert(rows) {
      if (!rows.collapseRepeats) {
        await copyIn(client, `COPY ${rows.table} (${rows.columns.join(", ")}) FROM STDIN`, copyText(rows));
        stored[rows.table] += rows.count;
        return;
      }
      if (!staged.has(rows.table)) {
        await createStaging(client, rows);
        staged.set(rows.table, rows.columns);
      }
      await copyIn(client, `COPY ${stagingOf(rows.table)} (${rows.columns.join(", ")}) FROM STDIN`, copyText(rows));
    },
    async commit(onStep) {
      for (const [table, columns] of staged) {
        const list = columns.join(", ");
        const inserted = await client.query(
          `INSERT INTO ${table} (${list}) SELECT ${list} FROM ${stagingOf(table)} ORDER BY seq ON CONFLICT DO NOTHING`,
        );
        stored[table] += inserted.rowCount ?? 0;
      }
      // Re-adding a foreign key checks every row: an orphan is a bug in the import and rolls everything back.
      onStep?.("indexes");
      for (const { create } of dropped) await client.query(create);
      onStep?.("commit");
      await client.query("COMMIT");
      release();
      return stored;
    },
    async rollback() {
      if (released) return;
      await client.query("ROLLBACK").catch(() => {});
      release();
    },
  };
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
    async beginReplace() {
      return beginReplace(pool);
    },
    async close() {
      await pool.end();
    },
  };
}
