// The explorer page (served at /): a handle in, the user's top tags and five nearest neighbours out. The handle
// lives in the URL (?handle=7), so following a neighbour is a history entry and Back returns to the previous user.
import { h } from "./dom.js";
import { execute } from "../execute.js";
import { ExploreQuery } from "./explore.query.js";
import { failureMessage, unknownUserMessage } from "./messages.js";
import { renderNeighbourCard } from "./neighbour-card.js";
import { renderUserTags } from "./user-tags.js";

const form = document.querySelector<HTMLFormElement>("#explore")!;
const input = document.querySelector<HTMLInputElement>("#handle")!;
const status = document.querySelector<HTMLElement>("#status")!;
const result = document.querySelector<HTMLElement>("#result")!;

/** Counts requests, so an answer that arrives after a newer request was made is dropped, not shown. */
let latest = 0;

async function show(handle: string): Promise<void> {
  const request = ++latest;
  input.value = handle;
  document.title = `User ${handle} · Kindred explorer`;
  setStatus(`Loading user ${handle}…`, "loading");
  try {
    const { user } = await execute(ExploreQuery, { handle });
    if (request !== latest) return;
    if (!user) return fail(unknownUserMessage(handle));
    setStatus("", "ok");
    result.replaceChildren(
      h("h2", { text: `User ${user.handle}` }),
      renderUserTags(user),
      h("h3", { text: "Most similar users" }),
      h("p", { class: "legend", text: "Score: the combined similarity in [0, 1]. Bars: each source's weighted Jaccard. Below: the tags they share, heaviest first." }),
      user.similarUsers.length === 0
        ? h("p", { class: "none", text: "Nobody shares a tag with this user." })
        : h("ol", { class: "neighbours" }, ...user.similarUsers.map((n) => renderNeighbourCard(n, explore))),
    );
  } catch (error) {
    if (request === latest) fail(failureMessage(error));
  }
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
