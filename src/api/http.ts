import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import { Kind, OperationTypeNode, parse } from "graphql";
import type { Context } from "./context.js";
import { ErrorCode, requestTimedOut } from "./errors.js";
import { timer } from "./timeout.js";

export type Method = "GET" | "POST";

/** What a route handler gets: the request, the response, the parsed URL and the `:name` segments of its path. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

/**
 * One entry of the server's route table. Routes are tried in order and the first match wins, so a module added in
 * front (the playground in src/web) can take `GET /` and a browser's `GET /graphql` (with `html: true`) while
 * GraphQL clients asking the same path for JSON still reach Apollo.
 */
export interface Route {
  method: Method;
  /** An exact path; a segment `:name` matches any one segment and lands in `params.name`. */
  path: string;
  /** Match only requests whose Accept header asks for text/html, i.e. a browser navigating to the page. */
  html?: boolean;
  handle(request: RouteRequest): Promise<void> | void;
}

/** The request listener for a route table: 404 for an unknown path, 405 (with Allow) for a known path's other methods. */
export function router(routes: readonly Route[], log: Pick<Console, "error">) {
  const compiled = routes.map((route) => ({ route, match: pathMatcher(route.path) }));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req.url ?? "/");
    const wantsHtml = req.headers.accept?.includes("text/html") ?? false;
    const allowed = new Set<string>();
    for (const { route, match } of compiled) {
      const params = match(url.pathname);
      if (!params) continue;
      allowed.add(route.method);
      if (route.method !== req.method || (route.html && !wantsHtml)) continue;
      try {
        await route.handle({ req, res, url, params });
      } catch (error) {
        log.error(error);
        if (!res.headersSent) sendJson(res, 500, { error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
        else res.destroy();
      }
      return;
    }
    if (allowed.size > 0) {
      const message = `${req.method} is not allowed on ${url.pathname}`;
      sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message } }, { allow: [...allowed].join(", ") });
    } else {
      sendJson(res, 404, { error: { code: "NOT_FOUND", message: `Nothing at ${url.pathname}` } });
    }
  };
}

/**
 * The request target as a URL. A target in origin form ("/path?query", what clients send) is the path itself:
 * resolved against a base, `//evil.example/graphql` would be read as a host and a path, served as `/graphql`, and
 * a 404 would name a path the client never asked for. Any other form (absolute, for proxies) is parsed as a URL.
 */
function requestUrl(target: string): URL {
  return target.startsWith("/") ? new URL(`http://localhost${target}`) : new URL(target, "http://localhost");
}

function pathMatcher(pattern: string): (path: string) => Record<string, string> | null {
  const parts = pattern.split("/");
  return (path) => {
    const segments = path.split("/");
    if (segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].startsWith(":")) {
        if (segments[i] === "") return null;
        const value = decodeSegment(segments[i]);
        if (value === null) return null;
        params[parts[i].slice(1)] = value;
      } else if (parts[i] !== segments[i]) return null;
    }
    return params;
  };
}

/** A percent-decoded path segment; null when malformed (`%zz`), which then matches no route. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Larger bodies get 413 (and larger WebSocket messages close the socket): no GraphQL document of ours comes near it. */
export const maxBodyBytes = 1 << 20;

/**
 * `POST /graphql` and `GET /graphql`, handed to Apollo with a fresh context per request. A query still running
 * `requestTimeoutMs` after its body was read is answered REQUEST_TIMEOUT (HTTP 503) there and then (timeout.ts). A
 * mutation is not: its batch of events commits or is refused as a whole, and an answer sent before that would leave
 * the client not knowing which (a retry would store views and assessments twice); it answers when its batch did.
 */
export function graphqlRoutes(apollo: ApolloServer<Context>, context: () => Promise<Context>, requestTimeoutMs: number): Route[] {
  const handle = async ({ req, res, url }: RouteRequest) => {
    let body: unknown;
    if (req.method === "POST") {
      const text = await readBody(req);
      if (text === null) {
        return sendJson(res, 413, graphqlError("BAD_REQUEST", `The request body is larger than ${maxBodyBytes} bytes`));
      }
      const mediaType = mediaTypeOf(req.headers["content-type"]);
      if (!jsonMediaTypes.has(mediaType)) {
        const named = mediaType ? `"${mediaType}"` : "no content-type";
        const message = `A GraphQL POST body must be application/json, got ${named}`;
        return sendJson(res, 415, graphqlError(ErrorCode.UnsupportedMediaType, message));
      }
      try {
        body = JSON.parse(text);
      } catch {
        return sendJson(res, 400, graphqlError("BAD_REQUEST", "The request body is not valid JSON"));
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const deadline = timer(requestTimeoutMs);
    const execution = apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: req.method!, headers, search: url.search, body }, context });
    const response = await (isMutation(body) ? execution : Promise.race([execution, deadline.elapsed]));
    deadline.cancel();
    if (response === "timeout") {
      const { message, extensions } = requestTimedOut(requestTimeoutMs);
      return sendJson(res, 503, { errors: [{ message, extensions }] });
    }
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };
  return [
    { method: "POST", path: "/graphql", handle },
    { method: "GET", path: "/graphql", handle },
  ];
}

/** Whether a POST body's operation is a mutation (only POST may carry one); a document that does not parse is not,
 *  and Apollo answers its syntax error. */
function isMutation(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== "string" || !/\bmutation\b/.test(query)) return false;
  try {
    const operations = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const chosen = operations.length === 1 ? operations[0] : operations.find((o) => o.name?.value === operationName);
    return chosen?.operation === OperationTypeNode.MUTATION;
  } catch {
    return false;
  }
}

/**
 * The media types a GraphQL POST body may have (the GraphQL-over-HTTP spec requires application/json; clients that
 * send the response type as the request's also get through). Any other body, form data or `text/plain` (what a
 * cross-site form can send without a preflight) included, is 415 before Apollo sees it.
 */
const jsonMediaTypes: ReadonlySet<string> = new Set(["application/json", "application/graphql-response+json"]);

/** `Application/JSON; charset=utf-8` -> `application/json`; "" when there is no header. */
function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

function graphqlError(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** The body as text, or null once it exceeds maxBodyBytes. Events rather than `for await`: the async iterator
 *  cost about 3% of the server's CPU per GraphQL request under load. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.once("end", () => resolve(size > maxBodyBytes ? null : Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}
