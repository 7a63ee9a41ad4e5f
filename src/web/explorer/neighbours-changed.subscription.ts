import { graphql } from "../gql/index.js";

/** The explorer's user's five nearest neighbours, again, each time events change them. */
export const NeighboursChangedSubscription = graphql(`
  subscription NeighboursChanged($handle: Int!) {
    similarUsersChanged(handle: $handle, limit: 5) {
      revision
      similarUsers {
        rank
        ...NeighbourCard
      }
    }
  }
`);
