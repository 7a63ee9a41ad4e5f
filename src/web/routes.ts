import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, introspectionFromSchema } from "graphql";
import { type Route, sendJson } from "../api/http.js";
import { projectRoot } from "../database-url.js";
import { type Asset, asset, sendAsset } from "./asset.js";
import { bundleBrowserCode } from "./bundle.js";
import { playgroundTabs } from "./playground/tabs.js";

/**
 * Everything a page can load comes from this server: a browser on a network without internet, or one that blocks
 * CDNs, still gets both pages whole. The CSP makes the browser hold the pages to that.
 */
const pageHeaders = {
  "content-security-policy": [
    "default-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // GraphiQL (CodeMirror, React) sets style attributes at runtime.
    "style-src 'self' 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "referrer-policy": "no-referrer",
};

const html = "text/html; charset=utf-8";
const javascript = "text/javascript; charset=utf-8";
const css = "text/css; charset=utf-8";

export interface WebOptions {
  /**
   * The server runs in production, where introspection is off: the playground page then carries the checked-in
   * schema.graphql (as an introspection result) for GraphiQL's docs, completion and validation. Elsewhere GraphiQL
   * introspects the running server. Default: NODE_ENV === "production", as startServer's `production`.
   */
  production?: boolean;
}

/**
 * The routes for the explorer (`GET /`), the playground (`GET /graphql` asked for as HTML, so API clients asking
 * the same path for JSON still reach Apollo) and their files (`GET /assets/:name`). Put them in front of the
 * API's routes (startServer's `routes` option). Bundles the browser code and reads examples.graphql (one playground
 * tab per operation) and, in production, schema.graphql once, here.
 */
export async function webRoutes(options: WebOptions = {}): Promise<Route[]> {
  const production = options.production ?? process.env.NODE_ENV === "production";
  const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
  const [bundles, examples, schema, explorerHtml, playgroundHtml, explorerCss, playgroundCss, favicon, vendor] = await Promise.all([
    bundleBrowserCode(),
    readFile(path.join(projectRoot, "examples.graphql"), "utf8"),
    production ? readFile(path.join(projectRoot, "schema.graphql"), "utf8") : null,
    readFile(here("./explorer/index.html"), "utf8"),
    readFile(here("./playground/index.html"), "utf8"),
    readFile(here("./explorer/explorer.css")),
    readFile(here("./playground/playground.css")),
    readFile(here("./favicon.svg")),
    vendorAssets(),
  ]);
  const [own, explorerPage, playgroundPage] = await Promise.all([
    Promise.all([
      named("explorer.js", javascript, bundles.explorer),
      named("playground.js", javascript, bundles.playground),
      named("explorer.css", css, explorerCss),
      named("playground.css", css, playgroundCss),
      named("favicon.svg", "image/svg+xml", favicon),
    ]),
    asset(html, explorerHtml),
    asset(
      html,
      playgroundHtml
        .replace("{{TABS}}", () => scriptJson(playgroundTabs(examples)))
        .replace("{{SCHEMA}}", () =>
          schema === null ? "" : `<script type="application/json" id="kindred-schema">${scriptJson(introspectionFromSchema(buildSchema(schema)))}</script>`,
        ),
    ),
  ]);
  const assets = new Map<string, Asset>([...vendor, ...own]);

  return [
    { method: "GET", path: "/", handle: ({ req, res }) => sendAsset(req, res, explorerPage, pageHeaders) },
    { method: "GET", path: "/graphql", html: true, handle: ({ req, res }) => sendAsset(req, res, playgroundPage, pageHeaders) },
    {
      method: "GET",
      path: "/assets/:name",
      handle({ req, res, params }) {
        const file = assets.get(params.name);
        if (file) return sendAsset(req, res, file);
        sendJson(res, 404, { error: { code: "NOT_FOUND", message: `No asset named ${params.name}` } });
      },
    },
  ];
}

/** React, ReactDOM and GraphiQL as their npm packages ship them: UMD builds that set window globals. */
async function vendorAssets(): Promise<[string, Asset][]> {
  const require = createRequire(import.meta.url);
  const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
  const files: [name: string, type: string, file: string][] = [
    ["react.production.min.js", javascript, path.join(packageDir("react"), "umd/react.production.min.js")],
    ["react-dom.production.min.js", javascript, path.join(packageDir("react-dom"), "umd/react-dom.production.min.js")],
    ["graphiql.min.js", javascript, path.join(packageDir("graphiql"), "graphiql.min.js")],
    ["graphiql.min.css", css, path.join(packageDir("graphiql"), "graphiql.min.css")],
  ];
  return Promise.all(files.map(async ([name, type, file]) => named(name, type, await readFile(file))));
}

/** An asset with the name it is served under. */
async function named(name: string, type: string, body: Buffer | string): Promise<[string, Asset]> {
  return [name, await asset(type, body)];
}

/** JSON safe inside a <script> element: `<` is escaped, so no string in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
