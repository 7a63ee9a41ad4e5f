import { type FragmentType, getFragmentData, graphql } from "../gql/index.js";
import { h } from "./dom.js";
import { formatNumber, sources } from "./sources.js";

/** Each source's tags, heaviest first (the API's order), as the served run's engine weighted them. */
export const UserTagsFragment = graphql(`
  fragment UserTags on User {
    interests: tags(source: interests) {
      tag
      weight
    }
    courses: tags(source: courses) {
      tag
      weight
    }
    assessments: tags(source: assessments) {
      tag
      weight
    }
  }
`);

/** How many tags each source column lists. */
const tagsShown = 5;

/** One column per source: its top tags with their weights, or "none" when the user has nothing there. */
export function renderUserTags(ref: FragmentType<typeof UserTagsFragment>): HTMLElement {
  const user = getFragmentData(UserTagsFragment, ref);
  return h(
    "section",
    { class: "user-tags", "aria-label": "Top tags per source" },
    ...sources.map(({ source, label }) => {
      const tags = user[source];
      const list = tags.length === 0
        ? h("p", { class: "none", text: "none" })
        : h("ol", {}, ...tags.slice(0, tagsShown).map(({ tag, weight }) =>
            h("li", {}, h("span", { class: "tag", text: tag }), " ", h("span", { class: "weight", text: formatNumber(weight) })),
          ));
      const more = tags.length > tagsShown ? h("p", { class: "more", text: `and ${tags.length - tagsShown} more` }) : null;
      return h("div", { class: "source", "data-source": source }, h("h3", { text: label }), list, more);
    }),
  );
}
