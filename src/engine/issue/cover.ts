// 封一: the masthead (刊名, the largest text on the cover), the registered English title noticeably
// smaller, the 刊名 pinyin, year, month and issue number with 总第N期 (typography.md §5: year,
// month and issue printed, the total number never replaces them), CN, the cover lines and the
// cover photo running to the bleed. Each text has its frame: the masthead and the issue block in
// the band above the rule, the cover lines between the rule and the photo (which stays where the
// design puts it: lines that do not fit above it are overset, not pushed into it), the promo at the
// foot. Pure.

import { blocksFromDoc, type ArticleDoc } from '../../shared/article-doc';
import { MM_TO_PT } from '../styles/sizes';
import { frameOf, type PageCanvas } from './canvas';
import { fillWords, type IssueDesign } from './design';
import { pageWord, photoLabel } from './photo-page';
import type { IssueLayoutInput } from './types';

export interface CoverParts {
  pinyin: string;
  /** "2026年1月" */
  yearMonth: string;
  /** "第1期" */
  issueNumber: string;
  /** "总第313期" */
  totalNumber: string;
}

export function coverParts(input: IssueLayoutInput, design: IssueDesign, pinyin: string): CoverParts {
  const month = Number(input.issue.publishDate.slice(5, 7));
  return {
    pinyin,
    yearMonth: fillWords(design.words.yearMonth, { year: input.issue.year, month }),
    issueNumber: fillWords(design.words.issueNumber, { number: input.issue.number }),
    totalNumber: fillWords(design.words.totalNumber, { total: input.issue.totalNumber }),
  };
}

export function drawCover(canvas: PageCanvas, input: IssueLayoutInput, design: IssueDesign, parts: CoverParts): void {
  const { trimW, trimH, bleed } = canvas.boxes;
  const t = design.text;
  const margin = 16 * MM_TO_PT;
  const src = (blockIndex: number) => ({ owner: 'cover', blockIndex });
  const pub = input.publication;

  // Masthead band: 刊名 left, issue block right.
  const mastheadTop = 12 * MM_TO_PT;
  const blockW = 44 * MM_TO_PT;
  const blockX = trimW - margin - blockW;
  const titleW = blockX - margin - 4 * MM_TO_PT;
  const bandBottom = design.cover.mastheadBandMm * MM_TO_PT;
  const mastFrame = frameOf('masthead', margin, mastheadTop, titleW, bandBottom - mastheadTop);
  const masthead = canvas.text(t.coverMasthead, pub.title, { x: margin, top: mastheadTop, width: titleW, kinsoku: 'strict', source: src(0), frame: mastFrame });
  const english = canvas.text(t.coverEnglish, pub.englishTitle, { x: margin, top: masthead.bottom + 2, width: titleW, source: src(1), frame: mastFrame });
  canvas.text(t.coverPinyin, parts.pinyin, { x: margin, top: english.bottom, width: titleW, source: src(2), frame: mastFrame });

  const issueFrame = frameOf('issue', blockX, mastheadTop, blockW, bandBottom - mastheadTop);
  let y = mastheadTop + 8;
  y = canvas.text(t.coverIssue, parts.yearMonth, { x: blockX, top: y, width: blockW, align: 'end', source: src(3), frame: issueFrame }).bottom;
  y = canvas.text(t.coverIssue, parts.issueNumber, { x: blockX, top: y, width: blockW, align: 'end', source: src(4), frame: issueFrame }).bottom;
  y = canvas.text(t.coverTotal, parts.totalNumber, { x: blockX, top: y + 2, width: blockW, align: 'end', source: src(5), frame: issueFrame }).bottom;
  canvas.text(t.coverCn, pub.cn, { x: blockX, top: y + 2, width: blockW, align: 'end', source: src(6), frame: issueFrame });

  canvas.rule(margin, bandBottom, trimW - margin, bandBottom, 1.5, design.accent);
  const linesTop = bandBottom + 8 * MM_TO_PT;
  if (input.masthead.sponsor)
    canvas.text(t.coverSponsor, input.masthead.sponsor, { x: margin, top: bandBottom + 4, width: trimW - 2 * margin, align: 'end', source: src(7), frame: frameOf('sponsor', margin, bandBottom + 4, trimW - 2 * margin, linesTop - bandBottom - 4) });

  // Cover lines between the band and the photo.
  const photoTop = design.cover.photoTopMm * MM_TO_PT;
  const linesFrame = frameOf('lines', margin, linesTop, trimW - 2 * margin, photoTop - 6 - linesTop);
  let lineTop = linesTop;
  input.masthead.coverLines.forEach((line, k) => {
    lineTop = canvas.text(t.coverLine, line, { x: margin, top: lineTop, width: trimW - 2 * margin, kinsoku: 'strict', source: src(10 + k), frame: linesFrame }).bottom;
  });

  // The cover photo to the bleed on three sides.
  const photo = input.photos.find((p) => p.placement === 'cover') ?? null;
  canvas.image(-bleed, photoTop, trimW + 2 * bleed, trimH + bleed - photoTop, photo?.id ?? null, photo ? photo.placeholder : true, photoLabel(photo, pageWord(design, 'cover')), true);

  // The promo printed on the cover (扫描关注 … 官方微博), small, at the foot over the photo.
  const promo = input.extras.find((e) => e.kind === 'promo' && /cover/iu.test(e.placement) && !/contents|table/iu.test(e.placement));
  if (promo) {
    const text = blockTexts(promo.body).join('\n');
    if (text) {
      const promoFrame = frameOf('promo', trimW - margin - 30 * MM_TO_PT, trimH - 22 * MM_TO_PT, 30 * MM_TO_PT, 22 * MM_TO_PT - 6 * MM_TO_PT);
      canvas.text(t.coverPromo, text, { x: promoFrame.x, top: promoFrame.y, width: promoFrame.width, align: 'end', source: { owner: 'cover', blockIndex: 20 }, frame: promoFrame });
    }
  }
}

export function blockTexts(doc: ArticleDoc): string[] {
  return blocksFromDoc(doc).map((b) => b.text).filter((s) => s.trim() !== '');
}
