import { graphql } from "../gql/index.js";

/** Everything the page shows for one handle: the user's tags and their five nearest neighbours. */
export const ExploreQuery = graphql(`
  query Explore($handle: ID!) {
    user(handle: $handle) {
      handle
      ...UserTags
      similarUsers(limit: 5) {
        rank
        ...NeighbourCard
      }
    }
  }
`);
