import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QikanError } from '../../src/shared/errors';
import type { Library } from '../../src/node/library/open-library';
import { embeddableImage } from '../../src/node/photos/convert';
import { importPhotoFile, updatePhotoText } from '../../src/node/photos/photo-store';
import { DEFAULT_PHOTO_FRAME, effectivePpi, resolutionVerdict } from '../../src/node/photos/resolution';
import { createLibraryService } from '../../src/node/services/library-service';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { preflight } from '../../src/node/preflight/run-preflight';
import { runCli } from '../../src/node/cli/run';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { RESOURCES_DIR, openSampleLibrary, removeTempDirs, snapshot, tempDir } from './helpers';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** A hand-made PNG whose header claims the given size, with a few bytes of data. */
function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(64))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real JPEG whose frame header is patched to claim the given size. */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#888888' } }).jpeg().toBuffer();
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(height, sof + 5);
  jpeg.writeUInt16BE(width, sof + 7);
  return jpeg;
}

function solid(width: number, height: number, channels: 3 | 4 = 3) {
  return sharp({ create: { width, height, channels, background: { r: 180, g: 40, b: 30, alpha: 1 } } });
}

describe('photo import', () => {
  let lib: Library;
  let issueId: number;
  let articleId: number;

  beforeEach(() => {
    lib = openSampleLibrary();
    const service = createLibraryService(lib);
    issueId = service.listIssues({})[0]!.id;
    articleId = service.getIssueOutline({ issueId }).sections[2]!.articles[0]!.id;
  });
  afterEach(() => {
    lib.close();
    removeTempDirs();
  });

  const base = () => ({ issueId, articleId, placement: 'article' as const, caption: '测试照片', credit: { kind: '摄影' as const, name: '测试' } });

  it.each([
    ['jpeg', 'photo.jpg', () => solid(1200, 800).jpeg().toBuffer()],
    ['png', 'photo.png', () => solid(1200, 800, 4).png().toBuffer()],
    ['tiff', 'photo.tif', () => solid(1200, 800).tiff().toBuffer()],
  ] as const)('imports a %s, keeps the original under its hash and reads its size and colour space', async (format, fileName, make) => {
    const bytes = await make();
    const before = createLibraryService(lib).listPhotos({ issueId }).length;
    const photo = await importPhotoFile(lib, { ...base(), fileName, bytes });
    expect(photo).toMatchObject({ widthPx: 1200, heightPx: 800, colorSpace: 'rgb', articleId, placement: 'article', caption: '测试照片', credit: { kind: '摄影', name: '测试' } });
    expect(photo.file).toMatch(new RegExp(`^photos/[0-9a-f]{64}\\.(jpg|png|tif)$`));
    expect(fs.readFileSync(path.join(lib.dir, photo.file!)).equals(bytes)).toBe(true);
    expect(createLibraryService(lib).listPhotos({ issueId })).toHaveLength(before + 1);
    const row = lib.db.prepare('SELECT format, original_name, channels FROM photo WHERE id = ?').get(photo.id);
    expect(row).toEqual({ format, original_name: fileName, channels: format === 'png' ? 4 : 3 });
  });

  it('reads CMYK and greyscale originals as such', async () => {
    const cmyk = await importPhotoFile(lib, { ...base(), fileName: 'c.jpg', bytes: await solid(300, 200).toColourspace('cmyk').jpeg().toBuffer() });
    expect(cmyk.colorSpace).toBe('cmyk');
    const grey = await importPhotoFile(lib, { ...base(), fileName: 'g.png', bytes: await solid(300, 200).toColourspace('b-w').png().toBuffer() });
    expect(grey.colorSpace).toBe('gray');
  });

  it('replaces the file of a placeholder and keeps its caption and credit', async () => {
    const placeholder = createLibraryService(lib).listPhotos({ issueId }).find((p) => p.placement === 'back-cover')!;
    expect(placeholder.file).toBeNull();
    const photo = await importPhotoFile(lib, { issueId, articleId: null, placement: 'back-cover', photoId: placeholder.id, fileName: 'back.jpg', bytes: await solid(640, 480).jpeg().toBuffer() });
    expect(photo).toMatchObject({ id: placeholder.id, caption: placeholder.caption, credit: placeholder.credit, widthPx: 640 });
    expect(photo.file).not.toBeNull();
  });

  async function expectRefused(bytes: Buffer, fileName: string, reason: string) {
    const before = snapshot(lib.db);
    const filesBefore = fs.readdirSync(path.join(lib.dir, 'photos'));
    const error = await importPhotoFile(lib, { ...base(), fileName, bytes }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QikanError);
    expect((error as QikanError).code).toBe('import_invalid');
    expect((error as QikanError).details).toMatchObject({ reason, file: fileName });
    expect(snapshot(lib.db)).toEqual(before);
    expect(fs.readdirSync(path.join(lib.dir, 'photos'))).toEqual(filesBefore);
  }

  it('refuses a corrupt file with image_unreadable and changes nothing', async () => {
    const good = await solid(400, 300).png().toBuffer();
    const corrupt = Buffer.from(good);
    corrupt.fill(0x5a, 40, 120);
    await expectRefused(corrupt, 'corrupt.png', 'image_unreadable');
  });

  it('refuses truncated JPEG and PNG files', async () => {
    const jpeg = await solid(800, 600).jpeg().toBuffer();
    await expectRefused(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'half.jpg', 'image_unreadable');
    const png = await solid(800, 600).png({ compressionLevel: 0 }).toBuffer();
    await expectRefused(png.subarray(0, Math.floor(png.length / 2)), 'half.png', 'image_unreadable');
  });

  it('refuses a renamed text file and a GIF as unsupported', async () => {
    await expectRefused(Buffer.from('这不是一张图片，只是改了扩展名的文本。\n'), 'notes.jpg', 'image_unsupported');
    await expectRefused(await solid(40, 30).gif().toBuffer(), 'anim.gif', 'image_unsupported');
  });

  it('refuses a header claiming 100,000 × 100,000 pixels (PNG) and 60,000 × 60,000 (JPEG) as too large', async () => {
    await expectRefused(pngClaiming(100_000, 100_000), 'huge.png', 'image_too_large');
    await expectRefused(await jpegClaiming(60_000, 60_000), 'huge.jpg', 'image_too_large');
    await expectRefused(pngClaiming(20_000, 20_000), 'scan.png', 'image_too_large');
  });

  it('refuses a photo in an article of another placement, and an unknown placeholder', async () => {
    const bytes = await solid(100, 100).jpeg().toBuffer();
    await expect(importPhotoFile(lib, { ...base(), articleId: null, fileName: 'x.jpg', bytes })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(importPhotoFile(lib, { ...base(), photoId: 99_999, fileName: 'x.jpg', bytes })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('updates caption and credit; a removed credit reads back as null', async () => {
    const photo = createLibraryService(lib).listPhotos({ issueId })[0]!;
    const updated = updatePhotoText(lib, { photoId: photo.id, caption: '新图注', credit: { kind: '图', name: '东城区人大' }, base: { caption: photo.caption, credit: photo.credit } });
    expect(updated).toMatchObject({ caption: '新图注', credit: { kind: '图', name: '东城区人大' } });
    expect(updatePhotoText(lib, { photoId: photo.id, credit: null, base: { caption: updated.caption, credit: updated.credit } }).credit).toBeNull();
  });

  it('converts for print to a CMYK JPEG (greyscale stays grey) and for screen to RGB, cached', async () => {
    const rgb = await importPhotoFile(lib, { ...base(), fileName: 'rgb.jpg', bytes: await solid(300, 200).jpeg().toBuffer() });
    const source = () => lib.db.prepare('SELECT file, sha256, color_space AS colorSpace FROM photo WHERE id = ?').get(rgb.id) as { file: string; sha256: string; colorSpace: string };
    const print = await embeddableImage(lib.dir, RESOURCES_DIR, source(), 'print');
    expect(print).toMatchObject({ colorSpace: 'cmyk', widthPx: 300, heightPx: 200 });
    expect((await sharp(Buffer.from(print.jpeg)).metadata()).channels).toBe(4);
    expect(fs.readdirSync(path.join(lib.dir, 'cache')).length).toBe(1);
    const again = await embeddableImage(lib.dir, RESOURCES_DIR, source(), 'print');
    expect(Buffer.from(again.jpeg).equals(Buffer.from(print.jpeg))).toBe(true);
    const screen = await embeddableImage(lib.dir, RESOURCES_DIR, source(), 'screen');
    expect(screen.colorSpace).toBe('rgb');

    const grey = await importPhotoFile(lib, { ...base(), fileName: 'g.png', bytes: await solid(100, 100).toColourspace('b-w').png().toBuffer() });
    const greySource = lib.db.prepare('SELECT file, sha256, color_space AS colorSpace FROM photo WHERE id = ?').get(grey.id) as { file: string; sha256: string; colorSpace: string };
    expect((await embeddableImage(lib.dir, RESOURCES_DIR, greySource, 'print')).colorSpace).toBe('gray');
  });
});

describe('import-photo --article places the photo in the article', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir('qikan-photo-place-');
    openSampleLibrary(dataDir).close();
  });
  afterEach(() => removeTempDirs());

  async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { QIKAN_LANG: 'en' });
    return { code, out, err };
  }
  const withLibrary = <T>(f: (lib: Library) => T): T => {
    const lib = openSampleLibrary(dataDir);
    try {
      return f(lib);
    } finally {
      lib.close();
    }
  };
  const fourth = (lib: Library) => createLibraryService(lib).getIssueOutline({ issueId: 1 }).sections.flatMap((s) => s.articles)[3]!;
  const bodyOf = (lib: Library, id: number) => blocksFromDoc(createLibraryService(lib).getArticle({ articleId: id }).body);

  it('appends a figure naming the photo with its caption and credit; the layout frames it and preflight judges it there', async () => {
    const file = path.join(dataDir, 'visit.jpg');
    fs.writeFileSync(file, await solid(900, 600).jpeg().toBuffer());
    const before = withLibrary((lib) => bodyOf(lib, fourth(lib).id));
    const run = await cli('--data', dataDir, 'import-photo', '2026-1', file, '--article', '4', '--caption', '代表视察现场。', '--credit', '摄影/张三');
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const id = Number(/^Imported photo (\d+)/.exec(run.out[0]!)![1]);
    expect(run.out).toContain(`Placed photo ${id} in the article: a figure with its caption at the end of the text`);
    withLibrary((lib) => {
      const after = bodyOf(lib, fourth(lib).id);
      expect(after).toHaveLength(before.length + 1);
      expect(after.slice(0, -1)).toEqual(before);
      expect(after.at(-1)).toEqual({ type: 'caption', text: '代表视察现场。', credit: { kind: '摄影', name: '张三', raw: '摄影/张三' }, photoId: id });
      const layout = getIssueLayout(lib, 1);
      const frame = layout.photoFrames.find((f) => f.photoId === id);
      expect(frame).toBeDefined();
      const items = [...preflight(lib, 1, 'print', layout, null).errors, ...preflight(lib, 1, 'print', layout, null).warnings];
      const low = items.find((i) => i.code === 'low_resolution' && i.target.photoId === id)!;
      expect(low.params.ppi).toBe(Math.round(effectivePpi(900, 600, frame!)));
    });
    // Filling the file again (--photo) keeps the one figure: the body shows the photo already.
    const again = await cli('--data', dataDir, 'import-photo', '2026-1', file, '--photo', String(id));
    expect(again.code).toBe(0);
    expect(again.out.some((l) => l.startsWith('Placed photo'))).toBe(false);
    withLibrary((lib) => expect(bodyOf(lib, fourth(lib).id).filter((b) => b.type === 'caption' && b.photoId === id)).toHaveLength(1));
  }, 60_000);

  it('puts the figure after the paragraph --after names, and refuses one the article does not have', async () => {
    const file = path.join(dataDir, 'visit.jpg');
    fs.writeFileSync(file, await solid(900, 600).jpeg().toBuffer());
    const run = await cli('--data', dataDir, 'import-photo', '2026-1', file, '--article', '4', '--after', '2', '--credit', '摄影/张三');
    expect(run.code).toBe(0);
    const id = Number(/^Imported photo (\d+)/.exec(run.out[0]!)![1]);
    expect(run.out).toContain(`Placed photo ${id} in the article: a figure with its caption after paragraph 2`);
    withLibrary((lib) => {
      const blocks = bodyOf(lib, fourth(lib).id);
      const at = blocks.findIndex((b) => b.type === 'caption' && b.photoId === id);
      const paragraphsBefore = blocks.slice(0, at).filter((b) => b.type === 'paragraph' && b.text.trim() !== '').length;
      expect(paragraphsBefore).toBe(2);
      expect(blocks[at - 1]!.type).toBe('paragraph');
    });
    const refused = await cli('--data', dataDir, 'import-photo', '2026-1', file, '--article', '4', '--after', '9999', '--credit', '摄影/张三');
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/--after 9999: the article has \d+ paragraphs/);
    // Nothing was stored for the refused one.
    expect(withLibrary((lib) => createLibraryService(lib).listPhotos({ issueId: 1 }).filter((p) => p.articleId === fourth(lib).id && p.file !== null))).toHaveLength(1);
    expect((await cli('--data', dataDir, 'import-photo', '2026-1', file, '--after', 'x')).code).not.toBe(0);
  }, 60_000);
});

describe('effective resolution', () => {
  it('is pixels per inch of the frame, the tighter axis deciding', () => {
    expect(effectivePpi(3000, 2000, { w: 720, h: 480 })).toBeCloseTo(300);
    expect(effectivePpi(3000, 1000, { w: 720, h: 480 })).toBeCloseTo(150);
    expect(effectivePpi(1000, 1000, { w: 720, h: 720 })).toBeCloseTo(100);
  });
  it('warns under 300 ppi and errs under 150 ppi', () => {
    expect(resolutionVerdict(300)).toBe('ok');
    expect(resolutionVerdict(299.9)).toBe('warning');
    expect(resolutionVerdict(150)).toBe('warning');
    expect(resolutionVerdict(149.9)).toBe('error');
  });
  it('assumes one column of the two-column grid at 3:2 before layout', () => {
    expect(DEFAULT_PHOTO_FRAME.w).toBeGreaterThan(200);
    expect(DEFAULT_PHOTO_FRAME.w).toBeLessThan(260);
    expect(DEFAULT_PHOTO_FRAME.h / DEFAULT_PHOTO_FRAME.w).toBeCloseTo(2 / 3);
  });
});
