// Compressed streams. The writer takes an optional deflate function so Node can hand in zlib's
// native one (much faster on a 1 MB CJK subset); without it pdf-lib's own pure-JS flate is used.
// Pure.

import { PDFDict, PDFName, PDFRawStream, type PDFContext, type PDFObject, type PDFRef } from 'pdf-lib';

/** zlib-format deflate (RFC 1950), e.g. Node's zlib.deflateSync. */
export type Deflate = (bytes: Uint8Array) => Uint8Array;

export function registerFlateStream(
  context: PDFContext,
  contents: Uint8Array,
  entries: Record<string, PDFObject>,
  deflate: Deflate | undefined,
): PDFRef {
  let stream: PDFRawStream;
  if (deflate) {
    const dict = PDFDict.withContext(context);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    stream = PDFRawStream.of(dict, deflate(contents));
  } else {
    stream = context.flateStream(contents);
  }
  for (const [key, value] of Object.entries(entries)) stream.dict.set(PDFName.of(key), value);
  return context.register(stream);
}
