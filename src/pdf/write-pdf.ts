// The PDF writer: one PDF page per display-list page, fonts embedded as subsets with ToUnicode,
// content streams written from the glyph ids the engine already has.
// Pure: pdf-lib and fontkit only; font bytes (and optionally a fast deflate) are handed in.
//
// Print-ready details slot in here in the next step: pageGeometry's slug for crop marks, the
// metadata block for Info/XMP with the CN serial, output intent and header version at save.

import { PDFDict, PDFDocument, PDFName, type PDFContext, type PDFRef } from 'pdf-lib';
import type { FontkitFont } from 'fontkit';
import type { DisplayDocument, DisplayPage, GlyphRun, ImageFrame } from '../engine/display-list';
import { ContentStreamBuilder, OVERPRINT_GSTATE, REGISTRATION_COLORSPACE, type ContentFont } from './content/content-stream';
import { PdfWriteError } from './errors';
import { embedCidFont } from './fonts/embed-cid-font';
import { GlyphUsage, loadFont, subsetFont, type SubsetFont } from './fonts/font-subset';
import { pageGeometry, type PdfRect } from './geometry';
import { asciiBytes } from './pdf-syntax';
import { registerFlateStream, type Deflate } from './pdf-streams';

export interface PdfMetadata {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creator?: string;
  producer?: string;
  /** BCP 47 language of the text, written as the catalog's /Lang. */
  language?: string;
  /** The serial number ("CN 11-4553/D"); the print-ready step writes it into Info and XMP. */
  cnSerial?: string;
}

export interface WritePdfOptions {
  metadata?: PdfMetadata;
  /** CreationDate and ModDate. Fix it for byte-identical output (tests); default: now. */
  date?: Date;
  /** zlib deflate, e.g. Node's zlib.deflateSync; default: pdf-lib's pure-JS flate. */
  deflate?: Deflate;
  /** Font key for placeholder labels; default: the first handed-in font of doc.fonts. */
  labelFont?: string;
  /** Margin around the BleedBox for crop marks; 0 = MediaBox is the BleedBox. */
  slugPt?: number;
}

export interface PdfFontReport {
  fontKey: string;
  baseFontName: string;
  glyphs: number;
  fontFileBytes: number;
}

export interface PdfWriteReport {
  pages: number;
  fonts: PdfFontReport[];
  imageFrames: number;
  timings: { fontsMs: number; pagesMs: number; saveMs: number };
}

const LABEL_SIZE_PT = 7;
const LABEL_PADDING_PT = 3;
/** Rough ascent of a CJK face as a fraction of the size, to keep the label inside the frame. */
const LABEL_ASCENT = 0.88;
const LABEL_COLOR = { space: 'cmyk', c: 0, m: 0, y: 0, k: 0.6 } as const;

const DEFAULT_PRODUCER = 'Qikan Studio';

/** Lays a placeholder label out as a glyph run (cmap only: labels are short, plain CJK/Latin). */
function labelRun(frame: ImageFrame, fontKey: string, font: FontkitFont): GlyphRun | null {
  if (!frame.label) return null;
  const scale = LABEL_SIZE_PT / font.unitsPerEm;
  const maxWidth = frame.w - 2 * LABEL_PADDING_PT;
  const glyphs: GlyphRun['glyphs'] = [];
  let dx = 0;
  for (const char of frame.label) {
    const glyph = font.glyphForCodePoint(char.codePointAt(0) ?? 0);
    if (glyph.id === 0) continue;
    const width = glyph.advanceWidth * scale;
    if (dx + width > maxWidth) break;
    glyphs.push({ gid: glyph.id, dx, advance: glyph.advanceWidth, text: char });
    dx += width;
  }
  if (glyphs.length === 0 || frame.h < LABEL_SIZE_PT + 2 * LABEL_PADDING_PT) return null;
  return {
    kind: 'glyphs',
    font: fontKey,
    sizePt: LABEL_SIZE_PT,
    color: LABEL_COLOR,
    x: frame.x + LABEL_PADDING_PT,
    y: frame.y + LABEL_PADDING_PT + LABEL_SIZE_PT * LABEL_ASCENT,
    glyphs,
  };
}

function requireFontBytes(fonts: ReadonlyMap<string, Uint8Array>, fontKey: string): Uint8Array {
  const bytes = fonts.get(fontKey);
  if (!bytes) {
    throw new PdfWriteError('font_missing', `The display list uses font "${fontKey}" but no font bytes were given for it`, {
      font: fontKey,
    });
  }
  return bytes;
}

interface PreparedPage {
  page: DisplayPage;
  /** The label run drawn inside each placeholder frame that has one. */
  labels: Map<ImageFrame, GlyphRun>;
}

function setBox(context: PDFContext, pageDict: PDFDict, name: string, rect: PdfRect): void {
  pageDict.set(PDFName.of(name), context.obj([rect.x, rect.y, rect.x + rect.width, rect.y + rect.height]));
}

export async function writePdfWithReport(
  doc: DisplayDocument,
  fonts: ReadonlyMap<string, Uint8Array>,
  options: WritePdfOptions = {},
): Promise<{ bytes: Uint8Array; report: PdfWriteReport }> {
  const started = performance.now();
  const parsedFonts = new Map<string, FontkitFont>();
  const fontFor = (fontKey: string): FontkitFont => {
    let font = parsedFonts.get(fontKey);
    if (!font) {
      font = loadFont(fontKey, requireFontBytes(fonts, fontKey));
      parsedFonts.set(fontKey, font);
    }
    return font;
  };

  // Pass 1: collect the glyphs each font must carry (labels included) and what the pages need.
  const usage = new GlyphUsage();
  const labelFontKey = options.labelFont ?? doc.fonts.find((key) => fonts.has(key)) ?? [...fonts.keys()][0];
  let usesOverprint = false;
  let usesRegistration = false;
  let imageFrames = 0;
  const prepared: PreparedPage[] = doc.pages.map((page) => {
    const labels = new Map<ImageFrame, GlyphRun>();
    for (const item of page.items) {
      if (item.kind === 'glyphs') {
        if (item.glyphs.length === 0) continue;
        fontFor(item.font);
        for (const glyph of item.glyphs) usage.use(item.font, glyph.gid, glyph.text);
        if (item.overprint) usesOverprint = true;
        if (item.color.space === 'registration') usesRegistration = true;
      } else if (item.kind === 'image') {
        imageFrames++;
        if (!item.label || labelFontKey === undefined) continue;
        const run = labelRun(item, labelFontKey, fontFor(labelFontKey));
        if (!run) continue;
        labels.set(item, run);
        for (const glyph of run.glyphs) usage.use(run.font, glyph.gid, glyph.text);
      } else if (item.kind === 'rule') {
        if (item.color.space === 'registration') usesRegistration = true;
      } else if (item.fill?.space === 'registration' || item.stroke?.space === 'registration') {
        usesRegistration = true;
      }
    }
    return { page, labels };
  });

  // Pass 2: one subset per font, embedded once; every page shares one Resources dictionary.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const context = pdf.context;
  const deflate = options.deflate;
  const subsets: SubsetFont[] = [];
  const contentFonts = new Map<string, ContentFont>();
  const fontResources: Record<string, PDFRef> = {};
  usage.fontKeys().forEach((fontKey, index) => {
    const subset = subsetFont(fontKey, fontFor(fontKey), usage.glyphsOf(fontKey));
    const resourceName = `F${index + 1}`;
    fontResources[resourceName] = embedCidFont(context, subset, deflate);
    contentFonts.set(fontKey, { resourceName, hexByGid: subset.hexByGid, widthByGid: subset.widthByGid });
    subsets.push(subset);
  });
  const resources = PDFDict.withContext(context);
  resources.set(PDFName.of('Font'), context.obj(fontResources));
  if (usesOverprint) {
    resources.set(PDFName.of('ExtGState'), context.obj({
      [OVERPRINT_GSTATE]: context.register(context.obj({ Type: 'ExtGState', OP: true, op: true, OPM: 1 })),
    }));
  }
  if (usesRegistration) {
    // Registration colour prints on every separation; its alternate keeps the file DeviceCMYK-only.
    const tintTransform = context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 });
    resources.set(PDFName.of('ColorSpace'), context.obj({
      [REGISTRATION_COLORSPACE]: context.obj([
        PDFName.of('Separation'),
        PDFName.of('All'),
        PDFName.of('DeviceCMYK'),
        tintTransform,
      ]),
    }));
  }
  const resourcesRef = context.register(resources);
  const fontsDone = performance.now();

  const contentFontOf = (fontKey: string): ContentFont => {
    const font = contentFonts.get(fontKey);
    if (!font) throw new Error(`Font ${fontKey} was not prepared`);
    return font;
  };
  for (const { page, labels } of prepared) {
    const geometry = pageGeometry(page.boxes, options.slugPt ?? 0);
    const content = new ContentStreamBuilder(geometry);
    for (const item of page.items) {
      switch (item.kind) {
        case 'glyphs':
          content.glyphRun(item, contentFontOf(item.font));
          break;
        case 'rule':
          content.rule(item);
          break;
        case 'box':
          content.box(item);
          break;
        case 'image': {
          content.imageFrame(item);
          const label = labels.get(item);
          if (label) content.glyphRun(label, contentFontOf(label.font));
          break;
        }
      }
    }
    const pdfPage = pdf.addPage([geometry.mediaBox.width, geometry.mediaBox.height]);
    const pageDict = pdfPage.node;
    setBox(context, pageDict, 'MediaBox', geometry.mediaBox);
    setBox(context, pageDict, 'BleedBox', geometry.bleedBox);
    setBox(context, pageDict, 'TrimBox', geometry.trimBox);
    pageDict.set(PDFName.of('Resources'), resourcesRef);
    pageDict.set(PDFName.of('Contents'), registerFlateStream(context, asciiBytes(content.toString()), {}, deflate));
  }
  const pagesDone = performance.now();

  writeInfo(pdf, options);
  const bytes = await pdf.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  const saved = performance.now();
  return {
    bytes,
    report: {
      pages: doc.pages.length,
      fonts: subsets.map((subset) => ({
        fontKey: subset.fontKey,
        baseFontName: subset.baseFontName,
        glyphs: subset.cidByGid.size,
        fontFileBytes: subset.fontFile.length,
      })),
      imageFrames,
      timings: { fontsMs: fontsDone - started, pagesMs: pagesDone - fontsDone, saveMs: saved - pagesDone },
    },
  };
}

/** Info dictionary from one source (updateMetadata is off, so pdf-lib stamps nothing of its own). */
function writeInfo(pdf: PDFDocument, options: WritePdfOptions): void {
  const metadata = options.metadata ?? {};
  const date = options.date ?? new Date();
  if (metadata.title) pdf.setTitle(metadata.title);
  if (metadata.author) pdf.setAuthor(metadata.author);
  if (metadata.subject) pdf.setSubject(metadata.subject);
  if (metadata.keywords && metadata.keywords.length > 0) pdf.setKeywords(metadata.keywords);
  if (metadata.creator) pdf.setCreator(metadata.creator);
  pdf.setProducer(metadata.producer ?? DEFAULT_PRODUCER);
  if (metadata.language) pdf.setLanguage(metadata.language);
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);
}

/** The PDF of a display document. */
export async function writePdf(
  doc: DisplayDocument,
  fonts: ReadonlyMap<string, Uint8Array>,
  options: WritePdfOptions = {},
): Promise<Uint8Array> {
  return (await writePdfWithReport(doc, fonts, options)).bytes;
}
