// 封二, 封三 and 封四: pages made of an extra (the session photo page, the news page, the photo
// feature) and the photos placed on them. Frames without a file are placeholders of plausible
// size; every caption keeps its credit right under it, or one page credit (本版摄影/…) at the
// foot when the credit covers the whole page. Every text is set in a bounded frame inside the type
// area ("<page>:title", ":caption", ":credit", ":body"; 封四 ":text" under the photo): photos give up
// height to their captions, and what still does not fit is overset, reported and not drawn. Pure.

import { blocksFromDoc } from '../../shared/article-doc';
import type { Credit, IssueExtra, PhotoPlacement } from '../../shared/model';
import type { PageGrid } from '../flow/geometry';
import { MM_TO_PT } from '../styles/sizes';
import { frameOf, type PageCanvas, type TextFrame } from './canvas';
import type { IssueDesign } from './design';
import type { IssueLayoutInput, PhotoForLayout } from './types';

/** A credit as printed: the source's own wording when known (本版摄影/吕亚南, 本刊资料). */
export function creditText(c: Credit): string {
  if (c.raw && c.raw.trim() !== '') return c.raw.trim();
  return c.kind === '资料' ? `${c.name}资料` : `${c.kind}/${c.name}`;
}

/** The short label drawn inside a placeholder frame of a proof or screen copy: the caption's first
 *  line, else the page's printed name (封一, 目录 …) — never a code word. */
export function photoLabel(photo: PhotoForLayout | null, where: string): string {
  const caption = photo ? photo.caption.split('\n')[0]!.trim() : '';
  return caption ? caption.slice(0, 40) : where;
}

const COVER_KEYS = ['cover', 'inside-front-cover', 'inside-back-cover', 'back-cover'] as const;

/** The printed name of a generated page, for a placeholder's label: 封一…封四, 目录, else nothing. */
export function pageWord(design: IssueDesign, key: string): string {
  const k = (COVER_KEYS as readonly string[]).indexOf(key);
  if (k >= 0) return design.words.coverLabels[k as 0 | 1 | 2 | 3];
  return key === 'toc' || key === 'contents' ? design.words.contentsTitle : '';
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

/** The type area of a page as a frame. */
function areaFrame(name: string, grid: PageGrid, top = grid.top): TextFrame {
  return frameOf(name, grid.left, top, grid.width, grid.top + grid.blockHeight - top);
}

function drawTitle(canvas: PageCanvas, design: IssueDesign, grid: PageGrid, title: string | null, top: number): number {
  if (!title) return top;
  const r = canvas.text(design.text.photoPageTitle, titleText(title), { x: grid.left, top, width: grid.width, align: 'start', kinsoku: 'strict', source: { owner: canvas.key, blockIndex: -1, part: 'title' }, frame: areaFrame('title', grid) });
  canvas.rule(grid.left, r.bottom + 4, grid.left + grid.width, r.bottom + 4, 1, design.accent);
  return r.bottom + 14;
}

/** Height of a figure's caption and credit under its photo at a width, pt. */
function captionHeight(canvas: PageCanvas, design: IssueDesign, photo: PhotoForLayout, w: number, pageCredit: boolean): number {
  const caption = photo.caption.trim() !== '' ? canvas.heightOf(design.text.photoCaption, photo.caption, w, { align: 'justify' }) : 0;
  const credit = photo.credit && !pageCredit ? canvas.heightOf(design.text.photoCredit, creditText(photo.credit), w) : 0;
  return 4 + caption + credit;
}

/** One photo with its caption and (unless the page credits it) its credit under the caption; the
 *  caption's frame runs from under the photo to `bottom`. */
function drawFigure(canvas: PageCanvas, design: IssueDesign, photo: PhotoForLayout, index: number, x: number, top: number, w: number, h: number, pageCredit: boolean, bottom: number): number {
  if (h > 0) canvas.image(x, top, w, h, photo.id, photo.placeholder, photoLabel(photo, pageWord(design, canvas.key)));
  let y = top + h + 4;
  const frame = frameOf('caption', x, y, w, bottom - y);
  if (photo.caption.trim() !== '') y = canvas.text(design.text.photoCaption, photo.caption, { x, top: y, width: w, align: 'justify', source: { owner: canvas.key, blockIndex: index }, frame }).bottom;
  if (photo.credit && !pageCredit)
    y = canvas.text(design.text.photoCredit, creditText(photo.credit), { x, top: y, width: w, align: 'end', source: { owner: canvas.key, blockIndex: index, part: 'credit' }, frame }).bottom;
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
  const captionRoom = (row: PhotoForLayout[], w: number): number => Math.max(0, ...row.map((p) => captionHeight(canvas, design, p, w, !!p.credit?.scope))) + 10;
  const widthOf = (row: PhotoForLayout[]): number => (row.length === 1 ? grid.width : (grid.width - gutter) / 2);
  const natural = rows.map((row) => Math.max(...row.map((p) => widthOf(row) * frameRatio(p, 2 / 3))));
  const text = rows.reduce((s, row) => s + captionRoom(row, widthOf(row)), 0);
  const room = bottom - y - creditH - text;
  // The photos give up height to their captions; captions that leave no room at all are overset.
  const scale = Math.max(0, Math.min(1, room / Math.max(1, natural.reduce((a, b) => a + b, 0))));
  let index = 0;
  rows.forEach((row, r) => {
    const w = widthOf(row);
    const h = natural[r]! * scale;
    let rowBottom = y;
    row.forEach((p, k) => {
      rowBottom = Math.max(rowBottom, drawFigure(canvas, design, p, index++, grid.left + k * (w + gutter), y, w, h, !!p.credit?.scope, bottom - creditH));
    });
    y = rowBottom + 10;
  });
  if (pageCredit)
    canvas.text(design.text.photoCredit, creditText(pageCredit), { x: grid.left, top: bottom - 11, width: grid.width, align: 'end', source: { owner: canvas.key, blockIndex: photos.length, part: 'credit' }, frame: areaFrame('credit', grid, bottom - creditH) });
  // Texts of the extra that are not captions (none in the sample's 封二) go under the photos.
  if (extra) drawParagraphs(canvas, design, grid, blocksFromDoc(extra.body).filter((b) => b.type !== 'caption').map((b) => b.text), y, bottom - creditH);
}

/** 封三: a news page (title, photo with its credit, the report in two columns). */
export function drawNewsPage(canvas: PageCanvas, input: IssueLayoutInput, design: IssueDesign, grid: PageGrid, placement: PhotoPlacement, extra: IssueExtra | null): void {
  const photos = photosAt(input, placement);
  let y = drawTitle(canvas, design, grid, extra?.title ?? null, grid.top);
  const bottom = grid.top + grid.blockHeight;
  const w = grid.width;
  const natural = photos.map((p) => Math.min(w * frameRatio(p, 9 / 16), grid.blockHeight * 0.45));
  const captions = photos.reduce((s, p) => s + captionHeight(canvas, design, p, w, false) + 10, 0);
  // Photos keep their size while they and their captions fit the page, else shrink together.
  const scale = Math.max(0, Math.min(1, (bottom - y - captions) / Math.max(1, natural.reduce((a, b) => a + b, 0))));
  photos.forEach((p, k) => {
    y = drawFigure(canvas, design, p, k, grid.left, y, w, natural[k]! * scale, false, bottom) + 10;
  });
  const paragraphs = extra ? blocksFromDoc(extra.body).filter((b) => b.type !== 'caption' && b.text.trim() !== '').map((b) => b.text) : [];
  drawParagraphs(canvas, design, grid, paragraphs, y, bottom);
}

/** Paragraphs in two columns (the frames "<page>:body"), a paragraph continuing in the second
 *  column without a lone line at either end; what is left after the second column is overset. */
function drawParagraphs(canvas: PageCanvas, design: IssueDesign, grid: PageGrid, paragraphs: string[], top: number, bottom: number): void {
  if (paragraphs.length === 0) return;
  const spec = design.text.newsBody;
  const gutter = 2 * 9;
  const colW = (grid.width - gutter) / 2;
  const chain = [0, 1].map((c) => frameOf('body', grid.left + c * (colW + gutter), top, colW, bottom - top));
  let at = { frame: 0, top };
  paragraphs.forEach((text, k) => {
    const next = canvas.flow(spec, text, chain, at, { align: 'justify', indent: 2, source: { owner: canvas.key, blockIndex: 100 + k } });
    at = { frame: next.frame, top: next.top };
  });
}

/** 封四: the photo feature to the bleed, with series, title and credit under it. */
export function drawBackCover(canvas: PageCanvas, input: IssueLayoutInput, design: IssueDesign, extra: IssueExtra | null): void {
  const { trimW, trimH, bleed } = canvas.boxes;
  const photo = photosAt(input, 'back-cover')[0] ?? null;
  const margin = 16 * MM_TO_PT;
  const photoBottom = trimH - 48 * MM_TO_PT;
  canvas.image(-bleed, -bleed, trimW + 2 * bleed, photoBottom + bleed, photo?.id ?? null, photo ? photo.placeholder : true, photoLabel(photo, pageWord(design, canvas.key)), true);
  let y = photoBottom + 8 * MM_TO_PT;
  // Series, title and credit share the band under the photo down to 10 mm above the foot.
  const frame = frameOf('text', margin, y, trimW - 2 * margin, trimH - 10 * MM_TO_PT - y);
  const source = (blockIndex: number, part?: 'title' | 'credit') => ({ owner: canvas.key, blockIndex, ...(part ? { part } : {}) });
  if (extra?.series) y = canvas.text(design.text.backSeries, extra.series, { x: margin, top: y, width: trimW - 2 * margin, source: source(0), frame }).bottom + 4;
  const title = extra?.title ?? photo?.caption ?? '';
  if (title) y = canvas.text(design.text.backTitle, title, { x: margin, top: y, width: trimW - 2 * margin, source: source(-1, 'title'), frame }).bottom + 4;
  const credit = extra?.credit ?? photo?.credit ?? null;
  if (credit) canvas.text(design.text.backCredit, creditText(credit), { x: margin, top: y, width: trimW - 2 * margin, source: source(0, 'credit'), frame });
}
