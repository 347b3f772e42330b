// The PDF writer: one PDF page per display-list page, fonts embedded as subsets with ToUnicode,
// content streams written from the glyph ids the engine already has.
// Pure: pdf-lib, and the engine's fontkit face for placeholder labels only; font bytes, image bytes, the ICC profile (and optionally a
// fast deflate) are handed in.
//
// Three outputs from one display document (options.mode):
// - 'print': what goes to the printer. PDF/X-1a:2001 (default; %PDF-1.3) or PDF/X-4 (%PDF-1.6);
//   TrimBox from page.boxes, BleedBox 3 mm beyond; with marks (default) a 10 mm slug carrying
//   crop marks and registration targets in Separation /All, page content clipped to the bleed;
//   without marks MediaBox = BleedBox (for imposition). DeviceCMYK only, K100 text overprints
//   (q /GSop gs … Q), CMYK/grey JPEGs only, the /GTS_PDFX output intent with the ICC profile
//   handed in, Info + XMP from one metadata record (metadata.ts), trailer /ID.
// - 'screen': proofs and the website. DeviceRGB (CMYK converted simply), MediaBox = TrimBox,
//   no marks, no overprint, RGB images allowed, the outline from options.bookmarks opened.
// - 'plain' (default, what callers got before print options existed): the display list's CMYK
//   as is, bleed boxes, optional slug, Info + XMP, no PDF/X identification.
// All modes write page labels (options.pageLabels) and bookmarks when given.

import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFPage, PDFString, type PDFContext, type PDFRef } from 'pdf-lib';
import { fontkitFontNamed } from '../engine/fonts/fontkit-face';
import type { DisplayDocument, DisplayPage, GlyphRun, ImageFrame, PageBoxes } from '../engine/display-list';
import type { Bookmark } from '../engine/issue/types';
import {
  ContentStreamBuilder,
  isPaperWhite,
  isPureBlack,
  OVERPRINT_GSTATE,
  REGISTRATION_COLORSPACE,
  type ContentFont,
} from './content/content-stream';
import { PdfWriteError } from './errors';
import { embedCidFont } from './fonts/embed-cid-font';
import { GlyphUsage, loadFont, subsetFont, type SubsetFont } from './fonts/font-subset';
import type { TrueTypeFont } from './fonts/truetype-subset';
import { pageGeometry, screenGeometry, type PageGeometry, type PdfRect } from './geometry';
import { coverFrame, embedJpeg, type EmbeddedImage, type PdfImage } from './images';
import {
  buildXmpPacket,
  resolveMetadata,
  writeInfoDictionary,
  type PdfMetadata,
  type PdfOutputKind,
  type PdfxStandard,
  type ResolvedMetadata,
} from './metadata';
import { buildOutline, pageLabelsDict } from './navigation';
import { asciiBytes } from './pdf-syntax';
import { rawStream, registerFlateStream, settleStreams, type Deflate } from './pdf-streams';
import { marksContent, MARKS_SLUG_PT } from './print/marks';
import { addOutputIntent, HEADER_VERSION, patchHeaderVersion, type OutputIntent } from './print/output-intent';

export type { PdfHistoryEntry, PdfMetadata, PdfOutputKind, PdfxStandard, PeriodicalIssue } from './metadata';
export { preflightOverrideEvent } from './metadata';
export type { OutputIntent } from './print/output-intent';
export { ISO_COATED_V2_300_CONDITION } from './print/output-intent';
export type { PdfImage } from './images';

export interface WritePdfOptions {
  /** 'plain' (default), 'print' (PDF/X) or 'screen' (RGB): see the file comment. */
  mode?: PdfOutputKind;
  /** Print only: 'x1a' = PDF/X-1a:2001 (default), 'x4' = PDF/X-4. */
  standard?: PdfxStandard;
  /** Print only: crop and registration marks in a slug (default true); false = MediaBox is the BleedBox. */
  marks?: boolean;
  /** Print only, required: the printing condition and its ICC profile bytes. */
  outputIntent?: OutputIntent;
  metadata?: PdfMetadata;
  /** One label per page ("封一", "01", …), written as /PageLabels. */
  pageLabels?: readonly string[];
  /** Outline entries (栏目 with their articles as children). */
  bookmarks?: readonly Bookmark[];
  /** Photo bytes per photoId; frames whose photo has none stay marked placeholders. */
  images?: ReadonlyMap<number, PdfImage>;
  /** CreationDate and ModDate. Fix it for byte-identical output (tests); default: now. */
  date?: Date;
  /** zlib deflate, e.g. Node's zlib.deflateSync; default: pdf-lib's pure-JS flate. */
  deflate?: Deflate;
  /** Font key for placeholder labels; default: the first handed-in font of doc.fonts. */
  labelFont?: string;
  /** Plain mode only: margin around the BleedBox; 0 = MediaBox is the BleedBox. */
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
  /** Frames drawn with their photo (the rest are placeholders). */
  imagesPlaced: number;
  placeholders: number;
  /** Header version written ("1.3", "1.6", "1.7"). */
  pdfVersion: string;
  timings: { fontsMs: number; pagesMs: number; saveMs: number };
}

/** What a placeholder label needs of its font: the cmap (fontkit, parsed only when a label is drawn). */
interface LabelFont {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
}

const LABEL_SIZE_PT = 7;
const LABEL_PADDING_PT = 3;
/** Rough ascent of a CJK face as a fraction of the size, to keep the label inside the frame. */
const LABEL_ASCENT = 0.88;
const LABEL_COLOR = { space: 'cmyk', c: 0, m: 0, y: 0, k: 0.6 } as const;

/** Lays a placeholder label out as a glyph run (cmap only: labels are short, plain CJK/Latin), inside
 *  the part of the frame within the trim, so a frame to the bleed keeps its label on the page. */
function labelRun(frame: ImageFrame, boxes: PageBoxes, fontKey: string, font: LabelFont): GlyphRun | null {
  if (!frame.label) return null;
  const x0 = Math.max(frame.x, 0);
  const y0 = Math.max(frame.y, 0);
  const visibleW = Math.min(frame.x + frame.w, boxes.trimW) - x0;
  const visibleH = Math.min(frame.y + frame.h, boxes.trimH) - y0;
  const scale = LABEL_SIZE_PT / font.unitsPerEm;
  const maxWidth = visibleW - 2 * LABEL_PADDING_PT;
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
  if (glyphs.length === 0 || visibleH < LABEL_SIZE_PT + 2 * LABEL_PADDING_PT) return null;
  return {
    kind: 'glyphs',
    font: fontKey,
    sizePt: LABEL_SIZE_PT,
    color: LABEL_COLOR,
    x: x0 + LABEL_PADDING_PT,
    y: y0 + LABEL_PADDING_PT + LABEL_SIZE_PT * LABEL_ASCENT,
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
  const mode: PdfOutputKind = options.mode ?? 'plain';
  const standard: PdfxStandard = options.standard ?? 'x1a';
  const marks = mode === 'print' && options.marks !== false;
  const date = options.date ?? new Date();
  const images = options.images ?? new Map<number, PdfImage>();
  // Validate everything cheap before the expensive font work.
  const resolved = resolveMetadata(options.metadata ?? {}, { kind: mode, standard, date, pages: doc.pages.length, marks });
  if (options.pageLabels && options.pageLabels.length !== doc.pages.length) {
    throw new PdfWriteError('page_labels_mismatch', `${options.pageLabels.length} page labels were given for ${doc.pages.length} pages`, {
      reason: `${options.pageLabels.length}/${doc.pages.length}`,
    });
  }
  if (mode === 'print' && (!options.outputIntent || options.outputIntent.icc.length === 0)) {
    throw new PdfWriteError('output_intent_missing', 'A print PDF needs the output intent with its ICC profile bytes');
  }

  const parsedFonts = new Map<string, TrueTypeFont>();
  const fontFor = (fontKey: string): TrueTypeFont => {
    let font = parsedFonts.get(fontKey);
    if (!font) {
      font = loadFont(fontKey, requireFontBytes(fonts, fontKey));
      parsedFonts.set(fontKey, font);
    }
    return font;
  };
  const labelFonts = new Map<string, LabelFont>();
  const labelFontFor = (fontKey: string): LabelFont => {
    let font = labelFonts.get(fontKey);
    if (!font) {
      font = fontkitFontNamed(requireFontBytes(fonts, fontKey), fontKey) ?? undefined;
      if (!font) throw new PdfWriteError('font_unsupported', `Font "${fontKey}" is a collection without a face of that PostScript name`, { font: fontKey, reason: 'collection_face_not_found' });
      labelFonts.set(fontKey, font);
    }
    return font;
  };
  const overprintOf = (run: GlyphRun): boolean => {
    if (mode === 'screen' || isPaperWhite(run.color)) return false;
    return run.overprint === true || (mode === 'print' && isPureBlack(run.color));
  };
  const hasPhoto = (frame: ImageFrame): boolean => frame.photoId !== null && images.has(frame.photoId);

  // Pass 1: collect the glyphs each font must carry (labels included) and what the pages need.
  const usage = new GlyphUsage();
  const labelFontKey = options.labelFont ?? doc.fonts.find((key) => fonts.has(key)) ?? [...fonts.keys()][0];
  let usesOverprint = false;
  let usesRegistration = marks;
  let imageFrames = 0;
  let imagesPlaced = 0;
  const prepared: PreparedPage[] = doc.pages.map((page) => {
    const labels = new Map<ImageFrame, GlyphRun>();
    for (const item of page.items) {
      if (item.kind === 'glyphs') {
        if (item.glyphs.length === 0) continue;
        fontFor(item.font);
        for (const glyph of item.glyphs) usage.use(item.font, glyph.gid, glyph.text);
        if (overprintOf(item)) usesOverprint = true;
        if (item.color.space === 'registration') usesRegistration = true;
      } else if (item.kind === 'image') {
        imageFrames++;
        if (hasPhoto(item)) {
          imagesPlaced++;
          continue;
        }
        // A print file carries no production notes: its placeholders (a preflight error) stay unlabelled.
        if (!item.label || labelFontKey === undefined || mode === 'print') continue;
        const run = labelRun(item, page.boxes, labelFontKey, labelFontFor(labelFontKey));
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
  if (mode === 'screen') usesRegistration = false; // drawn as RGB black

  // Pass 2: one subset per font, embedded once; every page shares one Resources dictionary.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const context = pdf.context;
  const deflate = options.deflate;
  // First, so an asynchronous deflate packs the profile (the largest stream) while the pages are written.
  if (mode === 'print') addOutputIntent(pdf, options.outputIntent, deflate);
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
  // Photos: each embedded once, named by photo id, in document order.
  const embedded = new Map<number, EmbeddedImage & { resourceName: string }>();
  for (const { page } of prepared) {
    for (const item of page.items) {
      if (item.kind !== 'image' || !hasPhoto(item) || embedded.has(item.photoId!)) continue;
      const photoId = item.photoId!;
      const image = embedJpeg(context, photoId, images.get(photoId)!, mode !== 'print');
      embedded.set(photoId, { ...image, resourceName: `Im${photoId}` });
    }
  }
  if (embedded.size > 0) {
    const xobjects: Record<string, PDFRef> = {};
    for (const image of embedded.values()) xobjects[image.resourceName] = image.ref;
    resources.set(PDFName.of('XObject'), context.obj(xobjects));
  }
  const resourcesRef = context.register(resources);
  const fontsDone = performance.now();

  const contentFontOf = (fontKey: string): ContentFont => {
    const font = contentFonts.get(fontKey);
    if (!font) throw new Error(`Font ${fontKey} was not prepared`);
    return font;
  };
  const geometryOf = (page: DisplayPage): PageGeometry => {
    if (mode === 'screen') return screenGeometry(page.boxes);
    if (mode === 'print') return pageGeometry(page.boxes, marks ? MARKS_SLUG_PT : 0);
    return pageGeometry(page.boxes, options.slugPt ?? 0);
  };
  const pageRefs: PDFRef[] = [];
  for (const { page, labels } of prepared) {
    const geometry = geometryOf(page);
    const content = new ContentStreamBuilder(geometry, mode === 'screen' ? 'rgb' : 'cmyk');
    // With a slug, whatever reaches past the bleed must not run into the marks.
    if (marks) content.beginClip(geometry.bleedBox);
    for (const item of page.items) {
      switch (item.kind) {
        case 'glyphs':
          content.glyphRun(item, contentFontOf(item.font), overprintOf(item));
          break;
        case 'rule':
          content.rule(item);
          break;
        case 'box':
          content.box(item);
          break;
        case 'image': {
          const photo = item.photoId === null ? undefined : embedded.get(item.photoId);
          if (photo) {
            content.image(item, coverFrame(item, photo.width, photo.height), photo.resourceName);
            break;
          }
          content.imageFrame(item);
          const label = labels.get(item);
          if (label) content.glyphRun(label, contentFontOf(label.font), false);
          break;
        }
      }
    }
    if (marks) {
      content.endClip();
      content.appendScoped(marksContent(geometry, REGISTRATION_COLORSPACE));
    }
    // A page made bare and inserted as it is: addPage([w, h]) would also size it through setSize,
    // which reads and rewrites every box of the page only for the boxes to be set just below.
    const pdfPage = pdf.addPage(PDFPage.create(pdf));
    const pageDict = pdfPage.node;
    setBox(context, pageDict, 'MediaBox', geometry.mediaBox);
    if (mode !== 'screen') setBox(context, pageDict, 'BleedBox', geometry.bleedBox);
    setBox(context, pageDict, 'TrimBox', geometry.trimBox);
    pageDict.set(PDFName.of('Resources'), resourcesRef);
    pageDict.set(PDFName.of('Contents'), registerFlateStream(context, asciiBytes(content.toString()), {}, deflate));
    pageRefs.push(pdfPage.ref);
  }
  const pagesDone = performance.now();

  writeDocumentParts(pdf, resolved, options, pageRefs);
  await settleStreams(context);
  const saved0 = await pdf.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  const pdfVersion = mode === 'print' ? HEADER_VERSION[standard] : '1.7';
  const bytes = mode === 'print' ? patchHeaderVersion(saved0, pdfVersion) : saved0;
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
      imagesPlaced,
      placeholders: imageFrames - imagesPlaced,
      pdfVersion,
      timings: { fontsMs: fontsDone - started, pagesMs: pagesDone - fontsDone, saveMs: saved - pagesDone },
    },
  };
}

/** Info, XMP, trailer /ID, language, page labels and outline: everything outside the pages. */
function writeDocumentParts(pdf: PDFDocument, resolved: ResolvedMetadata, options: WritePdfOptions, pageRefs: PDFRef[]): void {
  const context = pdf.context;
  writeInfoDictionary(pdf, resolved);
  // XMP stays uncompressed so file-level scanners (and the XMP spec's packet scan) find it.
  const xmp = new TextEncoder().encode(buildXmpPacket(resolved));
  const xmpStream = rawStream(context.obj({ Type: 'Metadata', Subtype: 'XML' }), xmp);
  pdf.catalog.set(PDFName.of('Metadata'), context.register(xmpStream));
  context.trailerInfo.ID = context.obj([PDFHexString.of(resolved.trailerId[0]), PDFHexString.of(resolved.trailerId[1])]);
  if (resolved.language) pdf.catalog.set(PDFName.of('Lang'), PDFString.of(resolved.language));
  if (options.pageLabels) pdf.catalog.set(PDFName.of('PageLabels'), context.register(pageLabelsDict(context, options.pageLabels, pageRefs.length)));
  const outline = buildOutline(context, options.bookmarks ?? [], pageRefs);
  if (outline) {
    pdf.catalog.set(PDFName.of('Outlines'), outline);
    if (resolved.kind === 'screen') pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }
}

/** The PDF of a display document. */
export async function writePdf(
  doc: DisplayDocument,
  fonts: ReadonlyMap<string, Uint8Array>,
  options: WritePdfOptions = {},
): Promise<Uint8Array> {
  return (await writePdfWithReport(doc, fonts, options)).bytes;
}
