// Photos as DCTDecode image XObjects: the JPEG bytes go in unchanged, the colour space and the
// pixel size are read from the JPEG's own frame header (and must agree with what the caller says).
//
// CMYK JPEGs: Adobe's convention (Photoshop, and libvips/sharp, which write an APP14 "Adobe"
// marker) stores CMYK inverted, so such images get /Decode [1 0 1 0 1 0 1 0]; a 4-component JPEG
// without the marker holds plain CMYK and gets no Decode array. pdf-lib's embedJpg always
// inverts, which is why images are embedded here.
// Pure.

import { PDFName, type PDFContext, type PDFRef } from 'pdf-lib';
import { rawStream } from './pdf-streams';
import { PdfWriteError } from './errors';

export type ImageColorSpace = 'cmyk' | 'rgb' | 'gray';

/** A photo's bytes as the export pipeline hands them in (converted for the output already). */
export interface PdfImage {
  jpeg: Uint8Array;
  colorSpace: ImageColorSpace;
  widthPx: number;
  heightPx: number;
}

export interface JpegInfo {
  width: number;
  height: number;
  components: number;
  bitsPerComponent: number;
  /** APP14 "Adobe" marker present (inverted CMYK convention). */
  adobe: boolean;
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const COMPONENTS_OF: Record<ImageColorSpace, number> = { gray: 1, rgb: 3, cmyk: 4 };
const DEVICE_SPACE: Record<number, string> = { 1: 'DeviceGray', 3: 'DeviceRGB', 4: 'DeviceCMYK' };

/** Reads the frame header and the Adobe marker; null when the bytes are not a readable JPEG. */
export function readJpegInfo(bytes: Uint8Array): JpegInfo | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let adobe = false;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end or scan before any frame header
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2 || offset + 2 + length > bytes.length) return null;
    const segment = offset + 4;
    if (marker === 0xee && length >= 7) {
      adobe = String.fromCharCode(...bytes.subarray(segment, segment + 5)) === 'Adobe';
    }
    if (SOF_MARKERS.has(marker)) {
      if (length < 8) return null;
      return {
        bitsPerComponent: bytes[segment]!,
        height: (bytes[segment + 1]! << 8) | bytes[segment + 2]!,
        width: (bytes[segment + 3]! << 8) | bytes[segment + 4]!,
        components: bytes[segment + 5]!,
        adobe: adobe || hasAdobeMarkerAfter(bytes, offset + 2 + length),
      };
    }
    offset += 2 + length;
  }
  return null;
}

/** The Adobe marker may follow the frame header (it must precede the first scan). */
function hasAdobeMarkerAfter(bytes: Uint8Array, start: number): boolean {
  let offset = start;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    if (marker === 0xda || marker === 0xd9) return false;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (marker === 0xee && String.fromCharCode(...bytes.subarray(offset + 4, offset + 9)) === 'Adobe') return true;
    offset += 2 + length;
  }
  return false;
}

export interface EmbeddedImage {
  ref: PDFRef;
  width: number;
  height: number;
}

/** Checks a photo against its stated colour space and the output's rules, then registers its XObject. */
export function embedJpeg(
  context: PDFContext,
  photoId: number,
  image: PdfImage,
  allowRgb: boolean,
): EmbeddedImage {
  const info = readJpegInfo(image.jpeg);
  if (!info || info.width === 0 || info.height === 0) {
    throw new PdfWriteError('image_unreadable', `Photo ${photoId}: the bytes are not a readable JPEG`, {
      photoId,
      reason: 'not_jpeg',
    });
  }
  if (info.bitsPerComponent !== 8) {
    throw new PdfWriteError('image_unreadable', `Photo ${photoId}: ${info.bitsPerComponent}-bit JPEG; only 8-bit is embedded`, {
      photoId,
      reason: 'bits_per_component',
    });
  }
  if (info.components !== COMPONENTS_OF[image.colorSpace]) {
    throw new PdfWriteError(
      'image_unreadable',
      `Photo ${photoId}: stated as ${image.colorSpace} but the JPEG has ${info.components} component(s)`,
      { photoId, reason: 'colour_space_mismatch' },
    );
  }
  if (image.colorSpace === 'rgb' && !allowRgb) {
    throw new PdfWriteError(
      'image_not_allowed',
      `Photo ${photoId} is RGB; a print PDF takes CMYK or greyscale images only (convert it first)`,
      { photoId, reason: 'rgb_in_print' },
    );
  }
  const dict = context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: info.width,
    Height: info.height,
    ColorSpace: DEVICE_SPACE[info.components] ?? 'DeviceGray',
    BitsPerComponent: 8,
    Filter: 'DCTDecode',
  });
  if (info.components === 4 && info.adobe) dict.set(PDFName.of('Decode'), context.obj([1, 0, 1, 0, 1, 0, 1, 0]));
  const ref = context.register(rawStream(dict, image.jpeg));
  return { ref, width: info.width, height: info.height };
}

export interface ImagePlacement {
  /** Drawn size and top-left, in display coordinates (pt, y down). */
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Fills the frame (like "cover"): scaled to cover it, centred; the caller clips to the frame. */
export function coverFrame(frame: ImagePlacement, widthPx: number, heightPx: number): ImagePlacement {
  const scale = Math.max(frame.w / widthPx, frame.h / heightPx);
  const w = widthPx * scale;
  const h = heightPx * scale;
  return { x: frame.x + (frame.w - w) / 2, y: frame.y + (frame.h - h) / 2, w, h };
}
