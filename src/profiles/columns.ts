/**
 * A typed array that grows as a scan appends to it: rows read from a table without one JavaScript object each.
 * Doubling keeps the copies at under one per element; values() is a view of the filled part, no copy.
 */
export class Column<A extends Int32Array | Uint32Array | Float64Array> {
  length = 0;
  private data: A;

  constructor(private readonly make: (length: number) => A) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values(): A {
    return this.data.subarray(0, this.length) as A;
  }
}

export const int32Column = () => new Column((n) => new Int32Array(n));
export const uint32Column = () => new Column((n) => new Uint32Array(n));
export const float64Column = () => new Column((n) => new Float64Array(n));
