// Effective resolution of a photo at the size it is placed. Frames are filled (the image is scaled to
// cover the frame and the overflow cropped), so the axis with fewer pixels per inch decides.

import { DEFAULT_PAGE, columnsFor } from '../../engine/flow/geometry';

export const PT_PER_INCH = 72;
/** Under this, preflight warns. */
export const WARN_BELOW_PPI = 300;
/** Under this, preflight reports an error. */
export const ERROR_BELOW_PPI = 150;

export interface FrameSize {
  /** Frame width and height, pt. */
  w: number;
  h: number;
}

/** Before the issue is laid out, a photo is assumed to fill one column of the two-column body grid
 *  at 3:2, the size most article photos print at. */
export const DEFAULT_PHOTO_FRAME: FrameSize = (() => {
  const column = columnsFor(DEFAULT_PAGE.typeWidthEm, 2, DEFAULT_PAGE.minGutterEm);
  const w = column.columnEm * DEFAULT_PAGE.bodySizePt;
  return { w, h: (w * 2) / 3 };
})();

/** Pixels per inch at the placed size; Infinity for a frame without area. */
export function effectivePpi(widthPx: number, heightPx: number, frame: FrameSize): number {
  if (frame.w <= 0 || frame.h <= 0) return Infinity;
  return Math.min((widthPx * PT_PER_INCH) / frame.w, (heightPx * PT_PER_INCH) / frame.h);
}

export type ResolutionVerdict = 'ok' | 'warning' | 'error';

export function resolutionVerdict(ppi: number): ResolutionVerdict {
  if (ppi < ERROR_BELOW_PPI) return 'error';
  if (ppi < WARN_BELOW_PPI) return 'warning';
  return 'ok';
}
