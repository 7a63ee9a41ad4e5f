/** Guards on what one request may ask for; each comes from the environment, with these defaults. */
export interface ApiLimits {
  /** Deepest field nesting an operation may have (introspection fields not counted). MAX_QUERY_DEPTH, default 8. */
  maxQueryDepth: number;
  /** Largest `first` a list or connection accepts. MAX_PAGE_SIZE, default 100. */
  maxPageSize: number;
  /** Largest estimated cost of one operation (cost.ts says how it is counted). MAX_QUERY_COST, default 2000. */
  maxQueryCost: number;
  /** Most aliased fields one document may have. MAX_ALIASES, default 30. */
  maxAliases: number;
  /** How long a GraphQL request may run before it is cut off, in ms. REQUEST_TIMEOUT_MS, default 5000. */
  requestTimeoutMs: number;
  /** Most events one `recordActivity` batch may carry. MAX_BATCH_EVENTS, default 1000. */
  maxBatchEvents: number;
}

export const defaultLimits: ApiLimits = {
  maxQueryDepth: 8,
  maxPageSize: 100,
  maxQueryCost: 2000,
  maxAliases: 30,
  requestTimeoutMs: 5000,
  maxBatchEvents: 1000,
};

const variables: Record<keyof ApiLimits, string> = {
  maxQueryDepth: "MAX_QUERY_DEPTH",
  maxPageSize: "MAX_PAGE_SIZE",
  maxQueryCost: "MAX_QUERY_COST",
  maxAliases: "MAX_ALIASES",
  requestTimeoutMs: "REQUEST_TIMEOUT_MS",
  maxBatchEvents: "MAX_BATCH_EVENTS",
};

/** Reads every limit's variable; throws an Error naming the variable when one is not a positive integer. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiLimits {
  const limits = { ...defaultLimits };
  for (const key of Object.keys(variables) as (keyof ApiLimits)[]) {
    limits[key] = positiveInt(env, variables[key], defaultLimits[key]);
  }
  return limits;
}

export function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^[1-9][0-9]*$/.test(text)) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return Number(text);
}
