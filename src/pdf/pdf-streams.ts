// Compressed streams. The writer takes an optional deflate function so Node can hand in zlib's
// native one (much faster on a 1 MB CJK subset); without it pdf-lib's own pure-JS flate is used.
// Pure.

import { PDFDict, PDFName, PDFRawStream, type PDFContext, type PDFObject, type PDFRef } from 'pdf-lib';

/**
 * zlib-format deflate (RFC 1950), e.g. Node's zlib.deflateSync. One that returns a promise (Node's
 * zlib.deflate, run on libuv's threads) compresses while the writer goes on with the next pages;
 * settleStreams waits for them before the file is saved.
 */
export type Deflate = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

const pendingByContext = new WeakMap<PDFContext, Promise<void>[]>();
const NOT_YET = new Uint8Array(0);

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
    const packed = deflate(contents);
    if (packed instanceof Uint8Array) stream = PDFRawStream.of(dict, packed);
    else {
      const deferred = PDFRawStream.of(dict, NOT_YET);
      stream = deferred;
      let pending = pendingByContext.get(context);
      if (!pending) pendingByContext.set(context, (pending = []));
      // pdf-lib reads a raw stream's bytes (and its /Length) only when the file is written.
      pending.push(packed.then((bytes) => {
        (deferred as { contents: Uint8Array }).contents = bytes;
      }));
    }
  } else {
    stream = context.flateStream(contents);
  }
  for (const [key, value] of Object.entries(entries)) stream.dict.set(PDFName.of(key), value);
  return context.register(stream);
}

/** Waits for every stream of the document still being compressed; call before saving it. */
export async function settleStreams(context: PDFContext): Promise<void> {
  const pending = pendingByContext.get(context);
  if (!pending) return;
  pendingByContext.delete(context);
  await Promise.all(pending);
}
