import "reflect-metadata";
import { type RunningServer, startServer } from "../../src/api/start-server.js";
import { webRoutes } from "../../src/web/routes.js";
import { liveRecorder } from "../api/client.js";
import { webFixture } from "./fixture.js";

/**
 * The real server (API and web routes) on an ephemeral port of 127.0.0.1, over a fresh copy of the web fixture
 * (ranked or not: K = 5, exactly the five neighbours the explorer shows). With `production`, as NODE_ENV=production
 * starts it (introspection off, errors masked, the schema in the playground). Events are recorded by the real
 * recorder, as on SQLite in `npm run serve`. Its close() also removes the database.
 */
export async function startWebServer({ ranked, production = false }: { ranked: boolean; production?: boolean }): Promise<RunningServer> {
  const database = await webFixture({ ranked });
  const live = liveRecorder(database.url);
  const server = await startServer({
    events: live.recorder,
    url: database.url,
    port: 0,
    host: "127.0.0.1",
    production,
    routes: await webRoutes({ production }),
    servedRunRefreshMs: 100,
    stopGracePeriodMs: 0,
  });
  return {
    ...server,
    async close() {
      await server.close();
      live.close();
      database.remove();
    },
  };
}
