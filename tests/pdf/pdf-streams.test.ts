// Streams the writer registers are written byte for byte as pdf-lib writes its own raw streams, and
// their text becomes bytes one character to a byte.
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { rawStream } from '../../src/pdf/pdf-streams';
import { asciiBytes } from '../../src/pdf/pdf-syntax';

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

describe('asciiBytes', () => {
  it('gives each character its code, and only the low byte of one beyond ASCII', () => {
    const ascii = 'BT /F1 10.5 Tf [<00A1>-12.5<0B2C>] TJ ET\n';
    expect([...asciiBytes(ascii)]).toEqual([...ascii].map((c) => c.charCodeAt(0)));
    expect([...asciiBytes('')]).toEqual([]);
    // Not expected in a content stream, but never widened into UTF-8 if it happens.
    expect([...asciiBytes('a\u00e9\u4e2db')]).toEqual([0x61, 0xe9, 0x2d, 0x62]);
    expect([...asciiBytes('\ud83d\ude00')]).toEqual([0x3d, 0x00]);
  });
});
