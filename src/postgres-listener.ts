import pg from "pg";
import { redactUrl } from "./database-url.js";
import { postgresConfig } from "./postgres.js";

export interface ListenOptions {
  /** The wait before the first reconnection attempt after the connection drops, in ms; it doubles per failed
   *  attempt and starts again from here once connected. Default 250. */
  retryMs?: number;
  /** The longest wait between reconnection attempts, in ms. Default 10000. */
  maxRetryMs?: number;
  /** Where a dropped connection is reported. Default console. */
  log?: Pick<Console, "error">;
}

export interface ListenHandlers {
  /** A notification on the channel, with its payload. */
  notification(payload: string): void;
  /** The connection is (again) listening: notifications sent while it was not were lost, so look for what changed. */
  listening(): void;
}

/** One channel's LISTEN connection. */
export interface Listener {
  /** Whether the connection is up and listening now. */
  readonly connected: boolean;
  /** Stops listening and reconnecting, and closes the connection. */
  close(): Promise<void>;
}

/** Shown in pg_stat_activity, so an operator (or a test) can tell this connection from the query pool's. */
export const listenerApplicationName = "kindred listener";

/**
 * LISTENs on `channel` through one dedicated connection to the database `url` names, not a pool's: a pooled client
 * goes back to the pool and its LISTEN with it. A connection that drops (the server restarted, the backend was
 * terminated) is reconnected with exponential backoff; TCP keepalive finds one that silently went away. Resolves
 * after the first attempt, connected or not: a caller that also polls serves on while this keeps trying.
 */
export async function listen(url: string, channel: string, on: ListenHandlers, options: ListenOptions = {}): Promise<Listener> {
  const retryMs = options.retryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  const log = options.log ?? console;
  let client: pg.Client | null = null;
  let closed = false;
  let wait = retryMs;
  let retry: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    const attempt = new pg.Client({
      ...postgresConfig(url),
      application_name: listenerApplicationName,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    let dropped = false;
    // A failed connect or a lost connection can report itself twice (a rejection or 'error', then 'end').
    const drop = (error?: Error) => {
      if (dropped) return;
      dropped = true;
      if (client === attempt) client = null;
      if (closed) return;
      const delay = wait;
      wait = Math.min(wait * 2, maxRetryMs);
      log.error(`! LISTEN ${channel} on PostgreSQL (${redactUrl(url)}): ${error?.message ?? "connection ended"}; retrying in ${delay} ms`);
      void attempt.end().catch(() => {});
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, delay);
    };
    attempt.on("error", drop);
    attempt.on("end", () => drop());
    attempt.on("notification", (message) => {
      if (message.channel === channel) on.notification(message.payload ?? "");
    });
    try {
      await attempt.connect();
      await attempt.query(`LISTEN ${attempt.escapeIdentifier(channel)}`);
    } catch (error) {
      drop(error as Error);
      return;
    }
    if (closed || dropped) {
      await attempt.end().catch(() => {});
      return;
    }
    client = attempt;
    wait = retryMs;
    on.listening();
  }

  await connect();
  return {
    get connected() {
      return client !== null;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const open = client;
      client = null;
      await open?.end().catch(() => {});
    },
  };
}
