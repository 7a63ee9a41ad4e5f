import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../../src/api/start-server.js";
import { type Browser, openBrowser, requestsLeaving, screenshotDir } from "./browser.js";
import { knownHandle, unknownHandle } from "./fixture.js";
import { startWebServer } from "./server.js";

/** The neighbours the API serves for `handle`, best first: what the page must show. */
async function servedNeighbours(server: RunningServer, handle: number): Promise<{ handle: string; score: number }[]> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: "query($h: ID!) { similarUsers(handle: $h, limit: 5) { score user { handle } } }",
      variables: { h: String(handle) },
    }),
  });
  const { data } = (await response.json()) as { data: { similarUsers: { score: number; user: { handle: string } }[] } };
  return data.similarUsers.map((s) => ({ handle: s.user.handle, score: s.score }));
}

describe("the explorer at /, over a ranked database", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebServer({ ranked: true });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("shows a known user's top tags per source and their five nearest neighbours, best first", async () => {
    const { page } = browser;
    const expected = await servedNeighbours(server, knownHandle);
    await page.goto(`${server.url}/`);
    await page.fill("#handle", String(knownHandle));
    await page.press("#handle", "Enter");

    await expect.poll(() => page.locator(".neighbour").count()).toBe(5);
    expect(await page.locator("h2").textContent()).toBe(`User ${knownHandle}`);
    expect(new URL(page.url()).search).toBe(`?handle=${knownHandle}`);
    expect(await page.locator(".neighbour").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-handle")))).toEqual(
      expected.map((n) => n.handle),
    );
    expect(await page.locator(".neighbour .score").allTextContents()).toEqual(expected.map((n) => n.score.toFixed(3)));
    // User 1 follows javascript, react, web and css (weight 1 each), listed by the API heaviest first.
    expect(await page.locator('.user-tags [data-source="interests"] .tag').allTextContents()).toEqual(
      expect.arrayContaining(["javascript", "react", "web", "css"]),
    );
    expect(await page.locator(".neighbour").first().locator(".bar").count()).toBe(3);
    await page.screenshot({ path: path.join(screenshotDir, "explorer.png"), fullPage: true });
  });

  test("follows a click on a neighbour to that user's page, and Back returns", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?handle=${knownHandle}`);
    const first = page.locator(".neighbour").first();
    await first.waitFor();
    const neighbour = await first.getAttribute("data-handle");
    const expected = await servedNeighbours(server, Number(neighbour));

    await first.locator("button.explore").click();

    await expect.poll(() => page.locator("h2").textContent()).toBe(`User ${neighbour}`);
    expect(new URL(page.url()).search).toBe(`?handle=${neighbour}`);
    await expect
      .poll(() => page.locator(".neighbour").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-handle"))))
      .toEqual(expected.map((n) => n.handle));
    await page.goBack();
    await expect.poll(() => page.locator("h2").textContent()).toBe(`User ${knownHandle}`);
  });

  test("says there is no such user for an unknown handle", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.fill("#handle", String(unknownHandle));
    await page.press("#handle", "Enter");

    await expect.poll(() => page.locator("#status").textContent()).toBe(`No user with handle ${unknownHandle}.`);
    expect(await page.locator("#status").getAttribute("role")).toBe("alert");
    expect(await page.locator(".neighbour").count()).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, "explorer-unknown-user.png") });
  });

  test("passes on the API's message for a handle that is not a positive integer", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?handle=abc`);
    await expect.poll(() => page.locator("#status").textContent()).toBe('handle must be a positive integer, got "abc"');
  });

  test("loads nothing from anywhere but its own server, and logs no errors", async () => {
    const { page } = browser;
    browser.requests.length = 0;
    browser.errors.length = 0;
    await page.goto(`${server.url}/?handle=${knownHandle}`);
    await page.locator(".neighbour").first().locator("button.explore").click();
    await expect.poll(() => page.locator("h2").textContent()).not.toBe(`User ${knownHandle}`);

    expect(browser.requests.map((url) => new URL(url).pathname)).toEqual(
      expect.arrayContaining(["/", "/assets/explorer.js", "/assets/explorer.css", "/graphql"]),
    );
    expect(requestsLeaving(browser.requests, server.url)).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});

describe("the explorer, before any ranking run completes", () => {
  test("says the server is not ready and which command makes it ready", async () => {
    const server = await startWebServer({ ranked: false });
    const browser = await openBrowser();
    try {
      await browser.page.goto(`${server.url}/?handle=${knownHandle}`);
      await expect
        .poll(() => browser.page.locator("#status").textContent())
        .toBe('The server is not ready yet. No complete ranking run named "user_ranking" yet: run `npm run rank` and ask again');
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe("the explorer, live", () => {
  test("redraws the neighbour cards when an event changes the user's list, without a reload", async () => {
    const server = await startWebServer({ ranked: true });
    const browser = await openBrowser();
    try {
      const { page } = browser;
      // The page subscribes once it has drawn the user; the subscribe message on its WebSocket says it has.
      const subscribed = page.waitForEvent("websocket").then(
        (socket) => new Promise<void>((resolve) => socket.on("framesent", (frame) => String(frame.payload).includes('"subscribe"') && resolve())),
      );
      await page.goto(`${server.url}/?handle=${knownHandle}`);
      await page.locator(".neighbour").first().waitFor();
      await subscribed;
      // Give the server the moment it takes to start the subscription it was sent (a few ms) before the event.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const cardHandles = () => page.locator(".neighbour").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-handle")));
      expect(await cardHandles()).not.toContain("10");
      await page.evaluate(() => ((window as unknown as { before: string }).before = "the same page"));

      // User 10 has no data: following user 1's four tags brings it into 1's five.
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "mutation($e: [ActivityEventInput!]!) { recordActivity(events: $e) { revision } }",
          variables: { e: ["javascript", "react", "web", "css"].map((tag) => ({ interest: { handle: 10, tag, followedAt: "2026-12-01 09:00:00" } })) },
        }),
      });
      const { data } = (await response.json()) as { data: { recordActivity: { revision: number } } };
      const expected = await servedNeighbours(server, knownHandle);
      expect(expected.map((n) => n.handle)).toContain("10");

      await expect.poll(cardHandles).toEqual(expected.map((n) => n.handle));
      expect(await page.locator(".neighbour .score").allTextContents()).toEqual(expected.map((n) => n.score.toFixed(3)));
      expect(await page.locator("#revision").textContent()).toBe(`Updated live at revision ${data.recordActivity.revision}`);
      expect(await page.evaluate(() => (window as unknown as { before?: string }).before)).toBe("the same page");
      expect(requestsLeaving(browser.requests, server.url)).toEqual([]);
      expect(browser.errors).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, "explorer-live.png"), fullPage: true });
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
