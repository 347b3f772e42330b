// Reads a written PDF back for the tests: pdf.js for the text a viewer extracts, pdf-lib's
// low-level objects for fonts, boxes and content streams.

import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';

export async function extractPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loaded = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 })
    .promise;
  const texts: string[] = [];
  for (let number = 1; number <= loaded.numPages; number++) {
    const pdfPage = await loaded.getPage(number);
    const content = await pdfPage.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await loaded.destroy();
  return texts;
}

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false });
}

export function resolve(doc: PDFDocument, object: PDFObject | undefined): PDFObject | undefined {
  return object instanceof PDFRef ? doc.context.lookup(object) : object;
}

export function dictOf(doc: PDFDocument, owner: PDFDict, key: string): PDFDict {
  const value = resolve(doc, owner.get(PDFName.of(key)));
  if (!(value instanceof PDFDict)) throw new Error(`${key} is not a dictionary`);
  return value;
}

export function arrayOf(doc: PDFDocument, owner: PDFDict, key: string): PDFArray {
  const value = resolve(doc, owner.get(PDFName.of(key)));
  if (!(value instanceof PDFArray)) throw new Error(`${key} is not an array`);
  return value;
}

export function numbersOf(doc: PDFDocument, array: PDFArray): number[] {
  return array.asArray().map((item) => {
    const value = resolve(doc, item);
    if (!(value instanceof PDFNumber)) throw new Error('not a number');
    return value.asNumber();
  });
}

export function nameOf(doc: PDFDocument, owner: PDFDict, key: string): string | undefined {
  const value = resolve(doc, owner.get(PDFName.of(key)));
  return value instanceof PDFName ? value.decodeText() : undefined;
}

/** A stream's decoded bytes (the writer only uses FlateDecode). */
export function streamBytes(doc: PDFDocument, object: PDFObject | undefined): Uint8Array {
  const stream = resolve(doc, object);
  if (!(stream instanceof PDFRawStream)) throw new Error('not a stream');
  const filter = nameOf(doc, stream.dict, 'Filter');
  if (filter === undefined) return stream.contents;
  if (filter !== 'FlateDecode') throw new Error(`unexpected filter ${filter}`);
  return new Uint8Array(inflateSync(stream.contents));
}

export function pageContent(doc: PDFDocument, page: PDFPage): string {
  return Buffer.from(streamBytes(doc, page.node.get(PDFName.of('Contents')))).toString('latin1');
}

export function boxOf(doc: PDFDocument, page: PDFPage, key: string): number[] | undefined {
  const value = resolve(doc, page.node.get(PDFName.of(key)));
  return value instanceof PDFArray ? numbersOf(doc, value) : undefined;
}

/** Each Tf font resource with the CIDs the text operators show, in order. */
export function shownCids(content: string): Array<{ resource: string; cids: number[] }> {
  const shows: Array<{ resource: string; cids: number[] }> = [];
  let current: { resource: string; cids: number[] } | null = null;
  const tokens = /\/(\w+) [\d.]+ Tf|<([0-9A-F]*)>/g;
  for (const match of content.matchAll(tokens)) {
    if (match[1] !== undefined) {
      current = { resource: match[1], cids: [] };
      shows.push(current);
    } else if (current && match[2] !== undefined) {
      for (let i = 0; i < match[2].length; i += 4) current.cids.push(parseInt(match[2].slice(i, i + 4), 16));
    }
  }
  return shows;
}

/** Operators of a content stream (hex strings and names removed first). */
export function operatorsOf(content: string): string[] {
  return content
    .replace(/<[0-9A-Fa-f]*>/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .split(/\s+/)
    .filter((token) => /^[A-Za-z'"*]+$/.test(token));
}

/** Widths from /DW and /W ("c [w…]" and "c1 c2 w" forms). */
export function widthsOf(doc: PDFDocument, cidFont: PDFDict): (cid: number) => number {
  const dwObject = resolve(doc, cidFont.get(PDFName.of('DW')));
  const defaultWidth = dwObject instanceof PDFNumber ? dwObject.asNumber() : 1000;
  const explicit = new Map<number, number>();
  const w = arrayOf(doc, cidFont, 'W').asArray().map((item) => resolve(doc, item));
  for (let i = 0; i < w.length; ) {
    const first = (w[i] as PDFNumber).asNumber();
    const next = w[i + 1];
    if (next instanceof PDFArray) {
      numbersOf(doc, next).forEach((width, offset) => explicit.set(first + offset, width));
      i += 2;
    } else {
      const last = (next as PDFNumber).asNumber();
      const width = (w[i + 2] as PDFNumber).asNumber();
      for (let cid = first; cid <= last; cid++) explicit.set(cid, width);
      i += 3;
    }
  }
  return (cid) => explicit.get(cid) ?? defaultWidth;
}

/** bfchar entries of a ToUnicode CMap: CID → text. */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9A-F]+)>\s*<([0-9A-F]*)>/g)) {
      const units: number[] = [];
      for (let i = 0; i < entry[2]!.length; i += 4) units.push(parseInt(entry[2]!.slice(i, i + 4), 16));
      map.set(parseInt(entry[1]!, 16), String.fromCharCode(...units));
    }
  }
  return map;
}
