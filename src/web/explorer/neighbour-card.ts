import { type FragmentType, getFragmentData, graphql } from "../gql/index.js";
import { h } from "./dom.js";
import { formatNumber, sources } from "./sources.js";

/** One similar user: the score, each source's Jaccard and, per source, the tags both users have (the reasons). */
export const NeighbourCardFragment = graphql(`
  fragment NeighbourCard on SimilarUser {
    rank
    score
    user {
      handle
    }
    sources {
      interests
      courses
      assessments
    }
    sharedTags {
      source
      tags {
        tag
      }
    }
  }
`);

/** How many shared tags each source lists; the heaviest come first. */
const sharedTagsShown = 6;

/** A card whose handle button calls `onExplore` with the neighbour's handle. */
export function renderNeighbourCard(ref: FragmentType<typeof NeighbourCardFragment>, onExplore: (handle: string) => void): HTMLElement {
  const neighbour = getFragmentData(NeighbourCardFragment, ref);
  const { handle } = neighbour.user;
  return h(
    "li",
    { class: "neighbour", "data-handle": handle },
    h(
      "header",
      {},
      h("span", { class: "rank", text: `#${neighbour.rank}` }),
      h("button", { type: "button", class: "explore", title: `Explore user ${handle}`, onclick: () => onExplore(handle), text: `User ${handle}` }),
      h("span", { class: "score", title: "Combined score", text: formatNumber(neighbour.score) }),
    ),
    h("div", { class: "bars" }, ...sources.map(({ source, label }) => bar(label, neighbour.sources[source]))),
    h("div", { class: "shared" }, ...sources.map(({ source, label }) => {
      const tags = neighbour.sharedTags.find((s) => s.source === source)?.tags ?? [];
      if (tags.length === 0) return null;
      return h("p", { "data-source": source }, h("span", { class: "label", text: `${label}: ` }), tags
        .slice(0, sharedTagsShown)
        .map((t) => t.tag)
        .join(", ") + (tags.length > sharedTagsShown ? ` (+${tags.length - sharedTagsShown})` : ""));
    })),
  );
}

/** A labelled bar for one source's Jaccard in [0, 1]; "n/a" when neither user has data in that source. */
function bar(label: string, value: number | null): HTMLElement {
  return h(
    "div",
    { class: "bar" },
    h("span", { class: "label", text: label }),
    h("meter", { min: 0, max: 1, value: value ?? 0, "aria-label": `${label} similarity` }),
    h("span", { class: "value", text: value === null ? "n/a" : formatNumber(value) }),
  );
}
