import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { projectRoot } from "../../src/database-url.js";

/** Debian's Chromium: the tests never download a browser (see README, "Browser tests"). */
export const chromiumPath = "/usr/bin/chromium";

/** Where screenshots go: test-results/ is git-ignored. */
export const screenshotDir = path.join(projectRoot, "test-results", "web");

export interface Browser {
  page: Page;
  /** Every URL the page asked for, in order: documents, scripts, styles, fetches. */
  requests: string[];
  /** Console errors and uncaught exceptions, CSP violations among them. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A headless Chromium with a new, empty profile and everything that phones home switched off, so the only
 * requests are the page's own.
 */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "kindred-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const errors: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  mkdirSync(screenshotDir, { recursive: true });
  return {
    page,
    requests,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The requests whose URL is not on `origin` (data: URLs never leave the page, so they are not counted). */
export function requestsLeaving(requests: readonly string[], origin: string): string[] {
  const { host } = new URL(origin);
  return requests.filter((url) => {
    const parsed = new URL(url);
    return parsed.protocol !== "data:" && parsed.host !== host;
  });
}
