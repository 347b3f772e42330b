// One entry for every manuscript format: picks the reader from the file's contents and name, checks
// embedded images with the photo pipeline, and returns both the preview the editor reviews and the
// blocks the commit saves. Reading never touches the library.

import path from 'node:path';
import type { ManuscriptPreview } from '../../../shared/desk';
import { QikanError } from '../../../shared/errors';
import { noneRemoved, removeUnsafe, totalRemoved } from '../../../shared/unsafe-characters';
import { inspectImage, type ImageInfo } from '../../photos/image-file';
import { parseDocx, type EmbeddedImage } from './docx-manuscript';
import { refuseManuscript } from './refusal';
import { plainText, toDocBlock, type RichBlock, type Run } from './rich-blocks';
import { decodeText } from './text-decode';
import { parseTextManuscript } from './text-manuscript';

/** Longest manuscript accepted, in characters of text. */
export const MAX_MANUSCRIPT_CHARS = 1_000_000;

export interface CheckedImage extends EmbeddedImage {
  info: ImageInfo;
}

export interface ReadManuscript {
  preview: ManuscriptPreview;
  blocks: RichBlock[];
  /** Indexed as the blocks' `image`; null for an image skipped with a warning. */
  images: (CheckedImage | null)[];
}

type Format = ManuscriptPreview['format'];

function formatOf(fileName: string, bytes: Buffer): Format {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.docx') return 'docx';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.txt' || ext === '.text') return 'text';
  // No telling extension: a zip is taken for Word, anything else for text.
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'docx';
  if (ext === '' ) return 'text';
  throw refuseManuscript('manuscript_unsupported', fileName, `${ext} files are not manuscripts this importer reads`);
}

async function checkImages(found: EmbeddedImage[], file: string, warnings: ManuscriptPreview['warnings']): Promise<(CheckedImage | null)[]> {
  const out: (CheckedImage | null)[] = [];
  for (const image of found) {
    try {
      out.push({ ...image, info: await inspectImage(image.bytes, image.name) });
    } catch (err) {
      if (!(err instanceof QikanError)) throw err;
      // Formats print cannot use (EMF drawings, GIF) are left out with a warning; a damaged or huge
      // image refuses the whole manuscript so nothing of it is half-imported.
      if (err.details.reason === 'image_unsupported') {
        warnings.push({ code: 'image_skipped', params: { name: image.name, format: String(err.details.format ?? image.contentType) } });
        out.push(null);
        continue;
      }
      const where = `${file} › ${image.name}`;
      throw new QikanError('import_invalid', `${where}: ${err.message}`, { ...err.details, file: where, path: where, image: image.name });
    }
  }
  return out;
}

export async function readManuscriptFile(fileName: string, bytes: Buffer, opts: { rejectedJoins?: readonly number[] } = {}): Promise<ReadManuscript> {
  const file = path.basename(fileName);
  const fileStem = path.basename(file, path.extname(file));
  if (bytes.length === 0) throw refuseManuscript('manuscript_empty', file, 'the file is empty');
  const format = formatOf(file, bytes);
  const warnings: ManuscriptPreview['warnings'] = [];
  let parsed;
  let encoding: string | null = null;
  let images: (CheckedImage | null)[] = [];
  if (format === 'docx') {
    const docx = await parseDocx(bytes, file, fileStem);
    warnings.push(...docx.warnings);
    images = await checkImages(docx.images, file, warnings);
    parsed = docx;
  } else {
    const decoded = decodeText(bytes, file);
    encoding = decoded.encoding;
    if (decoded.text.length > MAX_MANUSCRIPT_CHARS) throw refuseManuscript('manuscript_too_long', file, `${decoded.text.length} characters`);
    parsed = parseTextManuscript(decoded.text, { markdown: format === 'markdown', fileStem, rejectedJoins: new Set(opts.rejectedJoins ?? []) });
  }
  // Controls, bidi overrides and zero-width characters never reach the library, and the editor is told.
  const removed = noneRemoved();
  const clean = (t: string): string => removeUnsafe(t, removed);
  const cleanRuns = (runs: readonly Run[]): Run[] => runs.map((r) => ({ ...r, text: clean(r.text) }));
  parsed = {
    ...parsed,
    titleLines: parsed.titleLines.map(clean),
    subtitle: parsed.subtitle === null ? null : clean(parsed.subtitle),
    byline: parsed.byline === null ? null : clean(parsed.byline),
    blocks: parsed.blocks.map((b): RichBlock => (b.type === 'image' ? { ...b, caption: clean(b.caption) } : { ...b, runs: cleanRuns(b.runs) })),
  };
  if (totalRemoved(removed) > 0) warnings.push({ code: 'unsafe_characters_removed', params: { ...removed, total: totalRemoved(removed) } });
  const blocks = parsed.blocks.filter((b) => b.type !== 'image' || images[b.image] != null);
  const textChars = blocks.reduce((n, b) => n + (b.type === 'image' ? 0 : plainText(b.runs).length), 0);
  if (textChars === 0 && !blocks.some((b) => b.type === 'image')) throw refuseManuscript('manuscript_empty', file, 'no text in the file');
  if (textChars > MAX_MANUSCRIPT_CHARS) throw refuseManuscript('manuscript_too_long', file, `${textChars} characters`);
  const preview: ManuscriptPreview = {
    fileName: file,
    format,
    encoding,
    titleLines: parsed.titleLines,
    subtitle: parsed.subtitle,
    byline: parsed.byline,
    blocks: blocks.map((b) => toDocBlock(b)),
    joins: parsed.joins,
    images: images.filter((i): i is CheckedImage => i !== null).map((i) => ({ name: i.name, widthPx: i.info.widthPx, heightPx: i.info.heightPx })),
    warnings,
  };
  return { preview, blocks, images };
}
