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

const STREAM_START = new TextEncoder().encode('\nstream\n');
const STREAM_END = new TextEncoder().encode('\nendstream');

/**
 * A raw stream written as pdf-lib writes one, with its bytes copied in one block: pdf-lib copies a
 * stream byte by byte in a loop V8 optimised and threw away again for every stream of a file (73
 * deoptimisations in one export, its 1.7 MB copied by the interpreter).
 */
class PackedStream extends (PDFRawStream as unknown as new (dict: PDFDict, contents: Uint8Array) => PDFRawStream) {
  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    this.updateDict();
    const start = offset;
    offset += this.dict.copyBytesInto(buffer, offset);
    buffer.set(STREAM_START, offset);
    offset += STREAM_START.length;
    const contents = this.getContents();
    buffer.set(contents, offset);
    offset += contents.length;
    buffer.set(STREAM_END, offset);
    return offset + STREAM_END.length - start;
  }
}

/** PDFRawStream.of, copied into the file in one block (PackedStream). */
export function rawStream(dict: PDFDict, contents: Uint8Array): PDFRawStream {
  return new PackedStream(dict, contents);
}

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
    if (packed instanceof Uint8Array) stream = rawStream(dict, packed);
    else {
      const deferred = rawStream(dict, NOT_YET);
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
