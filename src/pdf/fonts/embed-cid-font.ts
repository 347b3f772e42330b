// Writes a subset font as Type0 / CIDFontType2 (Identity-H, CIDToGIDMap Identity) with FontFile2,
// /W from the glyph advances and a ToUnicode CMap. Done by hand rather than through pdf-lib's
// embedFont, whose /W and ToUnicode come from the cmap and miss GSUB glyphs (print-pdf.md, pitfall 2).
// Pure.

import { PDFArray, PDFName, PDFNumber, PDFString, type PDFContext, type PDFRef } from 'pdf-lib';
import { asciiBytes } from '../pdf-syntax';
import { registerFlateStream, type Deflate } from '../pdf-streams';
import type { SubsetFont } from './font-subset';
import { buildToUnicodeCMap } from './to-unicode';

/** FontDescriptor flag 3: the font uses glyphs outside the standard Latin set. */
const FLAG_SYMBOLIC = 1 << 2;
/** A typical stem width; only used by viewers that substitute fonts, never for embedded ones. */
const DEFAULT_STEM_V = 80;

/** The most frequent width becomes /DW; /W lists only the CIDs that differ from it. */
export function defaultWidthOf(widthByCid: readonly number[]): number {
  const counts = new Map<number, number>();
  for (let cid = 1; cid < widthByCid.length; cid++) {
    const width = widthByCid[cid];
    if (width !== undefined) counts.set(width, (counts.get(width) ?? 0) + 1);
  }
  let best = 1000;
  let bestCount = 0;
  for (const [width, count] of counts) {
    if (count > bestCount || (count === bestCount && width < best)) {
      best = width;
      bestCount = count;
    }
  }
  return best;
}

/** /W in the "c [w1 w2 …]" form, one array per stretch of consecutive CIDs that differ from /DW. */
export function buildWidthsArray(context: PDFContext, widthByCid: readonly number[], defaultWidth: number): PDFArray {
  const widths = PDFArray.withContext(context);
  let stretch: PDFArray | null = null;
  let previousCid = -2;
  for (let cid = 0; cid < widthByCid.length; cid++) {
    const width = widthByCid[cid];
    if (width === undefined || width === defaultWidth) continue;
    if (stretch === null || cid !== previousCid + 1) {
      stretch = PDFArray.withContext(context);
      widths.push(PDFNumber.of(cid));
      widths.push(stretch);
    }
    stretch.push(PDFNumber.of(width));
    previousCid = cid;
  }
  return widths;
}

export function embedCidFont(context: PDFContext, subset: SubsetFont, deflate: Deflate | undefined): PDFRef {
  const baseFont = PDFName.of(subset.baseFontName);
  const fontFileRef = registerFlateStream(
    context,
    subset.fontFile,
    { Length1: PDFNumber.of(subset.fontFile.length) },
    deflate,
  );
  const { metrics } = subset;
  const descriptorRef = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: baseFont,
      Flags: FLAG_SYMBOLIC,
      FontBBox: metrics.bbox,
      ItalicAngle: metrics.italicAngle,
      Ascent: metrics.ascent,
      Descent: metrics.descent,
      CapHeight: metrics.capHeight,
      StemV: DEFAULT_STEM_V,
      FontFile2: fontFileRef,
    }),
  );
  const defaultWidth = defaultWidthOf(subset.widthByCid);
  const cidFontRef = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: baseFont,
      CIDSystemInfo: context.obj({
        Registry: PDFString.of('Adobe'),
        Ordering: PDFString.of('Identity'),
        Supplement: 0,
      }),
      FontDescriptor: descriptorRef,
      DW: defaultWidth,
      W: buildWidthsArray(context, subset.widthByCid, defaultWidth),
      CIDToGIDMap: 'Identity',
    }),
  );
  const toUnicodeRef = registerFlateStream(context, asciiBytes(buildToUnicodeCMap(subset.textByCid)), {}, deflate);
  return context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: baseFont,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFontRef],
      ToUnicode: toUnicodeRef,
    }),
  );
}
