import { Redis, type RedisOptions } from "ioredis";
import { redactUrl } from "../database-url.js";
import { UserError } from "../domain/user-error.js";

/** The queue a command uses: its --queue flag, else $REDIS_URL (when not blank), else none. */
export function queueUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag ?? (env.REDIS_URL?.trim() || undefined);
}

/** How long a first connection may take before the command gives up with one line. */
const connectTimeoutMs = 5000;

/**
 * A connected ioredis client on `url`. Unreachable (or not a redis:// URL) is a UserError of one line naming the
 * redacted URL; later drops are retried by ioredis, and `onError` hears each (ioredis would otherwise print an
 * "Unhandled error event" per attempt). `options` as BullMQ needs them (a worker's connection takes
 * maxRetriesPerRequest: null).
 */
export async function openRedis(url: string, options: RedisOptions = {}, onError: (error: Error) => void = () => {}): Promise<Redis> {
  if (!/^rediss?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new UserError(`the queue must be a redis:// URL (--queue or REDIS_URL), got "${redactUrl(url)}"`);
  }
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: connectTimeoutMs, ...options });
  redis.on("error", onError);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new UserError(`Redis at ${redactUrl(url)} does not answer (${(error as Error).message}): start it, or point --queue / REDIS_URL at one`);
  }
}
