// The whole issue as the engine lays it out: covers, contents, colophon, openers, body pages.
// This file is the agreed interface between the page templates (src/engine/issue), the print
// PDF (src/pdf) and the export pipeline (src/node/export). Pure.

import type { Colophon, Credit, IssueExtra, Masthead, PhotoPlacement } from '../../shared/model';
import type { DisplayDocument } from '../display-list';
import type { LayoutArticle } from '../flow/blocks';
import type { CompositionReport } from '../report';

export interface PhotoForLayout {
  id: number;
  articleId: number | null;
  placement: PhotoPlacement;
  position: number;
  /** Pixel size of the original, or null for a placeholder (no file yet). */
  widthPx: number | null;
  heightPx: number | null;
  caption: string;
  credit: Credit | null;
  placeholder: boolean;
}

export interface IssueLayoutInput {
  publication: {
    title: string;
    englishTitle: string;
    /** Pinyin of the title (刊名汉语拼音), printed on the cover or the contents page head. */
    pinyin?: string;
    cn: string;
    cnLabel: string;
    sponsor: string;
    publisher: string;
    priceValue: string;
  };
  issue: {
    id: number;
    year: number;
    number: number;
    totalNumber: number;
    /** ISO yyyy-mm-dd */
    publishDate: string;
    publishDatePrinted: string | null;
  };
  masthead: Masthead;
  sections: { id: number; name: string; articles: (LayoutArticle & { id: number })[] }[];
  colophon: Colophon;
  extras: IssueExtra[];
  photos: PhotoForLayout[];
  /** Names no line breaks inside, besides those the issue prints (bylines, board, credits): the
   *  maintained list of leaders' and officials' names (resources/names/leaders.txt), read by the
   *  node side. */
  keepNames?: string[];
}

/** Where an article starts, as the contents print it. */
export interface ArticleStart {
  articleId: number;
  sectionId: number;
  pageIndex: number;
  folio: string;
}

export interface Bookmark {
  title: string;
  pageIndex: number;
  children: Bookmark[];
}

/** The baseline grid and columns an article is set on, in page coordinates (the 台版 copyfit counts
 *  the empty grid lines on it). */
export interface ArticleFrame {
  articleId: number;
  top: number;
  pitch: number;
  /** Grid lines per column. */
  lines: number;
  /** Column x ranges [x0, x1). */
  columns: [number, number][];
}

export interface IssueLayoutResult {
  /** Every page in print order, cover to back cover. Each page's `kind` is one of
   *  "cover" | "inside-front-cover" | "contents" | "colophon" | "opener" | "body" | "inside-back-cover" | "back-cover"
   *  (a page carrying both the 卷首语 and the colophon is "colophon"); `folio` is null on unnumbered pages. */
  document: DisplayDocument;
  report: CompositionReport;
  starts: ArticleStart[];
  /** PDF page labels: the printed folio, or 封一/封二/封三/封四 for the covers. */
  pageLabels: string[];
  /** Screen PDF outline: one entry per 栏目 with its articles. */
  bookmarks: Bookmark[];
  /** Image frames per photo, to embed the right image at the right place. */
  photoFrames: { photoId: number; pageIndex: number; x: number; y: number; w: number; h: number }[];
  /** Board members in the order printed: the order the office entered (unless the design asks for 姓名笔画). */
  boardOrder: string[];
  /** The board in 姓名笔画 order when the printed order is not, as a suggestion to the editor; null when it is. */
  strokeOrderSuggestion: string[] | null;
  /** The grid each article was set on. */
  articleFrames: ArticleFrame[];
}
