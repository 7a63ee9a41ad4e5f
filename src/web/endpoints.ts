/** Where the page's own server answers GraphQL over HTTP: both pages are always served by the API they talk to. */
export const endpoint = "/graphql";

/** The same path over WebSocket (graphql-ws), on the page's own host: ws: beside http:, wss: beside https:. */
export function websocketEndpoint(): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${endpoint}`;
}
