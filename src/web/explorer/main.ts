// The explorer page (served at /): a handle in, the user's top tags and five nearest neighbours out. The handle
// lives in the URL (?handle=7), so following a neighbour is a history entry and Back returns to the previous user.
// While a user is on screen the page subscribes to their list (similarUsersChanged) and redraws the cards when
// events change it, without a reload.
import { h } from "./dom.js";
import { execute } from "../execute.js";
import type { FragmentType } from "../gql/index.js";
import { subscribe } from "../subscribe.js";
import { ExploreQuery } from "./explore.query.js";
import { failureMessage, unknownUserMessage } from "./messages.js";
import { type NeighbourCardFragment, renderNeighbourCard } from "./neighbour-card.js";
import { NeighboursChangedSubscription } from "./neighbours-changed.subscription.js";
import { renderUserTags } from "./user-tags.js";

const form = document.querySelector<HTMLFormElement>("#explore")!;
const input = document.querySelector<HTMLInputElement>("#handle")!;
const status = document.querySelector<HTMLElement>("#status")!;
const result = document.querySelector<HTMLElement>("#result")!;

/** Counts requests, so an answer that arrives after a newer request was made is dropped, not shown. */
let latest = 0;
/** Ends the subscription to the user on screen: called before another user is shown. */
let unsubscribe: (() => void) | null = null;

async function show(handle: string): Promise<void> {
  const request = ++latest;
  unsubscribe?.();
  unsubscribe = null;
  input.value = handle;
  document.title = `User ${handle} · Kindred explorer`;
  setStatus(`Loading user ${handle}…`, "loading");
  try {
    const { user } = await execute(ExploreQuery, { handle });
    if (request !== latest) return;
    if (!user) return fail(unknownUserMessage(handle));
    setStatus("", "ok");
    const neighbours = h("div", { id: "neighbours" }, neighbourList(user.similarUsers));
    const revision = h("p", { id: "revision", class: "revision", role: "status" });
    result.replaceChildren(
      h("h2", { text: `User ${user.handle}` }),
      renderUserTags(user),
      h("h3", { text: "Most similar users" }),
      h("p", { class: "legend", text: "Score: the combined similarity in [0, 1]. Bars: each source's weighted Jaccard. Below: the tags they share, heaviest first." }),
      revision,
      neighbours,
    );
    unsubscribe = subscribe(NeighboursChangedSubscription, { handle: Number(user.handle) }, {
      next({ similarUsersChanged: change }) {
        neighbours.replaceChildren(neighbourList(change.similarUsers));
        revision.textContent = `Updated live at revision ${change.revision}`;
      },
      // The cards stay as they are, only no longer live: say so where the updates would show.
      error(error) {
        revision.textContent = `Live updates stopped: ${error.message}`;
      },
    });
  } catch (error) {
    if (request === latest) fail(failureMessage(error));
  }
}

function neighbourList(similarUsers: readonly FragmentType<typeof NeighbourCardFragment>[]): HTMLElement {
  return similarUsers.length === 0
    ? h("p", { class: "none", text: "Nobody shares a tag with this user." })
    : h("ol", { class: "neighbours" }, ...similarUsers.map((n) => renderNeighbourCard(n, explore)));
}

function fail(message: string): void {
  result.replaceChildren();
  setStatus(message, "error");
}

function setStatus(text: string, state: "loading" | "ok" | "error"): void {
  status.textContent = text;
  status.dataset.state = state;
  status.setAttribute("role", state === "error" ? "alert" : "status");
}

/** Shows `handle` and records it in the history. */
function explore(handle: string): void {
  history.pushState(null, "", `?handle=${encodeURIComponent(handle)}`);
  void show(handle);
}

function handleInUrl(): string | null {
  return new URLSearchParams(location.search).get("handle")?.trim() || null;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const handle = input.value.trim();
  if (handle) explore(handle);
});
window.addEventListener("popstate", () => {
  const handle = handleInUrl();
  if (handle) void show(handle);
});
const initial = handleInUrl();
if (initial) void show(initial);
else input.focus();
