/**
 * The bytes a queued run moves through Redis: the engine input, published once per run by the coordinator and
 * fetched once per run by each worker (not a re-run of the profile SQL by every worker), and a block's partial
 * lists (pair-blocks.ts), staged by the worker that ranked it. Typed arrays are copied byte for byte, so a worker ranks exactly the
 * coordinator's input and the coordinator stores exactly the worker's scores.
 */
import type { PartialLists } from "../similarity/pair-blocks.js";
import type { EngineInput, WeightedSets } from "../similarity/types.js";

type Numbers = Uint32Array | Int32Array | Float64Array;

/** The arrays' byte lengths and shapes, first in the snapshot. */
interface InputHeader {
  userCount: number;
  alphas: number[];
  sources: { tagCount: number; entries: number }[];
}

function concat(header: object, arrays: readonly Numbers[]): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(json.length);
  return Buffer.concat([prefix, json, ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
}

/** Reads the arrays back in order; each is a fresh, aligned copy. */
function reader(bytes: Buffer): { header: unknown; next<T extends Numbers>(Type: { new (length: number): T; BYTES_PER_ELEMENT: number }, length: number): T } {
  const jsonLength = bytes.readUInt32LE(0);
  const header: unknown = JSON.parse(bytes.subarray(4, 4 + jsonLength).toString());
  let at = 4 + jsonLength;
  return {
    header,
    next(Type, length) {
      const array = new Type(length);
      const end = at + length * Type.BYTES_PER_ELEMENT;
      if (end > bytes.length) throw new Error(`snapshot truncated: ${bytes.length} bytes, needs ${end}`);
      Buffer.from(array.buffer).set(bytes.subarray(at, end));
      at = end;
      return array;
    },
  };
}

export function encodeInput(input: EngineInput): Buffer {
  const header: InputHeader = {
    userCount: input.userCount,
    alphas: [...input.alphas],
    sources: input.sources.map((s) => ({ tagCount: s.tagCount, entries: s.tagIds.length })),
  };
  return concat(header, input.sources.flatMap((s) => [s.offsets, s.tagIds, s.weights]));
}

export function decodeInput(bytes: Buffer): EngineInput {
  const { header, next } = reader(bytes);
  const { userCount, alphas, sources } = header as InputHeader;
  return {
    userCount,
    alphas,
    sources: sources.map(({ tagCount, entries }): WeightedSets => ({
      offsets: next(Uint32Array, userCount + 1),
      tagIds: next(Uint32Array, entries),
      weights: next(Float64Array, entries),
      tagCount,
    })),
  };
}

interface PartialHeader {
  first: number;
  rows: number;
  k: number;
  accumulations: number;
}

export function encodePartial(partial: PartialLists): Buffer {
  const header: PartialHeader = { first: partial.first, rows: partial.count.length, k: partial.k, accumulations: partial.accumulations };
  return concat(header, [partial.count, partial.neighbour, partial.score]);
}

export function decodePartial(bytes: Buffer): PartialLists {
  const { header, next } = reader(bytes);
  const { first, rows, k, accumulations } = header as PartialHeader;
  return { first, k, count: next(Uint32Array, rows), neighbour: next(Int32Array, rows * k), score: next(Float64Array, rows * k), accumulations };
}
