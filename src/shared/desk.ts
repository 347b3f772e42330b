// The editor's desk as the API carries it: planning (new issues, flatplan, copyfit), search and
// manuscript import. Pure.

import type { DocBlock } from './article-doc';

export type CopyfitState = 'fits' | 'over' | 'under' | 'no-budget';

export interface ArticleFit {
  articleId: number;
  sectionId: number;
  title: string;
  pageBudget: number | null;
  /** Pages the article takes as laid out now (a fraction when it shares its last page). */
  pagesTaken: number;
  /** Whole pages from its first to its last page. */
  pageSpan: number;
  copyfit: { state: CopyfitState; lines: number };
  status: string;
}

export interface FlatplanPage {
  index: number;
  label: string;
  kind: string;
  articleId: number | null;
  sectionName: string | null;
}

export interface Flatplan {
  issueId: number;
  pages: FlatplanPage[];
  /** 16-page press forms (印张): page index ranges [start, end]. */
  forms: { index: number; start: number; end: number }[];
  articles: ArticleFit[];
}

export interface SearchHit {
  issueId: number;
  issueLabel: string;
  articleId: number;
  articleTitle: string;
  field: 'title' | 'subtitle' | 'byline' | 'authorInfo' | 'body';
  /** Body hits: the block and the character range of the match in its text. */
  blockIndex: number;
  start: number;
  end: number;
  /** Text around the hit, with the match at [snippetStart, snippetEnd). */
  snippet: string;
  snippetStart: number;
  snippetEnd: number;
}

/** A manuscript read but not yet saved: the editor reviews it before it replaces anything. */
export interface ManuscriptPreview {
  fileName: string;
  format: 'docx' | 'text' | 'markdown';
  /** Text files: the encoding detected (utf-8, utf-8-bom, gb18030). */
  encoding: string | null;
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  blocks: DocBlock[];
  /** Paragraph joins made for text broken mid-sentence; each can be undone before commit. */
  joins: { blockIndex: number; offset: number; before: string; after: string }[];
  /** Embedded images found (docx): they become photo blocks with placeholder credits. */
  images: { name: string; widthPx: number | null; heightPx: number | null }[];
  warnings: { code: string; params: Record<string, string | number> }[];
}
