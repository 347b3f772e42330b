// Typed arrays carved in turn from one buffer, so a paragraph's many parallel arrays cost one
// allocation. Pure.

export class CarvedArrays {
  private readonly buffer: ArrayBuffer;
  private at = 0;

  /** Room for arrays of `length` elements taking `bytesPerElement` bytes in all (the sum over the
   *  arrays to be carved). Carve the widest elements first, so every view is aligned. */
  constructor(private readonly length: number, bytesPerElement: number) {
    this.buffer = new ArrayBuffer(length * bytesPerElement);
  }

  f64(): Float64Array {
    const a = new Float64Array(this.buffer, this.at, this.length);
    this.at += this.length * 8;
    return a;
  }

  i32(): Int32Array {
    const a = new Int32Array(this.buffer, this.at, this.length);
    this.at += this.length * 4;
    return a;
  }

  u8(): Uint8Array {
    const a = new Uint8Array(this.buffer, this.at, this.length);
    this.at += this.length;
    return a;
  }
}
