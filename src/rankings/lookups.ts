import type { PrismaClient } from "@prisma/client";
import { UserError } from "../cli.js";
import { findServedRun, type ServedRun } from "./served-run.js";

/** The served run of `name`, or a UserError telling how to make one. */
export async function requireServedRun(prisma: PrismaClient, name: string): Promise<ServedRun> {
  const run = await findServedRun(prisma, name);
  if (!run) throw new UserError(`no complete ranking run named "${name}" yet: run \`npm run rank\` first`);
  return run;
}
