// prisma/schema.prisma (SQLite) and prisma/postgresql/schema.prisma each own a migration history. A migration added
// to one and not the other shows up here: both histories deployed, then every table, column (name, nullability,
// type family), primary key, index (name, columns, uniqueness) and foreign key compared.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresConfig } from "../../src/postgres.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";
import { createTestPostgres, prismaCli, type TestPostgres } from "../support/postgres.js";
import { postgresShape, shapeDifferences, sqliteShape, type SchemaShape } from "./schema-shape.js";

let sqlite: TestDatabase;
let postgres: TestPostgres;
let client: pg.Client;
let sqliteSchema: SchemaShape;

beforeAll(async () => {
  sqlite = freshDatabase(); // the SQLite template global-setup.ts deployed
  const db = new Database(sqlite.path, { readonly: true });
  sqliteSchema = sqliteShape(db);
  db.close();
  postgres = await createTestPostgres();
  const deploy = prismaCli(["migrate", "deploy"], postgres.url);
  expect(deploy.stderr + deploy.stdout).toContain("All migrations have been successfully applied.");
  client = new pg.Client(postgresConfig(postgres.url));
  await client.connect();
}, 300_000); // a prisma command on a loaded 2-core machine takes over a minute
afterAll(async () => {
  await client?.end();
  await postgres?.drop();
  sqlite?.remove();
});

describe("the SQLite and PostgreSQL migration histories", () => {
  test("build the same tables, columns, keys and indexes", async () => {
    expect(shapeDifferences(sqliteSchema, await postgresShape(client))).toEqual([]);
    // What is compared, so an empty difference cannot come from comparing nothing.
    expect(sqliteSchema.get("course_tags: primary key")).toBe("(course_id, tag)");
    expect(sqliteSchema.get("interests: index interests_user_handle_tag_followed_at_key")).toBe("UNIQUE (user_handle, tag, followed_at)");
    expect(sqliteSchema.get("interests: column followed_at")).toBe("DateTime NOT NULL");
    expect(sqliteSchema.get("course_views: foreign key (user_handle)")).toBe("users(handle) ON DELETE CASCADE");
    expect(sqliteSchema.has("neighbours: foreign key (run_id)")).toBe(false); // dropped by neighbours_for_bulk_writes
  });

  test("a column or index in one only, or a column that differs, is each reported by name", async () => {
    // DDL inside a transaction that is rolled back: the deployed database stays as the migrations left it.
    await client.query("BEGIN");
    try {
      await client.query(`ALTER TABLE courses ADD COLUMN probe integer`);
      await client.query(`CREATE UNIQUE INDEX courses_level_idx ON courses (level, id)`);
      await client.query(`ALTER TABLE neighbours DROP COLUMN assessments`);
      await client.query(`DROP INDEX course_tags_tag_idx`);
      await client.query(`ALTER TABLE courses ALTER COLUMN level SET NOT NULL`);
      await client.query(`ALTER TABLE neighbours ALTER COLUMN score TYPE text`);
      expect(shapeDifferences(sqliteSchema, await postgresShape(client))).toEqual([
        "course_tags: index course_tags_tag_idx only in SQLite ((tag))",
        "courses: column level differs: SQLite String NULL, PostgreSQL String NOT NULL",
        "courses: column probe only in PostgreSQL (Int NULL)",
        "courses: index courses_level_idx only in PostgreSQL (UNIQUE (level, id))",
        "neighbours: column assessments only in SQLite (Float NULL)",
        "neighbours: column score differs: SQLite Float NOT NULL, PostgreSQL String NOT NULL",
      ]);
    } finally {
      await client.query("ROLLBACK");
    }
    expect(shapeDifferences(sqliteSchema, await postgresShape(client))).toEqual([]);
  });
});
