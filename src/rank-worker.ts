// `npm run rank:worker`: ranks blocks of queued ranking runs (`npm run rank -- --queue …`) until stopped.
import { integerFlag, parseCommandLine, runCommand } from "./cli.js";
import { redactUrl } from "./database-url.js";
import { UserError } from "./domain/user-error.js";
import { defaultQueueName } from "./queue/block-jobs.js";
import { startBlockWorker } from "./queue/block-worker.js";
import { queueUrl } from "./queue/redis.js";
import { engineVersion } from "./rankings/run-parameters.js";

const help = `Usage: npm run rank:worker -- [options]

Takes block jobs of queued ranking runs from Redis, ranks each block's users with the exact engine and stages the
lists for the run's coordinator. Needs Redis only (no database). Start one per core, on any number of hosts; stop
with Ctrl-C or SIGTERM (the block in hand is finished first).

Options:
  --queue URL           the Redis queue (default: $REDIS_URL)
  --queue-name NAME     the queue's key prefix, as the coordinator's (default ${defaultQueueName})
  --stall-seconds N     a block's lock: a killed worker's block moves to another worker after about this long
                        (default 30)
  -h, --help            show this help
`;

runCommand(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    { queue: { type: "string" }, "queue-name": { type: "string" }, "stall-seconds": { type: "string" } },
    help,
  );
  const url = queueUrl(values.queue);
  if (url === undefined) throw new UserError("no queue: pass --queue redis://… or set REDIS_URL");
  const stallMs = integerFlag("stall-seconds", values["stall-seconds"], 30, 1, 3600) * 1000;
  const queueName = values["queue-name"] ?? defaultQueueName;
  await new Promise<void>((resolve, reject) => {
    startBlockWorker({
      url,
      queueName,
      stallMs,
      log: (line) => console.log(line),
      onRefused: (message) => reject(new UserError(message)),
    }).then((worker) => {
      console.log(`worker ${worker.name} (engine version ${engineVersion}) waiting for blocks on ${redactUrl(url)} queue "${queueName}"`);
      const stop = () => void worker.close().then(resolve, reject);
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    }, reject);
  });
});
