// A small issue as the print export sees it: a cover (full-bleed tint, masthead, white text on a
// dark band, a CMYK photo and a placeholder), three sample articles laid out by the engine, and a
// back cover with a greyscale photo; page labels, bookmarks per 栏目 and the issue metadata.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DisplayDocument, DisplayItem, DisplayPage } from '../../../src/engine/display-list';
import { layoutArticles } from '../../../src/engine/index';
import type { Bookmark } from '../../../src/engine/issue/types';
import { loadFontRegistry } from '../../../src/node/fonts/default-fonts';
import type { PdfImage, PdfMetadata, OutputIntent } from '../../../src/pdf/write-pdf';
import { ISO_COATED_V2_300_CONDITION, preflightOverrideEvent } from '../../../src/pdf/write-pdf';
import { loadSampleArticles, SAMPLE_ISSUE_PATH } from '../../../bench/sample-issue';
import { BLEED, shapedRun, TRIM_H, TRIM_W } from './display-fixtures';
import { cmykJpeg, grayJpeg } from './test-images';

const ROOT = join(__dirname, '..', '..', '..');
export const SANS_BOLD = 'NotoSansSC-Bold';
export const SANS = 'NotoSansSC-Regular';
export const CN = 'CN 11-4553/D';
export const EXPORT_DATE = new Date('2026-01-20T02:30:00Z');
export const OVERRIDE_REASON = '封面照片待补，主编同意先出样';

export const PHOTO_COVER = 101;
export const PHOTO_MISSING = 102;
export const PHOTO_BACK = 103;

export function outputIntent(): OutputIntent {
  return {
    icc: new Uint8Array(readFileSync(join(ROOT, 'resources', 'icc', 'ISOcoated_v2_300_bas.icc'))),
    ...ISO_COATED_V2_300_CONDITION,
  };
}

export function issueMetadata(): PdfMetadata {
  return {
    cnSerial: CN,
    publisher: '《北京人大》编辑部',
    language: 'zh-CN',
    issue: { publicationName: '北京人大', year: 2026, number: 1, totalNumber: 313, coverDate: '2026-01-26' },
    history: [preflightOverrideEvent(OVERRIDE_REASON, new Date('2026-01-20T02:00:00Z'))],
  };
}

export interface IssueFixture {
  doc: DisplayDocument;
  fonts: Map<string, Uint8Array>;
  pageLabels: string[];
  bookmarks: Bookmark[];
  images: Map<number, PdfImage>;
  /** Article id → page index where it starts. */
  starts: Map<number, number>;
}

function coverPage(): DisplayPage {
  const items: DisplayItem[] = [
    { kind: 'box', x: -BLEED, y: -BLEED, w: TRIM_W + 2 * BLEED, h: TRIM_H + 2 * BLEED, fill: { space: 'cmyk', c: 0, m: 0.05, y: 0.1, k: 0 } },
    shapedRun({ font: SANS_BOLD, text: '北京人大', sizePt: 64, x: 60, y: 120, color: { space: 'cmyk', c: 0, m: 1, y: 1, k: 0 } }),
    shapedRun({ font: SANS, text: "THE PEOPLE'S CONGRESS OF BEIJING", sizePt: 11, x: 62, y: 145 }),
    shapedRun({ font: SANS, text: CN, sizePt: 9, x: 62, y: 165 }),
    { kind: 'box', x: -BLEED, y: 180, w: TRIM_W + 2 * BLEED, h: 30, fill: { space: 'cmyk', c: 1, m: 0.7, y: 0, k: 0.2 } },
    shapedRun({ font: SANS_BOLD, text: '2026年第1期 总第313期', sizePt: 14, x: 62, y: 200, color: { space: 'cmyk', c: 0, m: 0, y: 0, k: 0 } }),
    { kind: 'image', x: 60, y: 240, w: 470, h: 320, photoId: PHOTO_COVER, placeholder: false },
    { kind: 'image', x: 60, y: 580, w: 220, h: 150, photoId: PHOTO_MISSING, placeholder: true, label: '照片占位 封面小图' },
  ];
  return { index: 0, folio: null, kind: 'cover', boxes: { trimW: TRIM_W, trimH: TRIM_H, bleed: BLEED }, items, lines: [] };
}

function backCoverPage(index: number): DisplayPage {
  const items: DisplayItem[] = [
    { kind: 'image', x: -BLEED, y: -BLEED, w: TRIM_W + 2 * BLEED, h: 600, photoId: PHOTO_BACK, placeholder: false },
    shapedRun({ font: SANS, text: '运河月明  摄影/吕亚南', sizePt: 9, x: 60, y: 640 }),
  ];
  return { index, folio: null, kind: 'back-cover', boxes: { trimW: TRIM_W, trimH: TRIM_H, bleed: BLEED }, items, lines: [] };
}

let cached: Promise<IssueFixture> | null = null;

export function issueFixture(): Promise<IssueFixture> {
  cached ??= buildIssueFixture();
  return cached;
}

async function buildIssueFixture(): Promise<IssueFixture> {
  const loaded = loadFontRegistry();
  const articles = loadSampleArticles().slice(1, 4);
  const layout = layoutArticles(articles, loaded.registry, { firstFolio: 4 });
  const articlePages = layout.document.pages.map((p, i) => ({ ...p, index: i + 1 }));
  const pages = [coverPage(), ...articlePages, backCoverPage(articlePages.length + 1)];
  const fontKeys = new Set<string>(layout.document.fonts);
  for (const p of pages) for (const item of p.items) if (item.kind === 'glyphs') fontKeys.add(item.font);
  const fonts = new Map<string, Uint8Array>();
  for (const key of fontKeys) {
    const file = loaded.files.get(key);
    if (!file) throw new Error(`no font file for ${key}`);
    fonts.set(key, new Uint8Array(readFileSync(file)));
  }

  const starts = new Map<number, number>();
  for (const p of pages) {
    for (const line of p.lines) {
      const owner = Number(line.source.owner);
      if (!starts.has(owner)) starts.set(owner, p.index);
    }
  }
  // Section names from the sample file, in article order (the loader numbers articles from 1).
  const seed = JSON.parse(readFileSync(SAMPLE_ISSUE_PATH, 'utf8')) as { sections: { name: string; articles: unknown[] }[] };
  const sectionOf = new Map<number, string>();
  let id = 1;
  for (const section of seed.sections) for (let i = 0; i < section.articles.length; i++) sectionOf.set(id++, section.name);
  const bookmarks: Bookmark[] = [];
  for (const article of articles) {
    const articleId = Number(article.id);
    const pageIndex = starts.get(articleId);
    if (pageIndex === undefined) throw new Error(`article ${articleId} not laid out`);
    const sectionName = sectionOf.get(articleId)!;
    let section = bookmarks.find((b) => b.title === sectionName);
    if (!section) {
      section = { title: sectionName, pageIndex, children: [] };
      bookmarks.push(section);
    }
    section.children.push({ title: article.titleLines.join(''), pageIndex, children: [] });
  }

  const images = new Map<number, PdfImage>([
    [PHOTO_COVER, { jpeg: await cmykJpeg(48, 32, [1, 0, 0, 0]), colorSpace: 'cmyk', widthPx: 48, heightPx: 32 }],
    [PHOTO_BACK, { jpeg: await grayJpeg(40, 30, 0.4), colorSpace: 'gray', widthPx: 40, heightPx: 30 }],
  ]);
  return {
    doc: { pages, fonts: [...fontKeys].sort() },
    fonts,
    pageLabels: pages.map((p, i) => (i === 0 ? '封一' : i === pages.length - 1 ? '封四' : (p.folio ?? ''))),
    bookmarks,
    images,
    starts,
  };
}
