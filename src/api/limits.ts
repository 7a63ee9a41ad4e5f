/** Guards on what one request may ask for; both come from the environment, with these defaults. */
export interface ApiLimits {
  /** Deepest field nesting an operation may have (introspection fields not counted). MAX_QUERY_DEPTH, default 8. */
  maxQueryDepth: number;
  /** Largest `first` a list or connection accepts. MAX_PAGE_SIZE, default 100. */
  maxPageSize: number;
}

export const defaultLimits: ApiLimits = { maxQueryDepth: 8, maxPageSize: 100 };

/** Reads MAX_QUERY_DEPTH and MAX_PAGE_SIZE; throws an Error naming the variable when one is not a positive integer. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiLimits {
  return {
    maxQueryDepth: positiveInt(env, "MAX_QUERY_DEPTH", defaultLimits.maxQueryDepth),
    maxPageSize: positiveInt(env, "MAX_PAGE_SIZE", defaultLimits.maxPageSize),
  };
}

export function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^[1-9][0-9]*$/.test(text)) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return Number(text);
}
