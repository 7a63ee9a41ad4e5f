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
  let lastError: Error | undefined;
  redis.on("error", (error: Error) => {
    lastError = error;
    onError(error);
  });
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    // connect() rejects with "Connection is closed." whatever the cause; the error event before it says why.
    const reason = (lastError ?? (error as Error)).message;
    throw new UserError(`Redis at ${redactUrl(url)} does not answer (${reason}): start it, or point --queue / REDIS_URL at one`);
  }
}
