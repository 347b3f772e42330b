// The print PDF (PDF/X-1a:2001, PDF/X-4, with and without marks) and the screen PDF, written
// from a small issue (cover, three sample articles laid out by the engine, back cover) and read
// back with pdf-lib and pdf.js.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfWriteError } from '../../src/pdf/errors';
import { writePdf, writePdfWithReport, type WritePdfOptions } from '../../src/pdf/write-pdf';
import { MARKS_SLUG_PT } from '../../src/pdf/print/marks';
import {
  CN,
  EXPORT_DATE,
  issueFixture,
  issueMetadata,
  OVERRIDE_REASON,
  outputIntent,
  PHOTO_BACK,
  PHOTO_COVER,
  type IssueFixture,
} from './support/issue-fixture';
import { boxOf, dictOf, extractPageTexts, loadPdf, nameOf, pageContent, resolve, streamBytes } from './support/read-pdf';
import { rgbJpeg } from './support/test-images';

const MM = 72 / 25.4;
const deflate = (bytes: Uint8Array): Uint8Array => deflateSync(bytes);

let fixture: IssueFixture;
const files: Record<'x1a' | 'x4' | 'x1aNoMarks' | 'screen', Uint8Array> = {} as never;
const docs: Record<keyof typeof files, PDFDocument> = {} as never;

function optionsFor(extra: WritePdfOptions): WritePdfOptions {
  return {
    outputIntent: outputIntent(),
    metadata: issueMetadata(),
    pageLabels: fixture.pageLabels,
    bookmarks: fixture.bookmarks,
    images: fixture.images,
    date: EXPORT_DATE,
    deflate,
    ...extra,
  };
}

beforeAll(async () => {
  fixture = await issueFixture();
  files.x1a = await writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', standard: 'x1a' }));
  files.x4 = await writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', standard: 'x4' }));
  files.x1aNoMarks = await writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', marks: false }));
  files.screen = await writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'screen' }));
  for (const key of Object.keys(files) as (keyof typeof files)[]) docs[key] = await loadPdf(files[key]);
}, 60_000);

function infoDict(doc: PDFDocument): PDFDict {
  const info = resolve(doc, doc.context.trailerInfo.Info);
  if (!(info instanceof PDFDict)) throw new Error('no Info');
  return info;
}

function infoText(doc: PDFDocument, key: string): string | undefined {
  const value = resolve(doc, infoDict(doc).get(PDFName.of(key)));
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

function xmpOf(doc: PDFDocument): string {
  return new TextDecoder().decode(streamBytes(doc, doc.catalog.get(PDFName.of('Metadata'))));
}

/** Text of a simple XMP property, or of the first rdf:li of a container. */
function xmpValue(xmp: string, property: string): string | undefined {
  const match = xmp.match(new RegExp(`<${property}>([\\s\\S]*?)</${property}>`));
  if (!match) return undefined;
  const item = match[1]!.match(/<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/);
  return (item ? item[1]! : match[1]!).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function pdfDate(text: string | undefined): number {
  const m = text?.match(/^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z/);
  if (!m) return NaN;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

/** Every object reachable in the file, streams' dictionaries included. */
function allObjects(doc: PDFDocument): PDFObject[] {
  return doc.context.enumerateIndirectObjects().map(([, object]) => object);
}

function namesIn(object: PDFObject, into: Set<string> = new Set()): Set<string> {
  if (object instanceof PDFName) into.add(object.decodeText());
  else if (object instanceof PDFArray) for (const item of object.asArray()) namesIn(item, into);
  else if (object instanceof PDFDict) for (const [key, value] of object.entries()) {
    into.add(key.decodeText());
    namesIn(value, into);
  }
  else if (object instanceof PDFRawStream) namesIn(object.dict, into);
  return into;
}

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
const rectOf = (box: number[] | undefined): Rect => {
  if (!box) throw new Error('missing box');
  return { x1: box[0]!, y1: box[1]!, x2: box[2]!, y2: box[3]! };
};

/** Text blocks with their fill colour and whether an overprint ExtGState is in force. */
function textBlocks(content: string): Array<{ fill: string; overprint: boolean; text: string }> {
  const blocks: Array<{ fill: string; overprint: boolean; text: string }> = [];
  const stack: Array<{ fill: string; overprint: boolean }> = [];
  let state = { fill: '', overprint: false };
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === 'q') stack.push({ ...state });
    else if (line === 'Q') state = stack.pop() ?? { fill: '', overprint: false };
    else if (line === '/GSop gs') state.overprint = true;
    else if (/ (k|rg)$/.test(line) || / cs 1 scn$/.test(line)) state.fill = line;
    else if (line === 'BT') {
      const end = lines.indexOf('ET', i);
      blocks.push({ ...state, text: lines.slice(i, end).join('\n') });
      i = end;
    }
  }
  return blocks;
}

describe('print PDF (PDF/X-1a:2001 with marks)', () => {
  it('writes %PDF-1.3 without object streams, and %PDF-1.6 for PDF/X-4', () => {
    const latin = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
    expect(latin(files.x1a.subarray(0, 8))).toBe('%PDF-1.3');
    expect(latin(files.x1aNoMarks.subarray(0, 8))).toBe('%PDF-1.3');
    expect(latin(files.x4.subarray(0, 8))).toBe('%PDF-1.6');
    for (const bytes of [files.x1a, files.x4]) {
      expect(latin(bytes)).not.toMatch(/\/Type\s*\/(ObjStm|XRef)\b/);
      expect(latin(bytes)).toMatch(/\nxref\n/);
    }
  });

  it('gives every page a 210×285 mm TrimBox, a BleedBox 3 mm beyond it and a MediaBox 10 mm beyond that', () => {
    const pages = docs.x1a.getPages();
    expect(pages).toHaveLength(fixture.doc.pages.length);
    for (const page of pages) {
      const trim = rectOf(boxOf(docs.x1a, page, 'TrimBox'));
      const bleed = rectOf(boxOf(docs.x1a, page, 'BleedBox'));
      const media = rectOf(boxOf(docs.x1a, page, 'MediaBox'));
      expect((trim.x2 - trim.x1) / MM).toBeCloseTo(210, 2);
      expect((trim.y2 - trim.y1) / MM).toBeCloseTo(285, 2);
      for (const [outer, inner, mm] of [
        [bleed, trim, 3],
        [media, bleed, 10],
      ] as const) {
        expect((inner.x1 - outer.x1) / MM).toBeCloseTo(mm, 2);
        expect((inner.y1 - outer.y1) / MM).toBeCloseTo(mm, 2);
        expect((outer.x2 - inner.x2) / MM).toBeCloseTo(mm, 2);
        expect((outer.y2 - inner.y2) / MM).toBeCloseTo(mm, 2);
      }
      expect(page.node.get(PDFName.of('CropBox'))).toBeUndefined();
    }
  });

  it('uses only DeviceCMYK, DeviceGray images and the registration Separation: no RGB, ICC-based or Lab colour', () => {
    for (const doc of [docs.x1a, docs.x4, docs.x1aNoMarks]) {
      const names = new Set<string>();
      for (const object of allObjects(doc)) namesIn(object, names);
      for (const forbidden of ['DeviceRGB', 'ICCBased', 'Lab', 'CalRGB', 'CalGray', 'DeviceN', 'Indexed', 'Pattern']) {
        expect(names.has(forbidden), forbidden).toBe(false);
      }
      for (const page of doc.getPages()) {
        const content = pageContent(doc, page);
        expect(content).not.toMatch(/ (rg|RG|g|G|sc|SC)\n/);
        expect(content).not.toMatch(/\/Device(RGB|Gray) (cs|CS)/);
      }
      const resources = dictOf(doc, doc.getPages()[0]!.node, 'Resources');
      const xobjects = dictOf(doc, resources, 'XObject');
      const spaces = xobjects.entries().map(([, ref]) => {
        const stream = resolve(doc, ref);
        if (!(stream instanceof PDFRawStream)) throw new Error('image XObject is not a stream');
        return nameOf(doc, stream.dict, 'ColorSpace');
      });
      expect(spaces.sort()).toEqual(['DeviceCMYK', 'DeviceGray']);
    }
  });

  it('has no transparency: no soft masks, constant alpha, blend modes or groups', () => {
    for (const doc of [docs.x1a, docs.x1aNoMarks]) {
      const names = new Set<string>();
      for (const object of allObjects(doc)) namesIn(object, names);
      for (const forbidden of ['SMask', 'ca', 'CA', 'BM', 'Group', 'AIS']) expect(names.has(forbidden), forbidden).toBe(false);
    }
  });

  it('embeds every font as a Type0/CIDFontType2 subset with FontFile2 and ToUnicode', () => {
    const resources = dictOf(docs.x1a, docs.x1a.getPages()[0]!.node, 'Resources');
    const fonts = dictOf(docs.x1a, resources, 'Font');
    expect(fonts.entries().length).toBe(fixture.doc.fonts.length);
    for (const [, ref] of fonts.entries()) {
      const font = resolve(docs.x1a, ref) as PDFDict;
      expect(nameOf(docs.x1a, font, 'Subtype')).toBe('Type0');
      expect(font.get(PDFName.of('ToUnicode'))).toBeInstanceOf(PDFRef);
      const descendant = resolve(docs.x1a, (resolve(docs.x1a, font.get(PDFName.of('DescendantFonts'))) as PDFArray).get(0)) as PDFDict;
      expect(nameOf(docs.x1a, descendant, 'Subtype')).toBe('CIDFontType2');
      const descriptor = dictOf(docs.x1a, descendant, 'FontDescriptor');
      expect(streamBytes(docs.x1a, descriptor.get(PDFName.of('FontFile2'))).length).toBeGreaterThan(1000);
      expect(nameOf(docs.x1a, font, 'BaseFont')).toMatch(/^[A-Z]{6}\+/);
    }
  });

  it('carries one GTS_PDFX output intent with the ICC profile handed in', () => {
    const intents = resolve(docs.x1a, docs.x1a.catalog.get(PDFName.of('OutputIntents'))) as PDFArray;
    expect(intents.size()).toBe(1);
    const intent = resolve(docs.x1a, intents.get(0)) as PDFDict;
    expect(nameOf(docs.x1a, intent, 'S')).toBe('GTS_PDFX');
    expect((intent.get(PDFName.of('OutputConditionIdentifier')) as PDFString).decodeText()).toBe('FOGRA39');
    expect((intent.get(PDFName.of('RegistryName')) as PDFString).decodeText()).toBe('http://www.color.org');
    expect((intent.get(PDFName.of('Info')) as PDFString).decodeText()).toContain('FOGRA39');
    const profile = resolve(docs.x1a, intent.get(PDFName.of('DestOutputProfile'))) as PDFRawStream;
    expect((profile.dict.get(PDFName.of('N')) as PDFNumber).asNumber()).toBe(4);
    expect(Buffer.from(inflateSync(profile.contents)).equals(Buffer.from(outputIntent().icc))).toBe(true);
    expect(docs.screen.catalog.get(PDFName.of('OutputIntents'))).toBeUndefined();
  });

  it('writes Info and XMP from one source: title, dates, Trapped, CN serial and the issue fields agree', () => {
    const doc = docs.x1a;
    const xmp = xmpOf(doc);
    expect(infoText(doc, 'Title')).toBe('北京人大 2026年第1期');
    expect(xmpValue(xmp, 'dc:title')).toBe(infoText(doc, 'Title'));
    expect(nameOf(doc, infoDict(doc), 'Trapped')).toBe('False');
    expect(xmpValue(xmp, 'pdf:Trapped')).toBe('False');
    expect(pdfDate(infoText(doc, 'CreationDate'))).toBe(EXPORT_DATE.getTime());
    expect(pdfDate(infoText(doc, 'ModDate'))).toBe(EXPORT_DATE.getTime());
    for (const property of ['xmp:CreateDate', 'xmp:ModifyDate', 'xmp:MetadataDate']) {
      expect(Date.parse(xmpValue(xmp, property)!)).toBe(EXPORT_DATE.getTime());
    }
    expect(infoText(doc, 'CNSerial')).toBe(CN);
    expect(xmpValue(xmp, 'dc:identifier')).toBe(CN);
    expect(xmpValue(xmp, 'qikan:cnSerial')).toBe(CN);
    expect(xmp).toContain('xmlns:qikan="urn:qikan-studio:ns:periodical:1.0#"');
    expect(infoText(doc, 'Keywords')).toBe(xmpValue(xmp, 'pdf:Keywords'));
    expect(infoText(doc, 'Keywords')).toContain(CN);
    expect(infoText(doc, 'Subject')).toBe('北京人大 2026年第1期（总第313期） CN 11-4553/D');
    expect(xmpValue(xmp, 'dc:description')).toBe(infoText(doc, 'Subject'));
    expect(infoText(doc, 'Creator')).toBe('Qikan Studio');
    expect(xmpValue(xmp, 'xmp:CreatorTool')).toBe('Qikan Studio');
    expect(infoText(doc, 'Producer')).toBe(xmpValue(xmp, 'pdf:Producer'));
    expect(infoText(doc, 'Author')).toBe('《北京人大》编辑部');
    expect(xmpValue(xmp, 'dc:publisher')).toBe('《北京人大》编辑部');
    expect(xmpValue(xmp, 'prism:publicationName')).toBe('北京人大');
    expect(xmpValue(xmp, 'prism:number')).toBe('1');
    expect(xmpValue(xmp, 'prism:coverDate')).toBe('2026-01-26');
    expect(xmpValue(xmp, 'prism:coverDisplayDate')).toBe('2026年第1期');
    expect(xmpValue(xmp, 'prism:aggregationType')).toBe('magazine');
    expect(xmpValue(xmp, 'prism:issueIdentifier')).toBe('CN 11-4553/D 2026-01');
    expect(xmpValue(xmp, 'qikan:totalNumber')).toBe('313');
    expect(infoText(doc, 'GTS_PDFXVersion')).toBe('PDF/X-1:2001');
    expect(infoText(doc, 'GTS_PDFXConformance')).toBe('PDF/X-1a:2001');
    expect(xmpValue(xmp, 'pdfx:GTS_PDFXVersion')).toBe('PDF/X-1:2001');
    expect(xmpValue(xmp, 'xmpMM:VersionID')).toBe('1');
    expect(xmpValue(xmp, 'xmpMM:RenditionClass')).toBe('default');
  });

  it('identifies PDF/X-4 by pdfxid in XMP and Info, without a conformance key', () => {
    const xmp = xmpOf(docs.x4);
    expect(xmpValue(xmp, 'pdfxid:GTS_PDFXVersion')).toBe('PDF/X-4');
    expect(infoText(docs.x4, 'GTS_PDFXVersion')).toBe('PDF/X-4');
    expect(infoText(docs.x4, 'GTS_PDFXConformance')).toBeUndefined();
    expect(xmp).not.toContain('GTS_PDFXConformance');
  });

  it('writes a trailer /ID: the permanent part is the issue\'s DocumentID, the instance part changes per export', () => {
    const idsOf = (doc: PDFDocument): string[] =>
      (resolve(doc, doc.context.trailerInfo.ID) as PDFArray).asArray().map((item) => (item as PDFHexString).asString());
    const [x1aPermanent, x1aInstance] = idsOf(docs.x1a);
    const [x4Permanent, x4Instance] = idsOf(docs.x4);
    expect(x1aPermanent).toMatch(/^[0-9A-F]{32}$/);
    expect(x4Permanent).toBe(x1aPermanent);
    expect(x4Instance).not.toBe(x1aInstance);
    const uuidHex = (value: string | undefined): string => (value ?? '').replace(/^uuid:/, '').replace(/-/g, '').toUpperCase();
    expect(uuidHex(xmpValue(xmpOf(docs.x1a), 'xmpMM:DocumentID'))).toBe(x1aPermanent);
    expect(uuidHex(xmpValue(xmpOf(docs.x1a), 'xmpMM:InstanceID'))).toBe(x1aInstance);
  });

  it('records the export history: the preflight override reason and this export as stEvt events', () => {
    const xmp = xmpOf(docs.x1a);
    const events = [...xmp.matchAll(/<rdf:li rdf:parseType="Resource">([\s\S]*?)<\/rdf:li>/g)].map((m) => m[1]!);
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('<stEvt:action>preflight-override</stEvt:action>');
    expect(events[0]).toContain(`<stEvt:parameters>${OVERRIDE_REASON}</stEvt:parameters>`);
    expect(events[1]).toContain('<stEvt:action>produced</stEvt:action>');
    expect(events[1]).toContain('<stEvt:parameters>print PDF/X-1a:2001, marks</stEvt:parameters>');
    expect(events[1]).toContain(`<stEvt:instanceID>${xmpValue(xmp, 'xmpMM:InstanceID')}</stEvt:instanceID>`);
  });

  it('labels the pages as printed (封一, folios, 封四), read back by pdf.js', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    for (const bytes of [files.x1a, files.screen]) {
      const loaded = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, verbosity: 0 }).promise;
      const labels = await loaded.getPageLabels();
      await loaded.destroy();
      expect(labels).toEqual(fixture.pageLabels);
    }
    expect(fixture.pageLabels[0]).toBe('封一');
    expect(fixture.pageLabels[1]).toBe('04');
    expect(fixture.pageLabels.at(-1)).toBe('封四');
  });

  it('draws crop marks and registration targets in Separation /All, outside the bleed and inside the MediaBox', () => {
    const doc = docs.x1a;
    const resources = dictOf(doc, doc.getPages()[0]!.node, 'Resources');
    const registration = resolve(doc, dictOf(doc, resources, 'ColorSpace').get(PDFName.of('CSall'))) as PDFArray;
    expect(registration.asArray().slice(0, 3).map((item) => (item as PDFName).decodeText())).toEqual(['Separation', 'All', 'DeviceCMYK']);
    for (const page of doc.getPages()) {
      const content = pageContent(doc, page);
      const bleed = rectOf(boxOf(doc, page, 'BleedBox'));
      const media = rectOf(boxOf(doc, page, 'MediaBox'));
      const fragment = content.slice(content.lastIndexOf('q\n/CSall CS 1 SCN'));
      expect(fragment).toMatch(/^q\n\/CSall CS 1 SCN\n0\.25 w\n/);
      expect(fragment.trimEnd().endsWith('Q')).toBe(true);
      const segments = [...fragment.matchAll(/(-?[\d.]+) (-?[\d.]+) m (-?[\d.]+) (-?[\d.]+) l S/g)].map((m) => m.slice(1, 5).map(Number));
      expect(segments).toHaveLength(16); // 8 crop marks + a cross on each of 4 targets
      const circles = fragment.match(/ c\nh S/g) ?? [];
      expect(circles).toHaveLength(4);
      const points = [...fragment.matchAll(/(-?[\d.]+) (-?[\d.]+) (?=[mlc]\b|-?[\d.]+ -?[\d.]+ (?:-?[\d.]+ -?[\d.]+ )?c)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(points.length).toBeGreaterThan(32);
      const eps = 0.01;
      for (const [x, y] of points as [number, number][]) {
        const outsideBleed = x <= bleed.x1 + eps || x >= bleed.x2 - eps || y <= bleed.y1 + eps || y >= bleed.y2 - eps;
        expect(outsideBleed, `${x} ${y}`).toBe(true);
        expect(x >= media.x1 && x <= media.x2 && y >= media.y1 && y <= media.y2, `${x} ${y}`).toBe(true);
      }
      // Crop marks: 5 mm long, starting 3 mm from the trim.
      const trim = rectOf(boxOf(doc, page, 'TrimBox'));
      const crop = segments.slice(0, 8);
      for (const [x1, y1, x2, y2] of crop as [number, number, number, number][]) {
        expect(Math.hypot(x2 - x1, y2 - y1) / MM).toBeCloseTo(5, 2);
        const onTrimLine = [trim.x1, trim.x2].some((x) => Math.abs(x1 - x) < eps && Math.abs(x2 - x) < eps) ||
          [trim.y1, trim.y2].some((y) => Math.abs(y1 - y) < eps && Math.abs(y2 - y) < eps);
        expect(onTrimLine).toBe(true);
      }
      // Page content is clipped to the bleed before the marks.
      const clip = content.match(/^q\n(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re W n\n/);
      expect(clip).not.toBeNull();
      const [x, y, w, h] = clip!.slice(1, 5).map(Number) as [number, number, number, number];
      expect(x).toBeCloseTo(bleed.x1, 2);
      expect(y).toBeCloseTo(bleed.y1, 2);
      expect(x + w).toBeCloseTo(bleed.x2, 2);
      expect(y + h).toBeCloseTo(bleed.y2, 2);
    }
  });

  it('without marks makes the MediaBox the BleedBox and draws no registration colour', () => {
    const doc = docs.x1aNoMarks;
    for (const page of doc.getPages()) {
      expect(boxOf(doc, page, 'MediaBox')).toEqual(boxOf(doc, page, 'BleedBox'));
      const trim = rectOf(boxOf(doc, page, 'TrimBox'));
      const bleed = rectOf(boxOf(doc, page, 'BleedBox'));
      expect((trim.x1 - bleed.x1) / MM).toBeCloseTo(3, 2);
      expect(pageContent(doc, page)).not.toContain('CSall');
    }
    const resources = dictOf(doc, doc.getPages()[0]!.node, 'Resources');
    expect(resources.get(PDFName.of('ColorSpace'))).toBeUndefined();
    expect(MARKS_SLUG_PT / MM).toBeCloseTo(10, 5);
  });

  it('overprints K100 text inside q … Q, never white or coloured text', () => {
    const doc = docs.x1a;
    let k100 = 0;
    for (const page of doc.getPages()) {
      for (const block of textBlocks(pageContent(doc, page))) {
        if (block.fill === '0 0 0 1 k') {
          k100++;
          expect(block.overprint, block.text.slice(0, 80)).toBe(true);
        } else {
          expect(block.overprint, `${block.fill}: ${block.text.slice(0, 80)}`).toBe(false);
        }
      }
      const content = pageContent(doc, page);
      // Every overprint switch sits inside its own q … Q.
      for (const match of content.matchAll(/\/GSop gs/g)) expect(content.slice(0, match.index).endsWith('q\n')).toBe(true);
    }
    expect(k100).toBeGreaterThan(100);
    const cover = textBlocks(pageContent(doc, doc.getPages()[0]!));
    expect(cover.some((block) => block.fill === '0 0 0 0 k' && !block.overprint)).toBe(true);
    expect(cover.some((block) => block.fill === '0 1 1 0 k' && !block.overprint)).toBe(true);
  });

  it('embeds the CMYK photo with the Adobe-inverted decode so pure cyan stays cyan, the grey one as DeviceGray', async () => {
    const doc = docs.x1a;
    const xobjects = dictOf(doc, dictOf(doc, doc.getPages()[0]!.node, 'Resources'), 'XObject');
    const cover = resolve(doc, xobjects.get(PDFName.of(`Im${PHOTO_COVER}`))) as PDFRawStream;
    expect(nameOf(doc, cover.dict, 'Filter')).toBe('DCTDecode');
    expect(nameOf(doc, cover.dict, 'ColorSpace')).toBe('DeviceCMYK');
    expect((cover.dict.get(PDFName.of('Decode')) as PDFArray).asArray().map((n) => (n as PDFNumber).asNumber())).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect(Buffer.from(cover.contents).equals(Buffer.from(fixture.images.get(PHOTO_COVER)!.jpeg))).toBe(true);
    const back = resolve(doc, xobjects.get(PDFName.of(`Im${PHOTO_BACK}`))) as PDFRawStream;
    expect(nameOf(doc, back.dict, 'ColorSpace')).toBe('DeviceGray');
    expect(back.dict.get(PDFName.of('Decode'))).toBeUndefined();

    // pdf.js decodes the image as a viewer shows it: cyan (no red, much green and blue).
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const loaded = await pdfjs.getDocument({ data: files.x1a.slice(), isEvalSupported: false, verbosity: 0 }).promise;
    const page = await loaded.getPage(1);
    const operators = await page.getOperatorList();
    const paints = operators.fnArray.flatMap((fn, index) => (fn === pdfjs.OPS.paintImageXObject ? [operators.argsArray[index][0] as string] : []));
    expect(paints).toHaveLength(1);
    const image = await new Promise<{ width: number; height: number; data: Uint8ClampedArray; kind: number }>((done) =>
      page.objs.get(paints[0]!, done),
    );
    await loaded.destroy();
    expect([image.width, image.height]).toEqual([48, 32]);
    const channels = image.kind === 3 ? 4 : 3;
    const middle = (16 * 48 + 24) * channels;
    const [red, green, blue] = [image.data[middle]!, image.data[middle + 1]!, image.data[middle + 2]!];
    expect(red).toBeLessThan(40);
    expect(green).toBeGreaterThan(140);
    expect(blue).toBeGreaterThan(200);
  });

  it('places each photo to cover its frame, clipped to it, and leaves photo-less frames as placeholders, labelled only off press', async () => {
    const doc = docs.x1a;
    const content = pageContent(doc, doc.getPages()[0]!);
    // Frame 470×320 pt, photo 48×32 px: scaled by max(470/48, 320/32) to 480×320, centred.
    expect(content).toMatch(new RegExp(`re W n\\n480 0 0 320 [\\d.]+ [\\d.]+ cm\\n/Im${PHOTO_COVER} Do`));
    const { report } = await writePdfWithReport(fixture.doc, fixture.fonts, optionsFor({ mode: 'print' }));
    expect(report.imagesPlaced).toBe(2);
    expect(report.placeholders).toBe(report.imageFrames - 2);
    // The placeholder keeps its light box and cross; its label (a production note) is left out of a
    // print file (preflight refuses the placeholder there) and shown on screen.
    expect(content).toMatch(/0 0 0 0\.08 k\n0 0 0 0\.35 K\n0\.5 w\n[\d. ]+re B\n[\d. ]+m [\d. ]+l [\d. ]+m [\d. ]+l S/);
    const texts = await extractPageTexts(files.x1a);
    expect(texts[0]).not.toContain('照片占位');
    expect(texts[0]).toContain(CN);
    expect((await extractPageTexts(files.screen))[0]).toContain('照片占位 封面小图');
  });

  it('refuses an RGB photo for print, but takes it for the screen PDF', async () => {
    const images = new Map(fixture.images);
    images.set(PHOTO_COVER, { jpeg: await rgbJpeg(30, 20, [200, 30, 30]), colorSpace: 'rgb', widthPx: 30, heightPx: 20 });
    await expect(writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', images }))).rejects.toMatchObject({
      code: 'image_not_allowed',
      details: { photoId: PHOTO_COVER, reason: 'rgb_in_print' },
    });
    const screen = await loadPdf(await writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'screen', images })));
    const xobjects = dictOf(screen, dictOf(screen, screen.getPages()[0]!.node, 'Resources'), 'XObject');
    expect(nameOf(screen, (resolve(screen, xobjects.get(PDFName.of(`Im${PHOTO_COVER}`))) as PDFRawStream).dict, 'ColorSpace')).toBe('DeviceRGB');
  });

  it('refuses image bytes that are not a JPEG or disagree with their stated colour space', async () => {
    const notJpeg = new Map(fixture.images);
    notJpeg.set(PHOTO_COVER, { jpeg: new TextEncoder().encode('not a jpeg at all'), colorSpace: 'cmyk', widthPx: 1, heightPx: 1 });
    await expect(writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', images: notJpeg }))).rejects.toMatchObject({
      code: 'image_unreadable',
      details: { photoId: PHOTO_COVER, reason: 'not_jpeg' },
    });
    const mislabelled = new Map(fixture.images);
    mislabelled.set(PHOTO_BACK, { ...fixture.images.get(PHOTO_BACK)!, colorSpace: 'cmyk' });
    await expect(writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', images: mislabelled }))).rejects.toBeInstanceOf(PdfWriteError);
    await expect(writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', images: mislabelled }))).rejects.toMatchObject({
      code: 'image_unreadable',
      details: { photoId: PHOTO_BACK, reason: 'colour_space_mismatch' },
    });
  });

  it('refuses a print export without an output profile, with a non-CMYK profile, or with page labels for other pages', async () => {
    await expect(writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', outputIntent: undefined }))).rejects.toMatchObject({
      code: 'output_intent_missing',
    });
    const notIcc = { ...outputIntent(), icc: new Uint8Array(200) };
    await expect(writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', outputIntent: notIcc }))).rejects.toMatchObject({
      code: 'output_intent_missing',
      details: { reason: 'not_icc' },
    });
    await expect(
      writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', pageLabels: fixture.pageLabels.slice(1) })),
    ).rejects.toMatchObject({ code: 'page_labels_mismatch' });
    await expect(writePdf(fixture.doc, fixture.fonts, optionsFor({ mode: 'print', metadata: { cnSerial: CN } }))).rejects.toMatchObject({
      code: 'metadata_invalid',
      details: { reason: 'title' },
    });
  });
});

describe('screen PDF', () => {
  it('has MediaBox = TrimBox (210×285 mm), no bleed box and no marks', () => {
    const doc = docs.screen;
    for (const page of doc.getPages()) {
      const media = boxOf(doc, page, 'MediaBox');
      expect(boxOf(doc, page, 'TrimBox')).toEqual(media);
      expect(boxOf(doc, page, 'BleedBox')).toBeUndefined();
      const rect = rectOf(media);
      expect((rect.x2 - rect.x1) / MM).toBeCloseTo(210, 2);
      expect((rect.y2 - rect.y1) / MM).toBeCloseTo(285, 2);
      expect(pageContent(doc, page)).not.toContain('CSall');
    }
  });

  it('draws in DeviceRGB (CMYK converted), without overprint, and is no PDF/X', () => {
    const doc = docs.screen;
    const content = doc.getPages().map((page) => pageContent(doc, page)).join('\n');
    expect(content).not.toMatch(/ (k|K)\n/);
    expect(content).not.toContain('/GSop gs');
    expect(content).toContain('0 0 0 rg'); // K100 text
    expect(content).toContain('1 0 0 rg'); // the red masthead (M100 Y100)
    expect(infoText(doc, 'GTS_PDFXVersion')).toBeUndefined();
    const xmp = xmpOf(doc);
    expect(xmpValue(xmp, 'xmpMM:RenditionClass')).toBe('screen');
    expect(xmpValue(xmp, 'dc:identifier')).toBe(CN);
    expect(xmpValue(xmp, 'dc:title')).toBe(infoText(doc, 'Title'));
    expect(Buffer.from(files.screen.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
  });

  it('opens with an outline: one entry per 栏目 with its articles, each at its start page', async () => {
    expect(nameOf(docs.screen, docs.screen.catalog, 'PageMode')).toBe('UseOutlines');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const loaded = await pdfjs.getDocument({ data: files.screen.slice(), isEvalSupported: false, verbosity: 0 }).promise;
    const outline = await loaded.getOutline();
    const pageOf = async (dest: unknown): Promise<number> => loaded.getPageIndex((dest as [{ num: number; gen: number }])[0]);
    const read = await Promise.all(
      outline.map(async (entry) => ({
        title: entry.title,
        page: await pageOf(entry.dest),
        children: await Promise.all(entry.items.map(async (child) => ({ title: child.title, page: await pageOf(child.dest) }))),
      })),
    );
    await loaded.destroy();
    expect(read.map((entry) => entry.title)).toEqual(['高层声音', '履职一年间']);
    expect(read[0]!.children).toHaveLength(2);
    expect(read[1]!.children).toHaveLength(1);
    const expected = fixture.bookmarks.map((section) => ({
      title: section.title,
      page: section.pageIndex,
      children: section.children.map((child) => ({ title: child.title, page: child.pageIndex })),
    }));
    expect(read).toEqual(expected);
    expect(read[0]!.children[0]!.page).toBe(fixture.starts.get(2));
    expect(read[1]!.children[0]!.page).toBe(fixture.starts.get(4));
    expect(read[1]!.children[0]!.page).toBeGreaterThan(read[0]!.children[1]!.page);
  });

  it('keeps the text a reader extracts', async () => {
    // The same text but for the placeholders' labels: production notes shown on screen, never printed.
    const unlabelled = { ...fixture.doc, pages: fixture.doc.pages.map((p) => ({ ...p, items: p.items.map((i) => (i.kind === 'image' ? { ...i, label: undefined } : i)) })) };
    const screenBytes = await writePdf(unlabelled, fixture.fonts, optionsFor({ mode: 'screen' }));
    const [print, screen] = await Promise.all([extractPageTexts(files.x1a), extractPageTexts(screenBytes)]);
    expect(screen).toEqual(print);
    expect((await extractPageTexts(files.screen))[0]).toContain('照片占位 封面小图');
    expect(screen.join('')).toContain('二〇二六年新年贺词');
  });
});

describe('metadata sources', () => {
  it('reads the ICC profile from the repository resources', () => {
    const icc = readFileSync(join(__dirname, '..', '..', 'resources', 'icc', 'ISOcoated_v2_300_bas.icc'));
    expect(icc.subarray(36, 40).toString('latin1')).toBe('acsp');
    expect(icc.subarray(12, 20).toString('latin1')).toBe('prtrCMYK');
  });
});
