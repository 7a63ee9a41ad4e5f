// Boots GraphiQL on the playground page. React, ReactDOM and GraphiQL are the npm packages' UMD builds, loaded by
// the page's <script> tags from this server's /assets (never a CDN), so only their types are imported here.
import type { GraphiQL as GraphiQLComponent, GraphiQLProps } from "graphiql";
import { type DocumentNode, type IntrospectionQuery, Kind, type OperationDefinitionNode, parse } from "graphql";
import type * as ReactModule from "react";
import type * as ReactDOMClient from "react-dom/client";
import { endpoint, websocketEndpoint } from "../endpoints.js";
import { execute } from "../execute.js";
import { graphql } from "../gql/index.js";
import type { PlaygroundTab } from "./tabs.js";

declare const React: typeof ReactModule;
declare const ReactDOM: typeof ReactDOMClient;
declare const GraphiQL: typeof GraphiQLComponent & {
  createFetcher(options: { url: string; subscriptionUrl?: string }): GraphiQLProps["fetcher"];
};

const tabs = JSON.parse(document.getElementById("kindred-tabs")!.textContent!) as PlaygroundTab[];
// In production the server refuses introspection and puts its checked-in schema in the page instead (routes.ts);
// without it GraphiQL introspects the server, as in development.
const schemaElement = document.getElementById("kindred-schema");
const schema = schemaElement ? (JSON.parse(schemaElement.textContent!) as IntrospectionQuery) : undefined;
// Queries and mutations over HTTP; subscriptions over graphql-ws (bundled in GraphiQL's build) on the same path.
const graphiqlFetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: websocketEndpoint() });
// GraphiQL 3.9's fetcher sends an operation over the WebSocket only when the `documentAST` and `operationName` it is
// handed name a subscription, and GraphiQL hands it the previous tab's: switching from the SimilarUsers tab to
// SimilarUsersChanged and running it sent the subscription's text with "SimilarUsers" and that tab's document, over
// HTTP. So both are made again from the text sent. Remove when GraphiQL keeps them in step with the tab.
const fetcher: GraphiQLProps["fetcher"] = (params, options) => {
  const document = parsed(params.query);
  if (!document) return graphiqlFetcher(params, options); // the server answers with the syntax error
  const operationName = operationNameIn(document, params.operationName);
  return graphiqlFetcher({ ...params, operationName }, { ...options, documentAST: document });
};

function parsed(query: string): DocumentNode | null {
  try {
    return parse(query);
  } catch {
    return null;
  }
}

/** `given` when the document has an operation of that name, else the name of its only operation (or `given`). */
function operationNameIn(document: DocumentNode, given: string | null | undefined): string | null | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations.some((o) => o.name?.value === given)) return given;
  return operations[0].name?.value ?? given;
}

const FirstUserQuery = graphql(`
  query FirstUser {
    users(first: 1) {
      edges {
        node {
          handle
        }
      }
    }
  }
`);

/**
 * A handle that exists, to fill the examples' `$handle`: the first user by handle. Null when the database is empty
 * or the request fails, and the examples then open with an empty `handle` for the reader to fill in.
 */
async function sampleHandle(): Promise<string | null> {
  try {
    const { users } = await execute(FirstUserQuery);
    return users.edges[0]?.node.handle ?? null;
  } catch {
    return null;
  }
}

const handle = await sampleHandle();
const defaultTabs = tabs.map((tab) => ({
  query: tab.query,
  variables: tab.variableTypes.handle === undefined ? undefined : JSON.stringify({ handle: handleValue(tab.variableTypes.handle) }, null, 2),
}));

/** The sample handle as a variable of `type`: an ID is a string, an Int (the live operations' handles) a number. */
function handleValue(type: string): string | number | null {
  if (!type.startsWith("Int")) return handle ?? "";
  return handle === null ? null : Number(handle);
}

const logo = React.createElement(
  GraphiQL.Logo,
  null,
  React.createElement("a", { href: "/", title: "Back to the explorer" }, "Kindred"),
);
// GraphiQL 3.9 fills the first tab's variables editor from the `variables` prop or its stored "variables" entry,
// never from defaultTabs[0].variables, and on a later visit it matches the stored query and variables against the
// stored tabs, adding a tab when they differ. Storing the first tab's variables before the first render (when no
// tabs are stored yet) fills the editor and keeps that match. Remove when GraphiQL reads defaultTabs[0].variables.
if (localStorage.getItem("graphiql:tabState") === null && defaultTabs[0]?.variables) {
  localStorage.setItem("graphiql:variables", defaultTabs[0].variables);
}
ReactDOM.createRoot(document.getElementById("graphiql")!).render(
  React.createElement(GraphiQL, { fetcher, defaultTabs, defaultEditorToolsVisibility: true, schema }, logo),
);
