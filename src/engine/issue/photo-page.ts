// 封二, 封三 and 封四: pages made of an extra (the session photo page, the news page, the photo
// feature) and the photos placed on them. Frames without a file are placeholders of plausible
// size; every caption keeps its credit right under it, or one page credit (本版摄影/…) at the
// foot when the credit covers the whole page. Pure.

import { blocksFromDoc } from '../../shared/article-doc';
import type { Credit, IssueExtra, PhotoPlacement } from '../../shared/model';
import type { PageGrid } from '../flow/geometry';
import { MM_TO_PT } from '../styles/sizes';
import type { PageCanvas } from './canvas';
import type { IssueDesign } from './design';
import type { IssueLayoutInput, PhotoForLayout } from './types';

/** A credit as printed: the source's own wording when known (本版摄影/吕亚南, 本刊资料). */
export function creditText(c: Credit): string {
  if (c.raw && c.raw.trim() !== '') return c.raw.trim();
  return c.kind === '资料' ? `${c.name}资料` : `${c.kind}/${c.name}`;
}

/** The short label drawn inside a placeholder frame. */
export function photoLabel(photo: PhotoForLayout | null, where: string): string {
  if (!photo) return `${where}`;
  const caption = photo.caption.split('\n')[0]!.trim();
  return caption ? caption.slice(0, 40) : where;
}

/** The extra printed on a cover page, by its placement note and kind (promos go elsewhere). */
export function extraFor(extras: readonly IssueExtra[], placement: 'inside-front-cover' | 'inside-back-cover' | 'back-cover'): IssueExtra | null {
  const patterns: Record<typeof placement, RegExp> = {
    'inside-front-cover': /封二|inside front cover/iu,
    'inside-back-cover': /封三|inside back cover/iu,
    'back-cover': /封底|封四|^back cover/iu,
  };
  return extras.find((e) => e.kind !== 'promo' && patterns[placement].test(e.placement)) ?? null;
}

function photosAt(input: IssueLayoutInput, placement: PhotoPlacement): PhotoForLayout[] {
  return input.photos.filter((p) => p.placement === placement).sort((a, b) => a.position - b.position);
}

function frameRatio(p: PhotoForLayout, fallback: number): number {
  return p.widthPx && p.heightPx ? p.heightPx / p.widthPx : fallback;
}

/** A title printed "as given": a space in it marks the editor's line break. */
function titleText(title: string): string {
  return title.trim().split(/\s+/u).join('\n');
}

function drawTitle(canvas: PageCanvas, design: IssueDesign, grid: PageGrid, title: string | null, top: number): number {
  if (!title) return top;
  const r = canvas.text(design.text.photoPageTitle, titleText(title), { x: grid.left, top, width: grid.width, align: 'start', kinsoku: 'strict', source: { owner: canvas.key, blockIndex: -1, part: 'title' } });
  canvas.rule(grid.left, r.bottom + 4, grid.left + grid.width, r.bottom + 4, 1, design.accent);
  return r.bottom + 14;
}

/** One photo with its caption and (unless the page credits it) its credit under the caption. */
function drawFigure(canvas: PageCanvas, design: IssueDesign, photo: PhotoForLayout, index: number, x: number, top: number, w: number, h: number, pageCredit: boolean): number {
  canvas.image(x, top, w, h, photo.id, photo.placeholder, photoLabel(photo, canvas.key));
  let y = top + h + 4;
  if (photo.caption.trim() !== '') y = canvas.text(design.text.photoCaption, photo.caption, { x, top: y, width: w, align: 'justify', source: { owner: canvas.key, blockIndex: index } }).bottom;
  if (photo.credit && !pageCredit)
    y = canvas.text(design.text.photoCredit, creditText(photo.credit), { x, top: y, width: w, align: 'end', source: { owner: canvas.key, blockIndex: index, part: 'credit' } }).bottom;
  return y;
}

/** 封二: a photo page (title, photos with captions, one page credit). */
export function drawPhotoPage(canvas: PageCanvas, input: IssueLayoutInput, design: IssueDesign, grid: PageGrid, placement: PhotoPlacement, extra: IssueExtra | null): void {
  const photos = photosAt(input, placement);
  let y = drawTitle(canvas, design, grid, extra?.title ?? null, grid.top);
  const bottom = grid.top + grid.blockHeight;
  const pageCredit = photos.find((p) => p.credit?.scope)?.credit ?? null;
  const creditH = pageCredit ? 14 : 0;
  // Rows: the first photo alone at full width, the others in pairs.
  const rows: PhotoForLayout[][] = photos.length > 0 ? [[photos[0]!]] : [];
  for (let k = 1; k < photos.length; k += 2) rows.push(photos.slice(k, k + 2));
  const gutter = 12;
  const captionRoom = (row: PhotoForLayout[], w: number): number =>
    Math.max(0, ...row.map((p) => (p.caption ? canvas.lineCount(design.text.photoCaption, p.caption, w) * 14 : 0) + (p.credit && !p.credit.scope ? 11 : 0))) + 10;
  const widthOf = (row: PhotoForLayout[]): number => (row.length === 1 ? grid.width : (grid.width - gutter) / 2);
  const natural = rows.map((row) => Math.max(...row.map((p) => widthOf(row) * frameRatio(p, 2 / 3))));
  const text = rows.reduce((s, row) => s + captionRoom(row, widthOf(row)), 0);
  const room = bottom - y - creditH - text;
  const scale = Math.min(1, room / Math.max(1, natural.reduce((a, b) => a + b, 0)));
  let index = 0;
  rows.forEach((row, r) => {
    const w = widthOf(row);
    const h = natural[r]! * scale;
    let rowBottom = y;
    row.forEach((p, k) => {
      rowBottom = Math.max(rowBottom, drawFigure(canvas, design, p, index++, grid.left + k * (w + gutter), y, w, h, !!p.credit?.scope));
    });
    y = rowBottom + 10;
  });
  if (pageCredit)
    canvas.text(design.text.photoCredit, creditText(pageCredit), { x: grid.left, top: bottom - 11, width: grid.width, align: 'end', source: { owner: canvas.key, blockIndex: photos.length, part: 'credit' } });
  // Texts of the extra that are not captions (none in the sample's 封二) go under the photos.
  if (extra) drawParagraphs(canvas, design, grid, blocksFromDoc(extra.body).filter((b) => b.type !== 'caption').map((b) => b.text), y, bottom - creditH);
}

/** 封三: a news page (title, photo with its credit, the report in two columns). */
export function drawNewsPage(canvas: PageCanvas, input: IssueLayoutInput, design: IssueDesign, grid: PageGrid, placement: PhotoPlacement, extra: IssueExtra | null): void {
  const photos = photosAt(input, placement);
  let y = drawTitle(canvas, design, grid, extra?.title ?? null, grid.top);
  photos.forEach((p, k) => {
    const w = grid.width;
    const h = Math.min(w * frameRatio(p, 9 / 16), grid.blockHeight * 0.45);
    y = drawFigure(canvas, design, p, k, grid.left, y, w, h, false) + 10;
  });
  const paragraphs = extra ? blocksFromDoc(extra.body).filter((b) => b.type !== 'caption' && b.text.trim() !== '').map((b) => b.text) : [];
  drawParagraphs(canvas, design, grid, paragraphs, y, grid.top + grid.blockHeight);
}

/** Paragraphs in two columns, a paragraph never split (these pages carry short reports). */
function drawParagraphs(canvas: PageCanvas, design: IssueDesign, grid: PageGrid, paragraphs: string[], top: number, bottom: number): void {
  if (paragraphs.length === 0) return;
  const spec = design.text.newsBody;
  const gutter = 2 * 9;
  const colW = (grid.width - gutter) / 2;
  const leading = spec.leadingPt ?? 15.5;
  let col = 0;
  let y = top;
  paragraphs.forEach((text, k) => {
    const h = canvas.lineCount(spec, text, colW, { align: 'justify', indent: 2 }) * leading;
    if (y + h > bottom && col === 0) {
      col = 1;
      y = top;
    }
    y = canvas.text(spec, text, { x: grid.left + col * (colW + gutter), top: y, width: colW, align: 'justify', indent: 2, source: { owner: canvas.key, blockIndex: 100 + k } }).bottom;
  });
}

/** 封四: the photo feature to the bleed, with series, title and credit under it. */
export function drawBackCover(canvas: PageCanvas, input: IssueLayoutInput, design: IssueDesign, extra: IssueExtra | null): void {
  const { trimW, trimH, bleed } = canvas.boxes;
  const photo = photosAt(input, 'back-cover')[0] ?? null;
  const margin = 16 * MM_TO_PT;
  const photoBottom = trimH - 48 * MM_TO_PT;
  canvas.image(-bleed, -bleed, trimW + 2 * bleed, photoBottom + bleed, photo?.id ?? null, photo ? photo.placeholder : true, photoLabel(photo, canvas.key));
  let y = photoBottom + 8 * MM_TO_PT;
  const source = (blockIndex: number, part?: 'title' | 'credit') => ({ owner: canvas.key, blockIndex, ...(part ? { part } : {}) });
  if (extra?.series) y = canvas.text(design.text.backSeries, extra.series, { x: margin, top: y, width: trimW - 2 * margin, source: source(0) }).bottom + 4;
  const title = extra?.title ?? photo?.caption ?? '';
  if (title) y = canvas.text(design.text.backTitle, title, { x: margin, top: y, width: trimW - 2 * margin, source: source(-1, 'title') }).bottom + 4;
  const credit = extra?.credit ?? photo?.credit ?? null;
  if (credit) canvas.text(design.text.backCredit, creditText(credit), { x: margin, top: y, width: trimW - 2 * margin, source: source(0, 'credit') });
}
