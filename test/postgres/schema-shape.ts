// What the schema-parity test compares: each database's tables, columns, keys and indexes, described in words that
// are the same for SQLite and PostgreSQL when the two schemas say the same thing.
import type Database from "better-sqlite3";
import type pg from "pg";

/** "table: item" → what it is, e.g. "courses: column level" → "String NULL". */
export type SchemaShape = Map<string, string>;

/**
 * Column types by the Prisma scalar each stands for (Prisma's own mapping per dialect), so INTEGER and integer, or
 * DATETIME and timestamptz, compare equal. A type not listed fails the comparison by name: map it deliberately.
 */
const sqliteTypes: Record<string, string> = {
  INTEGER: "Int",
  BIGINT: "BigInt",
  REAL: "Float",
  DECIMAL: "Decimal",
  TEXT: "String",
  BOOLEAN: "Boolean",
  DATETIME: "DateTime",
  BLOB: "Bytes",
  JSONB: "Json",
};
const postgresTypes: Record<string, string> = {
  integer: "Int",
  smallint: "Int",
  bigint: "BigInt",
  "double precision": "Float",
  real: "Float",
  numeric: "Decimal",
  text: "String",
  "character varying": "String",
  boolean: "Boolean",
  "timestamp with time zone": "DateTime",
  "timestamp without time zone": "DateTime",
  date: "DateTime",
  bytea: "Bytes",
  jsonb: "Json",
};

function family(types: Record<string, string>, dialect: string, type: string): string {
  return types[type] ?? `unmapped ${dialect} type ${type}`;
}

const list = (columns: string[]) => `(${columns.join(", ")})`;
const index = (columns: string[], unique: boolean) => `${unique ? "UNIQUE " : ""}${list(columns)}`;
const foreignKey = (table: string, columns: string[], onDelete: string) => `${table}${list(columns)} ON DELETE ${onDelete}`;

/** The shape of a SQLite database Prisma migrated (Prisma's own table _prisma_migrations left out). */
export function sqliteShape(db: Database.Database): SchemaShape {
  const shape: SchemaShape = new Map();
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
    .pluck()
    .all() as string[];
  for (const table of tables) {
    shape.set(table, "table");
    const columns = db.pragma(`table_info("${table}")`) as { name: string; type: string; notnull: number; pk: number }[];
    for (const c of columns) {
      shape.set(`${table}: column ${c.name}`, `${family(sqliteTypes, "SQLite", c.type)} ${c.notnull ? "NOT NULL" : "NULL"}`);
    }
    const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    if (key.length > 0) shape.set(`${table}: primary key`, list(key.map((c) => c.name)));
    // origin "pk": the index SQLite builds for a PRIMARY KEY clause, already described as the primary key.
    const indexes = db.pragma(`index_list("${table}")`) as { name: string; unique: number; origin: string }[];
    for (const i of indexes.filter((i) => i.origin !== "pk")) {
      const parts = db.pragma(`index_info("${i.name}")`) as { seqno: number; name: string }[];
      shape.set(`${table}: index ${i.name}`, index(parts.sort((a, b) => a.seqno - b.seqno).map((p) => p.name), i.unique === 1));
    }
    const references = db.pragma(`foreign_key_list("${table}")`) as { id: number; seq: number; table: string; from: string; to: string; on_delete: string }[];
    for (const id of new Set(references.map((r) => r.id))) {
      const parts = references.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
      shape.set(`${table}: foreign key ${list(parts.map((p) => p.from))}`, foreignKey(parts[0].table, parts.map((p) => p.to), parts[0].on_delete));
    }
  }
  return shape;
}

/** pg_constraint.confdeltype's letters, in the words SQLite's foreign_key_list uses. */
const onDeleteWords: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

/** The shape of the PostgreSQL database `client` is connected to, schema public (_prisma_migrations left out). */
export async function postgresShape(client: pg.ClientBase): Promise<SchemaShape> {
  const shape: SchemaShape = new Map();
  const columnNames = (table: string, numbers: string) =>
    `ARRAY(SELECT a.attname::text FROM unnest(${numbers}) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = ${table} AND a.attnum = k.attnum ORDER BY k.n)`;
  const tables = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  for (const { table_name } of tables.rows) shape.set(table_name, "table");

  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
  for (const c of columns.rows) {
    const nullability = c.is_nullable === "YES" ? "NULL" : "NOT NULL";
    shape.set(`${c.table_name}: column ${c.column_name}`, `${family(postgresTypes, "PostgreSQL", c.data_type)} ${nullability}`);
  }

  // Prisma names the primary key's index <table>_pkey on PostgreSQL and SQLite names none: compared by columns only.
  const indexes = await client.query<{ table_name: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table_name, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            ${columnNames("t.oid", "x.indkey")} AS columns
     FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_namespace ns ON ns.oid = t.relnamespace
     WHERE ns.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
  );
  for (const i of indexes.rows) {
    if (i.primary) shape.set(`${i.table_name}: primary key`, list(i.columns));
    else shape.set(`${i.table_name}: index ${i.name}`, index(i.columns, i.unique));
  }

  const references = await client.query<{ table_name: string; columns: string[]; referenced: string; referenced_columns: string[]; on_delete: string }>(
    `SELECT t.relname AS table_name, ${columnNames("c.conrelid", "c.conkey")} AS columns, r.relname AS referenced,
            ${columnNames("c.confrelid", "c.confkey")} AS referenced_columns, c.confdeltype AS on_delete
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
     JOIN pg_namespace ns ON ns.oid = t.relnamespace
     WHERE c.contype = 'f' AND ns.nspname = 'public'`,
  );
  for (const f of references.rows) {
    shape.set(`${f.table_name}: foreign key ${list(f.columns)}`, foreignKey(f.referenced, f.referenced_columns, onDeleteWords[f.on_delete]));
  }
  return shape;
}

/** One line per difference, sorted: "courses: column probe only in PostgreSQL (Int NULL)". Empty when in step. */
export function shapeDifferences(sqlite: SchemaShape, postgres: SchemaShape): string[] {
  const lines: string[] = [];
  for (const item of new Set([...sqlite.keys(), ...postgres.keys()])) {
    const [inSqlite, inPostgres] = [sqlite.get(item), postgres.get(item)];
    if (inSqlite === inPostgres) continue;
    if (inPostgres === undefined) lines.push(`${item} only in SQLite (${inSqlite})`);
    else if (inSqlite === undefined) lines.push(`${item} only in PostgreSQL (${inPostgres})`);
    else lines.push(`${item} differs: SQLite ${inSqlite}, PostgreSQL ${inPostgres}`);
  }
  return lines.sort();
}
