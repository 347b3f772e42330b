// Domain types shared by every layer. Pure: no Electron, no DB driver, no DOM, no node built-ins.

import type { ArticleDoc } from './article-doc';

export type IssueStatus = 'planning' | 'editing' | 'proofing' | 'signed-off' | 'printed';

/** How a photo credit is printed: 摄影/吕亚南, 图/东城区人大, 本刊资料. */
export type CreditKind = '摄影' | '图' | '资料';

export interface Credit {
  kind: CreditKind;
  name: string;
  /** The credit exactly as printed in the source, when known (e.g. "本版摄影/吕亚南"). */
  raw?: string;
  /** "本版": the credit covers the whole page. */
  scope?: string;
}

export interface Publication {
  id: number;
  title: string;
  englishTitle: string;
  cn: string;
  cnLabel: string;
  sponsor: string;
  publisher: string;
  priceValue: string;
  trimWidthMm: number;
  trimHeightMm: number;
  /** Fonts, styles and page defaults; filled in by the engine issues. */
  settings: Record<string, unknown>;
}

export interface IssueSummary {
  id: number;
  year: number;
  number: number;
  totalNumber: number;
  publishDate: string; // ISO yyyy-mm-dd
  status: IssueStatus;
  sectionCount: number;
  articleCount: number;
  updatedAt: string;
}

export interface ArticleSummary {
  id: number;
  sectionId: number;
  position: number;
  /** Stable key from an import (seed id such as "a04"), or null for articles made in the app. */
  key: string | null;
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  pageBudget: number | null;
  charCount: number;
  revision: number;
}

export interface SectionOutline {
  id: number;
  position: number;
  name: string;
  articles: ArticleSummary[];
}

export interface Masthead {
  coverLines: string[];
  coverPhotoCredit: Credit | null;
  issueLinePrinted: string | null;
  publishDatePrinted: string | null;
  sponsor: string | null;
}

export interface IssueOutline {
  issue: IssueSummary;
  publication: Publication;
  masthead: Masthead;
  sections: SectionOutline[];
}

export interface Article {
  id: number;
  issueId: number;
  sectionId: number;
  position: number;
  key: string | null;
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  /** The byline line as printed when it carried more than the name ("张雪梅 / 市人大代表，…"). */
  bylineRaw: string | null;
  authorInfo: string | null;
  sectionLabel: string | null;
  body: ArticleDoc;
  endMark: boolean;
  endMarkGlyph: string | null;
  notes: string;
  pageBudget: number | null;
  /** Null: the article starts on a new page (the default); else it runs on after the previous
   *  article (接排) with a rule or a space between. */
  runOn: RunOn | null;
  /** Columns of the article's pages, 1–4; null: the publication's. */
  columns: number | null;
  printedStartPage: number | null;
  revision: number;
  updatedAt: string;
}

/** What separates a run-on (接排) article from the one before it. */
export type RunOn = 'rule' | 'space';

/** Fields an editor changes on an article; every field optional, the rest stays as it is. */
export interface ArticlePatch {
  titleLines?: string[];
  subtitle?: string | null;
  byline?: string | null;
  authorInfo?: string | null;
  body?: ArticleDoc;
  endMark?: boolean;
  notes?: string;
  pageBudget?: number | null;
  runOn?: RunOn | null;
  columns?: number | null;
}

export type PhotoPlacement = 'article' | 'cover' | 'inside-front-cover' | 'inside-back-cover' | 'back-cover' | 'contents';

export interface Photo {
  id: number;
  issueId: number;
  articleId: number | null;
  placement: PhotoPlacement;
  position: number;
  /** Path of the original inside the library folder; null for a placeholder (no file yet). */
  file: string | null;
  widthPx: number | null;
  heightPx: number | null;
  colorSpace: string | null;
  caption: string;
  credit: Credit | null;
}

export interface ColophonRow {
  label: string;
  value: string;
}

export interface EditorialBoard {
  heading: string;
  chair: string;
  viceChair: string;
  members: string[];
  note: string;
  roles: { chair: string; viceChair: string; members: string };
  /** The office marked the order of `members` as deliberate: no 姓名笔画 suggestion is made. The
   *  members print in the order entered either way (absent = not marked). */
  manualOrder?: boolean;
}

export interface Colophon {
  organisation: ColophonRow[];
  editorialBoard: EditorialBoard;
  chiefEditor: { role: string; name: string };
  editorialOfficeHeading: string;
  editorialOffice: { role: string; names: string[] }[];
  contacts: ColophonRow[];
  production: ColophonRow[];
  price: { label: string; value: string; amount: number; currency: string };
}

/** A printed piece outside the table of contents (封二 photo page, back-cover photo, promos). */
export interface IssueExtra {
  id: number;
  key: string;
  kind: string;
  placement: string;
  title: string | null;
  series: string | null;
  credit: Credit | null;
  body: ArticleDoc;
}

export interface PrintedTocEntry {
  pagePrinted: string;
  page: number;
  style: string;
  section: string;
  titleLines: string[];
  subtitle: string | null;
}
