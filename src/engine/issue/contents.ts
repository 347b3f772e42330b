// 目录: generated from the laid-out issue. A 版头 (刊名, pinyin, year and issue) and the title on
// the first page; entries grouped by 栏目 (栏目 in a distinct face) with title lines, subtitle and
// the start page right-aligned in two digits; then the cover photo credit and the contents-page
// photo with its caption and credit. The caller gives the start folios; if the entries need
// more pages than reserved, the caller numbers the issue again with more. The head and every
// column are bounded frames ("contents:head", "contents:entries"): an entry taller than a whole
// column is drawn as far as it fits and the rest reported overset. Pure.

import type { Credit } from '../../shared/model';
import type { PageBoxes } from '../display-list';
import type { PageGrid } from '../flow/geometry';
import { titleText } from '../paragraph/title-breaks';
import { sizeToPt } from '../styles/sizes';
import { frameOf, leadingOf, PageCanvas, type TextContext } from './canvas';
import { fillWords, type IssueDesign } from './design';
import { creditText, photoLabel } from './photo-page';
import type { PhotoForLayout } from './types';

export interface ContentsEntry {
  /** Position of the article in issue order: the LineSource.blockIndex of its contents lines. */
  index: number;
  titleLines: string[];
  subtitle: string | null;
  folio: string;
}

export interface ContentsInput {
  title: string;
  pinyin: string;
  year: number;
  number: number;
  sections: { name: string; entries: ContentsEntry[] }[];
  coverCredit: Credit | null;
  photo: PhotoForLayout | null;
  /** Promo text printed at the end of the contents (WeChat …), if any. */
  promo: string | null;
}

interface Unit {
  height: number;
  draw(canvas: PageCanvas, x: number, top: number, w: number): void;
}

const ENTRY_GAP = 7;
const SECTION_GAP = 9;

export function layoutContents(ctx: TextContext, boxes: PageBoxes, grid: PageGrid, design: IssueDesign, input: ContentsInput): PageCanvas[] {
  const t = design.text;
  const canvases: PageCanvas[] = [];
  const newCanvas = (): PageCanvas => {
    const c = new PageCanvas(ctx, boxes, 'contents', 'toc');
    canvases.push(c);
    return c;
  };
  const first = newCanvas();
  const headTop = first.within(frameOf('head', grid.left, grid.top, grid.width, grid.blockHeight), () => drawHead(first, grid, design, input));

  const columns = Math.max(1, design.contentsColumns);
  const gutter = 3 * grid.bodySize;
  const colW = (grid.width - (columns - 1) * gutter) / columns;
  // The page-number box takes the widest number printed (three digits past page 99).
  const pageW = Math.ceil(Math.max(first.measure(t.tocPage, '00'), ...input.sections.flatMap((sec) => sec.entries.map((e) => first.measure(t.tocPage, e.folio))))) + 2;
  const titleW = colW - pageW - sizeToPt(t.tocPage.size);

  const units: Unit[] = [];
  // Identifies the face and spec the titles are measured in, for the title breaks' memo.
  const titleKey = `toc|${ctx.fonts.resolve(t.tocTitle.role, t.tocTitle.weight).key}|${JSON.stringify(t.tocTitle)}`;
  for (const section of input.sections) {
    const sectionH = leadingOf(t.tocSection) + 4;
    // A 栏目 name travels with its first entry.
    section.entries.forEach((entry, k) => {
      // Broken at the editor's lines, phrases or words, as the opener's title is (paragraph/title-breaks).
      const title = titleText(entry.titleLines, { width: titleW, measure: (s) => first.measure(t.tocTitle, s), measureBeginnings: (rest) => first.measureBeginnings(t.tocTitle, rest), names: ctx.names ?? null, kinsoku: 'strict', memoKey: titleKey });
      const titleH = first.lineCount(t.tocTitle, title, titleW) * leadingOf(t.tocTitle);
      const subH = entry.subtitle ? first.lineCount(t.tocSubtitle, entry.subtitle, titleW) * leadingOf(t.tocSubtitle) : 0;
      const withSection = k === 0;
      units.push({
        height: (withSection ? SECTION_GAP + sectionH : 0) + titleH + subH + ENTRY_GAP,
        draw(canvas, x, top, w) {
          let y = top;
          if (withSection) {
            y += SECTION_GAP;
            const r = canvas.text(t.tocSection, section.name, { x, top: y, width: w, source: { owner: 'toc', blockIndex: entry.index, part: 'sectionLabel' } });
            canvas.rule(x, r.bottom + 1, x + w, r.bottom + 1, 0.5, design.accent);
            y = r.bottom + 4;
          }
          const set = canvas.text(t.tocTitle, title, { x, top: y, width: titleW, kinsoku: 'strict', source: { owner: 'toc', blockIndex: entry.index, part: 'title' } });
          canvas.textAt(t.tocPage, entry.folio, { x: x + w - pageW, baseline: set.firstBaseline, width: pageW, align: 'end', source: { owner: 'toc', blockIndex: entry.index } });
          y = set.bottom;
          if (entry.subtitle) canvas.text(t.tocSubtitle, entry.subtitle, { x, top: y, width: titleW, source: { owner: 'toc', blockIndex: entry.index, part: 'subtitle' } });
        },
      });
    });
  }
  if (input.coverCredit) {
    const text = creditText(input.coverCredit);
    units.push({
      height: SECTION_GAP + leadingOf(t.tocCredit),
      draw: (canvas, x, top, w) => void canvas.text(t.tocCredit, text, { x, top: top + SECTION_GAP, width: w, source: { owner: 'toc', blockIndex: -1, part: 'credit' } }),
    });
  }
  const photo = input.photo;
  if (photo) {
    const frameH = colW * (photo.widthPx && photo.heightPx ? Math.min(1, photo.heightPx / photo.widthPx) : 2 / 3);
    const captionH = photo.caption ? first.lineCount(t.tocCaption, photo.caption, colW, { align: 'justify' }) * leadingOf(t.tocCaption) : 0;
    const creditH = photo.credit ? leadingOf(t.tocCredit) : 0;
    units.push({
      height: SECTION_GAP + frameH + 4 + captionH + creditH,
      draw(canvas, x, top, w) {
        const y0 = top + SECTION_GAP;
        canvas.image(x, y0, w, frameH, photo.id, photo.placeholder, photoLabel(photo, design.words.contentsTitle));
        let y = y0 + frameH + 4;
        if (photo.caption) y = canvas.text(t.tocCaption, photo.caption, { x, top: y, width: w, align: 'justify', source: { owner: 'toc', blockIndex: -3 } }).bottom;
        if (photo.credit) canvas.text(t.tocCredit, creditText(photo.credit), { x, top: y, width: w, align: 'end', source: { owner: 'toc', blockIndex: -3, part: 'credit' } });
      },
    });
  }
  if (input.promo) {
    const promo = input.promo;
    const h = first.lineCount(t.tocCaption, promo, colW) * leadingOf(t.tocCaption);
    units.push({ height: SECTION_GAP + h, draw: (canvas, x, top, w) => void canvas.text(t.tocCaption, promo, { x, top: top + SECTION_GAP, width: w, source: { owner: 'toc', blockIndex: -4 } }) });
  }

  // Fill columns, then pages.
  const bottom = grid.top + grid.blockHeight;
  let canvas = first;
  let col = 0;
  let top = headTop;
  let y = top;
  for (const unit of units) {
    if (y + unit.height > bottom && y > top) {
      col++;
      if (col >= columns) {
        canvas = newCanvas();
        col = 0;
        top = grid.top;
      }
      y = top;
    }
    const x = grid.left + col * (colW + gutter);
    const drawAt = y;
    canvas.within(frameOf('entries', x, top, colW, bottom - top), () => unit.draw(canvas, x, drawAt, colW));
    y += unit.height;
  }
  return canvases;
}

/** 版头 and title on the first contents page; answers where the entries start. */
function drawHead(canvas: PageCanvas, grid: PageGrid, design: IssueDesign, input: ContentsInput): number {
  const t = design.text;
  const src = (blockIndex: number) => ({ owner: 'toc', blockIndex: -100 - blockIndex });
  const mast = canvas.text(t.tocMasthead, input.title, { x: grid.left, top: grid.top, width: grid.width / 2, source: src(0) });
  canvas.text(t.tocIssue, input.pinyin, { x: grid.left, top: mast.bottom, width: grid.width / 2, source: src(1) });
  canvas.textAt(t.tocIssue, fillWords(design.words.yearIssue, { year: input.year, number: input.number }), {
    x: grid.left + grid.width / 2,
    baseline: mast.firstBaseline,
    width: grid.width / 2,
    align: 'end',
    source: src(2),
  });
  const ruleY = mast.bottom + leadingOf(t.tocIssue) + 4;
  canvas.rule(grid.left, ruleY, grid.left + grid.width, ruleY, 1.5, design.accent);
  const heading = canvas.text(t.tocHeading, design.words.contentsTitle, { x: grid.left, top: ruleY + 10, width: grid.width, source: src(3) });
  return heading.bottom + 6;
}
