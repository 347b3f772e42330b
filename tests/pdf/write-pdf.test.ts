import { deflateSync } from 'node:zlib';
import { create, type FontkitFont } from 'fontkit';
import { PDFBool, PDFDict, PDFName, PDFNumber } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DisplayDocument, GlyphRun } from '../../src/engine/display-list';
import { PdfWriteError } from '../../src/pdf/errors';
import { writePdf, writePdfWithReport } from '../../src/pdf/write-pdf';
import {
  BLEED,
  documentOf,
  fontMap,
  page,
  runTexts,
  SANS_KEY,
  SERIF_KEY,
  shapedRun,
  testFont,
  TRIM_H,
  TRIM_W,
} from './support/display-fixtures';
import {
  arrayOf,
  boxOf,
  dictOf,
  extractPageTexts,
  loadPdf,
  nameOf,
  operatorsOf,
  pageContent,
  parseToUnicode,
  resolve,
  shownCids,
  streamBytes,
  widthsOf,
} from './support/read-pdf';

const FIXED_DATE = new Date('2026-01-15T08:00:00Z');
const deflate = (bytes: Uint8Array): Uint8Array => deflateSync(bytes);

const BODY = [
  '全过程人民民主是社会主义民主政治的本质属性，',
  '是最广泛、最真实、最管用的民主。人大代表“来自',
  '人民、植根人民”；他们说：“要把群众的呼声……',
  '带到会上。”《北京人大》——市人大常委会主办。',
];

/** Three pages, two fonts, Chinese with punctuation, a Latin/digit run, justified and overprinting lines. */
function sampleDocument(): DisplayDocument {
  const bodyLines = (startY: number): GlyphRun[] =>
    BODY.map((text, line) =>
      shapedRun({ font: SERIF_KEY, text, sizePt: 10.5, x: 56.7, y: startY + line * 18, overprint: true, trackingPt: line % 2 ? 0.35 : 0 }),
    );
  return documentOf([
    page(0, [
      shapedRun({ font: SANS_KEY, text: '人大工作：立法与监督', sizePt: 22, x: 56.7, y: 90 }),
      { kind: 'rule', x1: 56.7, y1: 100, x2: 538, y2: 100, widthPt: 0.5, color: { space: 'cmyk', c: 0, m: 1, y: 1, k: 0 } },
      ...bodyLines(130),
    ]),
    page(1, [
      shapedRun({ font: SERIF_KEY, text: 'CN 11-4553/D 2026年第1期 ISSN 1234-5678', sizePt: 9, x: 56.7, y: 60 }),
      shapedRun({ font: SANS_KEY, text: '第12期 No.3', sizePt: 12, x: 300, y: 60, color: { space: 'cmyk', c: 0.6, m: 0.4, y: 0.4, k: 1 } }),
      { kind: 'box', x: 40, y: 80, w: 200, h: 50, fill: { space: 'cmyk', c: 0, m: 0, y: 0, k: 0.1 } },
      { kind: 'image', x: 300, y: 200, w: 180, h: 120, photoId: null, placeholder: true, label: '照片占位 会议现场' },
      ...bodyLines(400),
    ]),
    page(2, [
      shapedRun({ font: SANS_KEY, text: '（完）', sizePt: 10.5, x: 56.7, y: 120 }),
      { kind: 'rule', x1: -8, y1: -8, x2: 0, y2: -8, widthPt: 0.25, color: { space: 'registration' } },
    ]),
  ]);
}

describe('writePdf', () => {
  let doc: DisplayDocument;
  let bytes: Uint8Array;

  beforeAll(async () => {
    doc = sampleDocument();
    bytes = await writePdf(doc, fontMap(SERIF_KEY, SANS_KEY), { date: FIXED_DATE, deflate, metadata: { title: '北京人大 2026年第1期' } });
  });

  it('writes one page per display page whose extracted text equals the runs in order', async () => {
    const texts = await extractPageTexts(bytes);
    expect(texts).toHaveLength(3);
    doc.pages.forEach((p, index) => {
      const runs = runTexts(p);
      // The placeholder's label is drawn as text after its frame.
      if (index === 1) runs.splice(2, 0, '照片占位 会议现场');
      // pdf.js puts a space between runs that share a baseline but stand apart; nothing else may differ.
      const pattern = runs.map((run) => run.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s?');
      expect(texts[index]).toMatch(new RegExp(`^${pattern}$`));
    });
    expect(texts[1]).toContain('CN 11-4553/D');
    expect(texts[0]).toContain('“来自人民、植根人民”；');
  });

  it('sets MediaBox = BleedBox and a TrimBox inside it by the bleed, and no CropBox', async () => {
    const pdf = await loadPdf(bytes);
    for (const pdfPage of pdf.getPages()) {
      const bleedBox = [0, 0, TRIM_W + 2 * BLEED, TRIM_H + 2 * BLEED];
      expect(boxOf(pdf, pdfPage, 'MediaBox')).toEqual(bleedBox.map((v) => expect.closeTo(v, 3)));
      expect(boxOf(pdf, pdfPage, 'BleedBox')).toEqual(bleedBox.map((v) => expect.closeTo(v, 3)));
      expect(boxOf(pdf, pdfPage, 'TrimBox')).toEqual(
        [BLEED, BLEED, BLEED + TRIM_W, BLEED + TRIM_H].map((v) => expect.closeTo(v, 3)),
      );
      expect(boxOf(pdf, pdfPage, 'CropBox')).toBeUndefined();
    }
  });

  it('embeds every font as a tagged Type0/CIDFontType2 subset with FontFile2 and ToUnicode', async () => {
    const pdf = await loadPdf(bytes);
    const fonts = dictOf(pdf, pdf.getPages()[0]!.node, 'Resources');
    const fontDict = dictOf(pdf, fonts, 'Font');
    const names: string[] = [];
    for (const [, ref] of fontDict.entries()) {
      const type0 = resolve(pdf, ref) as PDFDict;
      expect(nameOf(pdf, type0, 'Subtype')).toBe('Type0');
      expect(nameOf(pdf, type0, 'Encoding')).toBe('Identity-H');
      const baseFont = nameOf(pdf, type0, 'BaseFont')!;
      expect(baseFont).toMatch(/^[A-Z]{6}\+NotoS(erif|ans)SC-Regular$/);
      names.push(baseFont);
      expect(streamBytes(pdf, type0.get(PDFName.of('ToUnicode'))).length).toBeGreaterThan(0);
      const cidFont = resolve(pdf, arrayOf(pdf, type0, 'DescendantFonts').get(0)) as PDFDict;
      expect(nameOf(pdf, cidFont, 'Subtype')).toBe('CIDFontType2');
      expect(nameOf(pdf, cidFont, 'CIDToGIDMap')).toBe('Identity');
      expect(nameOf(pdf, cidFont, 'BaseFont')).toBe(baseFont);
      const descriptor = dictOf(pdf, cidFont, 'FontDescriptor');
      expect(streamBytes(pdf, descriptor.get(PDFName.of('FontFile2'))).length).toBeGreaterThan(100);
    }
    expect(names).toHaveLength(2);
  });

  it('shows glyphs whose subset outlines, /W widths and ToUnicode text match the display list', async () => {
    const pdf = await loadPdf(bytes);
    const fontDict = dictOf(pdf, dictOf(pdf, pdf.getPages()[0]!.node, 'Resources'), 'Font');
    const checked = { glyphs: 0, outlines: 0 };
    for (const [pageIndex, pdfPage] of pdf.getPages().entries()) {
      const shows = shownCids(pageContent(pdf, pdfPage));
      const runs = doc.pages[pageIndex]!.items.filter((item): item is GlyphRun => item.kind === 'glyphs');
      // Shows come in drawing order; the placeholder label (third item of page 2) is the one show without a run.
      const runShows = pageIndex === 1 ? [...shows.slice(0, 2), ...shows.slice(3)] : shows;
      expect(runShows).toHaveLength(runs.length);
      for (const [runIndex, run] of runs.entries()) {
        const show = runShows[runIndex]!;
        expect(show.cids).toHaveLength(run.glyphs.length);
        const type0 = resolve(pdf, fontDict.get(PDFName.of(show.resource))) as PDFDict;
        const cidFont = resolve(pdf, arrayOf(pdf, type0, 'DescendantFonts').get(0)) as PDFDict;
        const widthOf = widthsOf(pdf, cidFont);
        const toUnicode = parseToUnicode(Buffer.from(streamBytes(pdf, type0.get(PDFName.of('ToUnicode')))).toString('latin1'));
        const parsed = create(streamBytes(pdf, dictOf(pdf, cidFont, 'FontDescriptor').get(PDFName.of('FontFile2'))));
        const subset = parsed as FontkitFont;
        const original = testFont(run.font);
        for (const [glyphIndex, glyph] of run.glyphs.entries()) {
          const cid = show.cids[glyphIndex]!;
          expect(widthOf(cid)).toBeCloseTo((glyph.advance * 1000) / original.unitsPerEm, 3);
          expect(subset.getGlyph(cid).advanceWidth).toBe(glyph.advance);
          if (glyph.text !== '') expect(toUnicode.get(cid)).toBe(glyph.text);
          checked.glyphs++;
          if (glyph.text.trim() === '') continue;
          const outline = subset.getGlyph(cid).path;
          expect(outline.commands.length, `outline of ${glyph.text}`).toBeGreaterThan(0);
          expect(outline.bbox).toEqual(original.getGlyph(glyph.gid).path.bbox);
          checked.outlines++;
        }
      }
    }
    expect(checked.glyphs).toBeGreaterThan(150);
    expect(checked.outlines).toBeGreaterThan(140);
  });

  it('uses only DeviceCMYK colour operators (k/K) and the registration Separation', async () => {
    const pdf = await loadPdf(bytes);
    const operators = pdf.getPages().flatMap((pdfPage) => operatorsOf(pageContent(pdf, pdfPage)));
    expect(operators).toContain('k');
    expect(operators).toContain('K');
    for (const forbidden of ['rg', 'RG', 'g', 'G', 'sc', 'SC']) expect(operators).not.toContain(forbidden);
    const page3 = pageContent(pdf, pdf.getPages()[2]!);
    expect(page3).toContain('/CSall CS 1 SCN');
    const colorSpaces = dictOf(pdf, dictOf(pdf, pdf.getPages()[2]!.node, 'Resources'), 'ColorSpace');
    const registration = arrayOf(pdf, colorSpaces, 'CSall').asArray().map((item) => resolve(pdf, item));
    expect(registration.slice(0, 3).map((item) => (item as PDFName).decodeText())).toEqual(['Separation', 'All', 'DeviceCMYK']);
    expect(pageContent(pdf, pdf.getPages()[1]!)).toContain('0.6 0.4 0.4 1 k');
  });

  it('scopes overprint to the runs that ask for it with an OP/op/OPM 1 ExtGState inside q … Q', async () => {
    const pdf = await loadPdf(bytes);
    const content = pageContent(pdf, pdf.getPages()[0]!);
    const headingShow = content.indexOf('/F1 22 Tf');
    expect(headingShow).toBeGreaterThan(-1);
    const overprintBlocks = content.match(/q\n\/GSop gs\n[\s\S]*?\nQ/g) ?? [];
    expect(overprintBlocks).toHaveLength(BODY.length);
    for (const block of overprintBlocks) expect(block).toContain('/F2 10.5 Tf');
    expect(content.slice(0, content.indexOf('q\n/GSop gs'))).toContain('/F1 22 Tf');
    const gstate = dictOf(pdf, dictOf(pdf, dictOf(pdf, pdf.getPages()[0]!.node, 'Resources'), 'ExtGState'), 'GSop');
    expect(gstate.get(PDFName.of('OP'))).toBe(PDFBool.True);
    expect(gstate.get(PDFName.of('op'))).toBe(PDFBool.True);
    expect((gstate.get(PDFName.of('OPM')) as PDFNumber).asNumber()).toBe(1);
  });

  it('positions glyphs where the display list puts them (top-left origin converted to PDF space)', async () => {
    const pdf = await loadPdf(bytes);
    const content = pageContent(pdf, pdf.getPages()[0]!);
    const heading = doc.pages[0]!.items[0] as GlyphRun;
    const expectedX = String(Math.round((BLEED + heading.x) * 1000) / 1000);
    const expectedY = String(Math.round((BLEED + TRIM_H - heading.y) * 1000) / 1000);
    expect(content).toContain(`1 0 0 1 ${expectedX} ${expectedY} Tm`);
    // A tracked (justified) line needs TJ adjustments; an untracked CJK line needs none.
    const trackedLine = content.split('BT').find((chunk) => chunk.includes('/F2 10.5 Tf') && chunk.includes('TJ'));
    expect(trackedLine).toMatch(/>-?\d+(\.\d+)?</);
  });

  it('is deterministic for the same input and date, with either deflate', async () => {
    const fonts = fontMap(SERIF_KEY, SANS_KEY);
    const again = await writePdf(sampleDocument(), fonts, { date: FIXED_DATE, deflate, metadata: { title: '北京人大 2026年第1期' } });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    const withPdfLibFlate = await writePdf(sampleDocument(), fonts, { date: FIXED_DATE });
    expect(await extractPageTexts(withPdfLibFlate)).toEqual(await extractPageTexts(bytes));
  });

  it('saves without object streams and writes Info from the options only', async () => {
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).not.toContain('/ObjStm');
    expect(text).not.toContain('pdf-lib');
    const pdf = await loadPdf(bytes);
    expect(pdf.getTitle()).toBe('北京人大 2026年第1期');
    expect(pdf.getCreationDate()?.toISOString()).toBe(FIXED_DATE.toISOString());
    expect(pdf.getModificationDate()?.toISOString()).toBe(FIXED_DATE.toISOString());
  });

  it('reports pages, fonts and glyph counts', async () => {
    const { report } = await writePdfWithReport(doc, fontMap(SERIF_KEY, SANS_KEY), { date: FIXED_DATE, deflate });
    expect(report.pages).toBe(3);
    expect(report.imageFrames).toBe(1);
    expect(report.fonts.map((font) => font.fontKey)).toEqual([SANS_KEY, SERIF_KEY]);
    const serifGlyphs = new Set(
      doc.pages.flatMap((p) => p.items.flatMap((item) => (item.kind === 'glyphs' && item.font === SERIF_KEY ? item.glyphs.map((g) => g.gid) : []))),
    );
    expect(report.fonts[1]!.glyphs).toBe(serifGlyphs.size);
  });
});

describe('writePdf text mapping', () => {
  it('maps a multi-glyph cluster to its whole text once and leaves "" glyphs unmapped', async () => {
    const run = shapedRun({ font: SERIF_KEY, text: '甲乙丙', sizePt: 12, x: 50, y: 100 });
    run.glyphs[0]!.text = '甲乙';
    run.glyphs[1]!.text = '';
    const bytes = await writePdf(documentOf([page(0, [run])]), fontMap(SERIF_KEY), { date: FIXED_DATE, deflate });
    // pdf.js falls back to the raw code for a CID without a mapping (it does so for an empty
    // mapping too); the text around it stays whole.
    const [text] = await extractPageTexts(bytes);
    expect(text?.replace(/[\u0000-\u001f]/g, '')).toBe('甲乙丙');
    const pdf = await loadPdf(bytes);
    const type0 = resolve(pdf, [...dictOf(pdf, dictOf(pdf, pdf.getPage(0).node, 'Resources'), 'Font').entries()][0]![1]) as PDFDict;
    const toUnicode = parseToUnicode(Buffer.from(streamBytes(pdf, type0.get(PDFName.of('ToUnicode')))).toString('latin1'));
    expect([...toUnicode.values()].sort()).toEqual(['丙', '甲乙']);
  });

  it('keeps glyphs that GSUB produced (digits of a Latin run) with their own widths', async () => {
    const run = shapedRun({ font: SERIF_KEY, text: 'CN 11-4553/D', sizePt: 10, x: 50, y: 100 });
    const font = testFont(SERIF_KEY);
    const cmapGids = [...'CN 11-4553/D'].map((char) => font.glyphForCodePoint(char.codePointAt(0)!).id);
    expect(run.glyphs.map((glyph) => glyph.gid)).not.toEqual(cmapGids);
    const bytes = await writePdf(documentOf([page(0, [run])]), fontMap(SERIF_KEY), { date: FIXED_DATE, deflate });
    expect(await extractPageTexts(bytes)).toEqual(['CN 11-4553/D']);
    // Natural advances: no TJ adjustment is needed when /W carries the real widths.
    const pdf = await loadPdf(bytes);
    expect(pageContent(pdf, pdf.getPage(0))).toMatch(/<[0-9A-F]+> Tj/);
  });
});

describe('writePdf errors', () => {
  const oneRun = (font: string, gid?: number): DisplayDocument => {
    const run = shapedRun({ font: SERIF_KEY, text: '人大', sizePt: 12, x: 50, y: 100 });
    run.font = font;
    if (gid !== undefined) run.glyphs[0]!.gid = gid;
    return { pages: [page(0, [run])], fonts: [font] };
  };

  it('names a font the display list uses but no bytes were given for', async () => {
    await expect(writePdf(oneRun('FZShuSong-Z01'), fontMap(SERIF_KEY))).rejects.toMatchObject({
      code: 'font_missing',
      details: { font: 'FZShuSong-Z01' },
    });
  });

  it('rejects bytes that are not a font', async () => {
    const fonts = new Map([[SERIF_KEY, new TextEncoder().encode('not a font at all')]]);
    const error = await writePdf(oneRun(SERIF_KEY), fonts).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PdfWriteError);
    expect((error as PdfWriteError).code).toBe('font_unreadable');
  });

  it('rejects a glyph id the font does not have', async () => {
    await expect(writePdf(oneRun(SERIF_KEY, 999_999), fontMap(SERIF_KEY))).rejects.toMatchObject({
      code: 'glyph_out_of_range',
      details: { font: SERIF_KEY, gid: 999_999 },
    });
  });
});
