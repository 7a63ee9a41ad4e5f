import { describe, expect, test } from "vitest";
import { Arena } from "../../src/similarity/arena.js";
import { prepareInput } from "../../src/similarity/prepared-input.js";
import { rankAllUsers, runWorkers } from "../../src/similarity/rank-all-users.js";
import { rankUsers } from "../../src/similarity/rank-users.js";
import { bruteForce } from "./brute-force.js";
import { expectSameLists, plain } from "./expect-lists.js";
import { randomInput } from "./random-input.js";

// Workers claim blocks of 32 users, so 3 workers all get work only beyond 64 users.
const medium = (seed: number) => randomInput(seed, { users: 150, tags: [12, 20, 6], weights: "wide", alphas: [1, 2, 0.5] });

describe("rankAllUsers", () => {
  test.each([1, 2, 3])("with %i worker(s) agrees with the brute-force definition", async (workers) => {
    for (const seed of [11, 12]) {
      const input = medium(seed);
      const lists = await rankAllUsers(input, 6, { workers });
      expectSameLists(lists, bruteForce(input, 6), 3);
    }
  });

  test("gives bit-identical lists for 1, 2 and 3 workers and for rankUsers", async () => {
    const input = randomInput(5, { users: 300, tags: [30, 40, 8], weights: "dyadic" });
    const single = plain(rankUsers(input, 10));
    for (const workers of [1, 2, 3]) expect(plain(await rankAllUsers(input, 10, { workers }))).toEqual(single);
  });

  test("reports the same accumulations as rankUsers, whatever the worker count", async () => {
    const input = medium(3);
    const expected = rankUsers(input, 4).accumulations;
    expect(expected).toBeGreaterThan(0);
    for (const workers of [1, 3]) expect((await rankAllUsers(input, 4, { workers })).accumulations).toBe(expected);
  });

  test("reports progress per block, ending at the user count", async () => {
    const calls: [number, number][] = [];
    await rankAllUsers(medium(4), 3, { workers: 2, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBe(5); // 150 users in blocks of 32
    expect(calls.at(-1)).toEqual([150, 150]);
    expect(calls.every(([, total]) => total === 150)).toBe(true);
  });

  test("resolves 0 users to empty lists without starting a worker", async () => {
    const none = { offsets: Uint32Array.of(0), tagIds: new Uint32Array(0), weights: new Float64Array(0), tagCount: 0 };
    const input = { userCount: 0, sources: [none], alphas: [1] };
    const lists = await rankAllUsers(input, 5, { workers: 2 });
    expect(lists.k).toBe(5);
    expect(lists.count.length).toBe(0);
  });

  test("gives a lone user no neighbours", async () => {
    const one = { offsets: Uint32Array.of(0, 1), tagIds: Uint32Array.of(0), weights: Float64Array.of(1), tagCount: 1 };
    const input = { userCount: 1, sources: [one], alphas: [1] };
    const lists = await rankAllUsers(input, 3, { workers: 2 });
    expect(Array.from(lists.count)).toEqual([0]);
    expect(Array.from(lists.neighbour)).toEqual([-1, -1, -1]);
  });

  test("rejects a bad worker count before starting anything", async () => {
    await expect(rankAllUsers(medium(1), 3, { workers: 0 })).rejects.toThrow("workers must be a positive integer, got 0");
  });

  test("rejects invalid input with the validator's message", async () => {
    await expect(rankAllUsers(medium(1), 2.5)).rejects.toThrow("k must be a positive integer, got 2.5");
  });
});

describe("rankAllUsers when a worker dies", () => {
  const start = (script: URL) => {
    const arena = new Arena();
    return runWorkers(prepareInput(medium(9), arena), arena, 5, 2, undefined, script);
  };

  test("rejects when a worker throws", async () => {
    const script = new URL("./fixtures/throwing-worker.ts", import.meta.url);
    await expect(start(script)).rejects.toThrow("worker died: out of cheese");
  });

  test("rejects when a worker exits without finishing", async () => {
    const script = new URL("./fixtures/exiting-worker.ts", import.meta.url);
    await expect(start(script)).rejects.toThrow(
      "worker died: exited with code 0 before finishing",
    );
  });
});

describe("rankAllUsers when onProgress throws", () => {
  test("stops the workers and rejects with the callback's error", async () => {
    const onProgress = () => {
      throw new Error("progress bar broke");
    };
    await expect(rankAllUsers(medium(2), 3, { workers: 2, onProgress })).rejects.toThrow("progress bar broke");
  });
});
