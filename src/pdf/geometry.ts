// Page boxes and the change of coordinates from the display list (top-left of the trim box,
// y down) to PDF user space (bottom-left of the MediaBox, y up).
// Pure.

import type { PageBoxes } from '../engine/display-list';

export interface PdfRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageGeometry {
  mediaBox: PdfRect;
  bleedBox: PdfRect;
  trimBox: PdfRect;
  /** PDF x of the trim box's left edge. */
  trimLeft: number;
  /** PDF y of the trim box's top edge. */
  trimTop: number;
}

/**
 * MediaBox = BleedBox grown by the slug on each side (0 until the print-ready issue adds crop
 * marks there); no CropBox, as imposition works from the TrimBox.
 */
export function pageGeometry(boxes: PageBoxes, slugPt = 0): PageGeometry {
  const { trimW, trimH, bleed } = boxes;
  const trimLeft = slugPt + bleed;
  const trimBottom = slugPt + bleed;
  return {
    mediaBox: { x: 0, y: 0, width: trimW + 2 * (bleed + slugPt), height: trimH + 2 * (bleed + slugPt) },
    bleedBox: { x: slugPt, y: slugPt, width: trimW + 2 * bleed, height: trimH + 2 * bleed },
    trimBox: { x: trimLeft, y: trimBottom, width: trimW, height: trimH },
    trimLeft,
    trimTop: trimBottom + trimH,
  };
}

/** Screen PDF: the page is the trimmed page (MediaBox = TrimBox), bleed cut away. */
export function screenGeometry(boxes: PageBoxes): PageGeometry {
  const trim = { x: 0, y: 0, width: boxes.trimW, height: boxes.trimH };
  return { mediaBox: trim, bleedBox: trim, trimBox: trim, trimLeft: 0, trimTop: boxes.trimH };
}
