import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

// On libuv's thread pool: the vendor files are ~1.5 MB, 54-69 ms of compression that gzipSync ran on the
// event loop at every server start.
const gzipAsync = promisify(gzip);

/** A file the server holds in memory, compressed once, served with an ETag. */
export interface Asset {
  type: string;
  body: Buffer;
  /** Null when gzip would not make it smaller. */
  gzip: Buffer | null;
  etag: string;
}

export async function asset(type: string, body: Buffer | string): Promise<Asset> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const compressed = await gzipAsync(bytes);
  return {
    type,
    body: bytes,
    gzip: compressed.length < bytes.length ? compressed : null,
    etag: `"${createHash("sha1").update(bytes).digest("base64url")}"`,
  };
}

/**
 * Sends `asset` with `headers`: 304 when the browser's copy is current, gzip when it accepts it. `no-cache` means
 * "revalidate every time", so a restarted server with new code is seen at once while unchanged files cost a 304.
 */
export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, headers: Record<string, string> = {}): void {
  const common = { etag: asset.etag, "cache-control": "no-cache", vary: "accept-encoding", "x-content-type-options": "nosniff", ...headers };
  if (req.headers["if-none-match"] === asset.etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  const gzip = asset.gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "") ? asset.gzip : null;
  res.writeHead(200, {
    ...common,
    "content-type": asset.type,
    "content-length": (gzip ?? asset.body).length,
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(gzip ?? asset.body);
}
