/**
 * Column storage for parsed rows: integers in an Int32Array, text dictionary-encoded (each distinct string once,
 * rows hold its code), so a file's rows take a few bytes each, and the buffers move between threads without
 * copying.
 */

/** A finished text column: row i holds `values[codes[i]]`, or nothing when the code is -1. */
export interface TextColumn {
  values: string[];
  codes: Int32Array;
}

export class IntColumnBuilder {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index];
  }

  /** The values pushed so far, trimmed to length (a copy, so the builder's spare capacity is not kept alive). */
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export class TextColumnBuilder {
  private readonly codeOf = new Map<string, number>();
  readonly values: string[] = [];
  private readonly codes = new IntColumnBuilder();

  /** The code `value` has (or gets) in this column. */
  codeFor(value: string): number {
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codeOf.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** Appends a row holding `value`, or nothing for null. */
  push(value: string | null): void {
    this.codes.push(value === null ? -1 : this.codeFor(value));
  }

  /** Appends a row holding the value that has `code` (from codeFor). */
  pushCode(code: number): void {
    this.codes.push(code);
  }

  get length(): number {
    return this.codes.length;
  }

  finish(): TextColumn {
    return { values: this.values, codes: this.codes.finish() };
  }
}
