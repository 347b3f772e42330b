// The images the PDF writer embeds: CMYK (or greyscale) JPEGs for print, separated with the output
// profile the PDF declares as its output intent, and sRGB JPEGs for the screen PDF. Conversions are
// cached under <library>/cache/ by the original's content hash, so a second export is quick; the
// originals in photos/ are only ever read.

import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { QikanError } from '../../shared/errors';
import { writeFileAtomically } from '../export/atomic-write';
import { makeDirIn, PRIVATE_FILE_MODE } from '../library/private-files';
import { MAX_IMAGE_PIXELS } from './image-file';

export type EmbedColorSpace = 'cmyk' | 'gray' | 'rgb';

export interface EmbeddableImage {
  jpeg: Uint8Array;
  colorSpace: EmbedColorSpace;
  widthPx: number;
  heightPx: number;
}

export interface SourceImage {
  /** Path of the original relative to the library folder. */
  file: string;
  /** Content hash of the original: the cache key. */
  sha256: string;
  colorSpace: string | null;
}

const JPEG_QUALITY = 92;
/** Bump when the conversion changes, so stale cache files are not reused. */
const CONVERSION_VERSION = 1;

export function outputProfileFile(resourcesDir: string): string {
  return path.join(resourcesDir, 'icc', 'ISOcoated_v2_300_bas.icc');
}

/** Cache file name: hash, target, conversion version. */
function cachePath(libraryDir: string, image: SourceImage, target: string): string {
  return path.join(libraryDir, 'cache', `${image.sha256}-${target}-v${CONVERSION_VERSION}.jpg`);
}

async function convert(original: Buffer, kind: 'print' | 'screen', sourceSpace: string | null, profile: string): Promise<{ jpeg: Buffer; colorSpace: EmbedColorSpace }> {
  // Transparent areas print as paper white; X-1a allows no soft masks.
  const base = sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().flatten({ background: '#ffffff' });
  if (sourceSpace === 'gray') {
    return { jpeg: await base.toColourspace('b-w').jpeg({ quality: JPEG_QUALITY }).toBuffer(), colorSpace: 'gray' };
  }
  if (kind === 'screen') {
    return { jpeg: await base.toColourspace('srgb').jpeg({ quality: JPEG_QUALITY }).toBuffer(), colorSpace: 'rgb' };
  }
  // The profile converts the colours; it is not attached, because the PDF's output intent carries it once.
  const jpeg = await base.toColourspace('cmyk').withIccProfile(profile, { attach: false }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
  return { jpeg, colorSpace: 'cmyk' };
}

/** The image to embed for a print (CMYK or grey) or screen (sRGB or grey) PDF. */
export async function embeddableImage(libraryDir: string, resourcesDir: string, image: SourceImage, kind: 'print' | 'screen'): Promise<EmbeddableImage> {
  const target = image.colorSpace === 'gray' ? 'gray' : kind === 'print' ? 'cmyk' : 'srgb';
  const cached = cachePath(libraryDir, image, target);
  let jpeg: Buffer;
  if (fs.existsSync(cached)) {
    jpeg = fs.readFileSync(cached);
  } else {
    const originalPath = path.join(libraryDir, image.file);
    let original: Buffer;
    try {
      original = fs.readFileSync(originalPath);
    } catch {
      throw new QikanError('not_found', `the photo file ${image.file} is missing from the library`, { entity: 'photo file', id: image.file, file: originalPath });
    }
    const converted = await convert(original, kind, image.colorSpace, outputProfileFile(resourcesDir));
    jpeg = converted.jpeg;
    makeDirIn(libraryDir, path.dirname(cached));
    writeFileAtomically(cached, jpeg, PRIVATE_FILE_MODE);
  }
  const meta = await sharp(jpeg).metadata();
  const colorSpace: EmbedColorSpace = meta.channels === 4 ? 'cmyk' : meta.channels === 1 ? 'gray' : 'rgb';
  return { jpeg: new Uint8Array(jpeg), colorSpace, widthPx: meta.width ?? 0, heightPx: meta.height ?? 0 };
}
