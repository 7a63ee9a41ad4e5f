import { PrismaPg } from "@prisma/adapter-pg";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// The client generated from prisma/postgresql/schema.prisma (its own output, so @prisma/client stays SQLite's).
import { PrismaClient } from "../../node_modules/.prisma/postgresql/index.js";
import { projectRoot } from "../../src/database-url.js";
import { postgresConfig } from "../../src/postgres.js";
import { createTestPostgres, prismaCli, type TestPostgres } from "../support/postgres.js";

const schemaDir = path.join(projectRoot, "prisma", "postgresql");
const migrationNames = readdirSync(path.join(schemaDir, "migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const modelTables = [...readFileSync(path.join(schemaDir, "schema.prisma"), "utf8").matchAll(/@@map\("(\w+)"\)/g)]
  .map((match) => match[1])
  .sort();

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client(postgresConfig(url));
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

const shadowDatabases = async (url: string) =>
  (await query<{ datname: string }>(url, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'")).map(
    (row) => row.datname,
  );

// Each prisma command starts the wasm schema engine: seconds on an idle machine, over a minute on a loaded one.
const cliTimeoutMs = 300_000;

let database: TestPostgres;
beforeAll(async () => {
  database = await createTestPostgres();
  const deploy = prismaCli(["migrate", "deploy"], database.url);
  expect(deploy.stderr + deploy.stdout).toContain("All migrations have been successfully applied.");
}, cliTimeoutMs);
afterAll(() => database?.drop());

describe("prisma migrate deploy on PostgreSQL", () => {
  test("creates every table of prisma/postgresql/schema.prisma and records every migration as finished", async () => {
    const tables = await query<{ table_name: string }>(
      database.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(["_prisma_migrations", ...modelTables].sort());
    expect(modelTables).toEqual(["assessment_scores", "course_authors", "course_tags", "course_views", "courses", "events", "interests", "neighbours", "ranking_runs", "users"]);

    const applied = await query<{ migration_name: string; finished: boolean }>(
      database.url,
      "SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(applied).toEqual(migrationNames.map((migration_name) => ({ migration_name, finished: true })));
  });

  test("a second deploy finds nothing to apply", () => {
    const again = prismaCli(["migrate", "deploy"], database.url);
    expect(again.status).toBe(0);
    expect(again.stderr + again.stdout).toContain("No pending migrations to apply.");
  }, cliTimeoutMs);
});

describe("npm run db:migrate (migrate dev) on PostgreSQL", () => {
  test("replays the migrations on a shadow database, finds the schema in sync, and drops the shadow", async () => {
    const before = await shadowDatabases(database.url);
    const result = spawnSync("npm", ["run", "db:migrate", "--", "--skip-generate"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    });
    expect(result.stderr + result.stdout).toContain("Already in sync, no schema change or pending migration was found.");
    expect(result.status).toBe(0);
    expect(await shadowDatabases(database.url)).toEqual(before);
  }, cliTimeoutMs);
});

describe("the generated PostgreSQL client", () => {
  test("writes and reads rows through adapter-pg: timestamps as instants, doubles, cascades", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg(postgresConfig(database.url)) });
    try {
      const viewedOn = new Date("2017-06-27T16:26:52.123Z");
      await prisma.user.create({ data: { handle: 7 } });
      await prisma.course.create({ data: { id: "kotlin-fundamentals", level: "Beginner" } });
      await prisma.courseView.create({ data: { userHandle: 7, courseId: "kotlin-fundamentals", viewedOn, authorHandle: 3, seconds: 120 } });
      const run = await prisma.rankingRun.create({
        data: { name: "user_ranking", status: "complete", startedAt: viewedOn, engineVersion: 1, parameters: "{}" },
      });
      await prisma.neighbour.create({
        data: { runId: run.id, userHandle: 7, rank: 1, neighbourHandle: 8, score: 2 / 3, interests: null, courses: 1 / 3, assessments: 0 },
      });

      const user = await prisma.user.findUniqueOrThrow({ where: { handle: 7 }, include: { courseViews: true } });
      expect(user.courseViews.map(({ courseId, viewedOn, seconds }) => ({ courseId, viewedOn, seconds }))).toEqual([
        { courseId: "kotlin-fundamentals", viewedOn, seconds: 120 },
      ]);
      const neighbour = await prisma.neighbour.findFirstOrThrow({ where: { runId: run.id } });
      // Doubles, not reals (a real reads 1/3 back as 0.3333333432674408). Values of 16 significant digits: Prisma's
      // client itself (SQLite's too) sends a Float with 16, so 0.1 + 0.2 would arrive as 0.3.
      expect([neighbour.score, neighbour.interests, neighbour.courses]).toEqual([2 / 3, null, 1 / 3]);

      await prisma.user.delete({ where: { handle: 7 } });
      expect(await prisma.courseView.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});

test("no PostgreSQL migration has a `;` inside a comment or a string, which adapter-pg would split it at (prisma.config.ts)", () => {
  for (const name of migrationNames) {
    const lines = readFileSync(path.join(schemaDir, "migrations", name, "migration.sql"), "utf8").split("\n");
    lines.forEach((line, i) => {
      const comment = line.indexOf("--");
      const strings = (comment === -1 ? line : line.slice(0, comment)).match(/'[^']*'/g) ?? [];
      expect(comment === -1 ? "" : line.slice(comment), `${name}/migration.sql:${i + 1}`).not.toContain(";");
      for (const text of strings) expect(text, `${name}/migration.sql:${i + 1}`).not.toContain(";");
    });
  }
});
