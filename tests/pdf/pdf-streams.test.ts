// Streams the writer registers are written byte for byte as pdf-lib writes its own raw streams.
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { rawStream } from '../../src/pdf/pdf-streams';

function written(stream: PDFRawStream): Uint8Array {
  const buffer = new Uint8Array(stream.sizeInBytes() + 8).fill(0xee);
  const n = stream.copyBytesInto(buffer, 4);
  expect(n).toBe(stream.sizeInBytes());
  // Nothing is written before the offset or after the stream's own bytes.
  expect([...buffer.subarray(0, 4), ...buffer.subarray(4 + n)].every((b) => b === 0xee)).toBe(true);
  return buffer.subarray(4, 4 + n);
}

describe('rawStream', () => {
  it('writes the same bytes as PDFRawStream.of, for empty, short and long contents', async () => {
    const pdf = await PDFDocument.create();
    for (const length of [0, 1, 17, 70_000]) {
      const contents = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
      const dict = () => pdf.context.obj({ Filter: 'FlateDecode', DL: length });
      const ours = rawStream(dict(), contents);
      const theirs = PDFRawStream.of(dict(), contents);
      expect(ours).toBeInstanceOf(PDFRawStream);
      expect(ours.dict.get(PDFName.of('DL'))).toEqual(theirs.dict.get(PDFName.of('DL')));
      expect(Buffer.from(written(ours)).equals(Buffer.from(written(theirs))), `length ${length}`).toBe(true);
    }
  });
});
