import "reflect-metadata";
import { type RunningServer, startServer } from "../../src/api/start-server.js";
import { webRoutes } from "../../src/web/routes.js";

/**
 * The real server (API and web routes) on an ephemeral port of 127.0.0.1, over the database at `url`; with
 * `production`, as NODE_ENV=production starts it (introspection off, errors masked, the schema in the playground).
 */
export async function startWebServer(url: string, { production = false } = {}): Promise<RunningServer> {
  return startServer({
    url,
    port: 0,
    host: "127.0.0.1",
    production,
    routes: await webRoutes({ production }),
    servedRunRefreshMs: 100,
    stopGracePeriodMs: 0,
  });
}
