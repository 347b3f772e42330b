// Reading an image file the office sends in: which format it is, how many pixels, which colour space,
// and whether it decodes completely. Everything is decided before the library changes, so a refused
// file leaves the issue as it was.
//
// The pixel count is read from the header (PNG IHDR, JPEG SOFn, or libvips' header reader for TIFF)
// and checked before any decoding, so a crafted header claiming 100,000 × 100,000 pixels is refused at
// once without allocating a pixel buffer.

import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { QikanError } from '../../shared/errors';

export type ImageFormat = 'jpeg' | 'png' | 'tiff';

/** Refuse above this many pixels (≈ 12,250 × 12,250; a 20,000 × 20,000 scan is over it). */
export const MAX_IMAGE_PIXELS = 150_000_000;
/** Largest file accepted (the API carries at most 60 MB of image). */
export const MAX_IMAGE_BYTES = 60_000_000;

export type ImageRefusal = 'image_unreadable' | 'image_unsupported' | 'image_too_large';

export interface ImageInfo {
  format: ImageFormat;
  widthPx: number;
  heightPx: number;
  /** Normalised colour space: rgb, cmyk, gray, or what libvips reported for anything else (e.g. lab). */
  colorSpace: string;
  channels: number;
  hasAlpha: boolean;
  /** The embedded ICC profile, if any. */
  icc: Buffer | null;
  bytes: number;
  sha256: string;
}

export function refuseImage(reason: ImageRefusal, file: string, why: string, extra: Record<string, string | number> = {}): QikanError {
  return new QikanError('import_invalid', `${file}: ${why}`, { reason, file, path: file, expected: reasonExpectation[reason], ...extra });
}

// The import_invalid message names a path and what was expected; these say it for images.
const reasonExpectation: Record<ImageRefusal, string> = {
  image_unreadable: 'a complete, undamaged image file',
  image_unsupported: 'a JPEG, PNG or TIFF image',
  image_too_large: `at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels and ${MAX_IMAGE_BYTES / 1_000_000} MB`,
};

/** The format from the file's first bytes; the file name's extension is not trusted. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | 'gif' | 'webp' | 'bmp' | 'heif' | 'pdf' | null {
  const b = bytes;
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (at(0, 0x42, 0x4d)) return 'bmp';
  if (at(4, 0x66, 0x74, 0x79, 0x70)) return 'heif';
  if (at(0, 0x25, 0x50, 0x44, 0x46)) return 'pdf';
  return null;
}

/** Width and height from a PNG or JPEG header without decoding; null when the header is not found. */
export function headerDimensions(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    // Signature (8), chunk length (4), "IHDR" (4), then width and height.
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (format === 'jpeg') {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const length = view.getUint16(i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      }
      if (marker === 0xda) return null; // image data before any frame header
      i += 2 + length;
    }
    return null;
  }
  return null;
}

function normaliseSpace(space: string | undefined, channels: number): string {
  switch (space) {
    case 'srgb':
    case 'rgb':
    case 'rgb16':
    case 'scrgb':
      return 'rgb';
    case 'cmyk':
      return 'cmyk';
    case 'b-w':
    case 'grey16':
      return 'gray';
    case undefined:
      return channels <= 2 ? 'gray' : channels === 4 ? 'cmyk' : 'rgb';
    default:
      return space;
  }
}

function tooLarge(file: string, width: number, height: number): QikanError {
  return refuseImage('image_too_large', file, `${width} × ${height} pixels is more than ${MAX_IMAGE_PIXELS} pixels`, { widthPx: width, heightPx: height });
}

/** Checks an image completely (header, size, a full decode) and describes it; throws import_invalid
 *  with details.reason image_unsupported | image_too_large | image_unreadable. */
export async function inspectImage(bytes: Buffer, file: string): Promise<ImageInfo> {
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw refuseImage('image_too_large', file, `${bytes.length} bytes is more than ${MAX_IMAGE_BYTES} bytes`);
  }
  const sniffed = sniffFormat(bytes);
  if (sniffed === null || (sniffed !== 'jpeg' && sniffed !== 'png' && sniffed !== 'tiff')) {
    throw refuseImage('image_unsupported', file, sniffed ? `${sniffed.toUpperCase()} images are not accepted` : 'not an image file', {
      format: sniffed ?? 'unknown',
    });
  }
  const format: ImageFormat = sniffed;
  const fromHeader = headerDimensions(bytes, format);
  if (fromHeader && fromHeader.width * fromHeader.height > MAX_IMAGE_PIXELS) throw tooLarge(file, fromHeader.width, fromHeader.height);

  let meta: Metadata;
  try {
    // Header only: the pixel limit is checked here rather than by libvips so the refusal names the size.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw refuseImage('image_unreadable', file, `damaged ${format.toUpperCase()} header (${err instanceof Error ? err.message : String(err)})`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw refuseImage('image_unreadable', file, 'the image has no pixels');
  if (width * height > MAX_IMAGE_PIXELS) throw tooLarge(file, width, height);
  try {
    // A full decode: a truncated or damaged file fails here rather than in the middle of an export.
    await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS }).stats();
  } catch (err) {
    throw refuseImage('image_unreadable', file, `the image does not decode (${err instanceof Error ? err.message : String(err)})`);
  }
  const channels = meta.channels ?? 3;
  return {
    format,
    widthPx: width,
    heightPx: height,
    colorSpace: normaliseSpace(meta.space, channels),
    channels,
    hasAlpha: meta.hasAlpha === true,
    icc: meta.icc ?? null,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

export const EXTENSION_OF: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', tiff: 'tif' };
