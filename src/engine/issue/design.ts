// The default design of the whole issue for a 大16开 (210×285 mm) government monthly: sizes, faces,
// colours and printed words of every page kind. Everything here is data, so a publication can
// override any part (Publication.settings) without touching the templates. Pure.

import { BLACK, type Color } from '../display-list';
import type { FontRole } from '../fonts/registry';
import { DEFAULT_PAGE, type PageSpec } from '../flow/geometry';
import type { SizeSpec } from '../styles/sizes';
import { DEFAULT_STYLES, type CharacterStyleSheet, type StyleSheet } from '../styles/styles';

/** A face, a size and a colour for one kind of generated text. */
export interface TextSpec {
  role: FontRole;
  weight: number;
  size: SizeSpec;
  /** Distance between baselines, pt (default 1.4 × size). */
  leadingPt?: number;
  color?: Color;
  /** Extra space after every character, em. */
  tracking?: number;
}

export type DesignTextName =
  | 'coverMasthead' | 'coverEnglish' | 'coverPinyin' | 'coverIssue' | 'coverTotal' | 'coverCn' | 'coverLine' | 'coverSponsor' | 'coverPromo'
  | 'runningHead' | 'runningSection' | 'folio'
  | 'tocMasthead' | 'tocIssue' | 'tocHeading' | 'tocSection' | 'tocTitle' | 'tocSubtitle' | 'tocPage' | 'tocCaption' | 'tocCredit'
  | 'colophonHeading' | 'colophonLabel' | 'colophonValue' | 'colophonNote'
  | 'photoPageTitle' | 'photoCaption' | 'photoCredit' | 'newsBody'
  | 'backSeries' | 'backTitle' | 'backCredit' | 'blankNote';

export interface IssueDesign {
  /** Page geometry and the baseline grid of the article pages. */
  page: PageSpec;
  /** Paragraph styles of the article pages. */
  styles: StyleSheet;
  /** Bold and emphasis within article paragraphs; the engine's defaults when absent. */
  characterStyles?: CharacterStyleSheet;
  /** Columns of article body pages. */
  columns: number;
  /** How justified paragraphs are broken (LayoutOptions.lineBreaking): 'optimum' when absent. */
  lineBreaking?: 'optimum' | 'greedy';
  /** The publication's colour: masthead, 栏目 names, rules. */
  accent: Color;
  /** Grey of hairlines. */
  ruleColor: Color;
  text: Record<DesignTextName, TextSpec>;
  /** Printed words (the issue is printed in Chinese whatever the UI language is). */
  words: {
    /** Page labels of the four covers (PDF page labels). */
    coverLabels: [string, string, string, string];
    contentsTitle: string;
    /** "{year}年{month}月", "第{number}期", "总第{total}期" patterns. */
    yearMonth: string;
    issueNumber: string;
    totalNumber: string;
    /** Contents-page head after the masthead: "{year}年第{number}期". */
    yearIssue: string;
    blankPage: string;
    /** On the pages an article slot without text holds for its budget: "{title}" is its title, "{page}/{pages}" the page of its budget. */
    reservedPage: string;
    boardNoteOpen: string;
    boardNoteClose: string;
  };
  /** The first section whose articles share page 01 with the colophon (卷首语). */
  frontSectionName: string;
  /** Page 01 (卷首语 beside the colophon): changes to the article grid, e.g. a closer pitch so the
   *  piece fits its page as printed. Styles on the article pitch follow the page's pitch. */
  frontPage: Partial<PageSpec>;
  /** Width of the colophon column on page 01, em of the body size. */
  colophonColumnEm: number;
  /** Label box of the colophon rows (均排), em of the colophon label size. */
  colophonLabelEm: number;
  /** Board members per row in the colophon. */
  boardNamesPerRow: number;
  /** 'given' (default): the board printed in the order the office entered, 姓名笔画 order only
   *  suggested; 'strokes': the publication asks for the board always printed in 姓名笔画 order. */
  boardOrder: 'strokes' | 'given';
  /** Smallest size the board's names step down to when a long board does not fit the colophon, pt
   *  (小六号); below it the names that do not fit are overset. */
  colophonBoardMinPt: number;
  /** Pages reserved for the contents before the articles are numbered (grown when needed). */
  contentsPages: number;
  contentsColumns: number;
  /** Total page count is padded to a multiple of this (signatures); 1 = no padding. */
  pageMultiple: number;
  /** Preflight warns about an article page whose text and pictures cover less than this share of
   *  the type area (0–1; 0 = never). Blank pad pages are meant to be empty and are not checked. */
  minPageFill: number;
  /** Running head baseline, mm from the top trim. */
  headBaselineMm: number;
  cover: {
    /** Height of the masthead band, mm. */
    mastheadBandMm: number;
    /** Top of the cover photo, mm; the photo runs to the bleed at the foot. */
    photoTopMm: number;
  };
}

const ACCENT: Color = { space: 'cmyk', c: 0, m: 1, y: 1, k: 0.15 };
const GREY: Color = { space: 'cmyk', c: 0, m: 0, y: 0, k: 0.5 };

export const DEFAULT_ISSUE_DESIGN: IssueDesign = {
  page: DEFAULT_PAGE,
  styles: DEFAULT_STYLES,
  columns: 2,
  accent: ACCENT,
  ruleColor: GREY,
  text: {
    coverMasthead: { role: 'hei', weight: 700, size: 76, color: ACCENT, tracking: 0.08 },
    coverEnglish: { role: 'hei', weight: 400, size: 10.5, color: ACCENT, tracking: 0.12 },
    coverPinyin: { role: 'hei', weight: 400, size: 9, color: BLACK, tracking: 0.4 },
    coverIssue: { role: 'hei', weight: 700, size: 16, color: BLACK },
    coverTotal: { role: 'hei', weight: 400, size: 10.5, color: BLACK },
    coverCn: { role: 'hei', weight: 400, size: 9, color: BLACK },
    coverLine: { role: 'hei', weight: 700, size: 20, leadingPt: 28, color: BLACK },
    coverSponsor: { role: 'song', weight: 400, size: 9, color: BLACK },
    coverPromo: { role: 'song', weight: 400, size: 7.5, leadingPt: 10, color: BLACK },
    runningHead: { role: 'song', weight: 400, size: 7.5, color: BLACK },
    runningSection: { role: 'hei', weight: 700, size: 7.5, color: ACCENT },
    folio: { role: 'hei', weight: 700, size: 10.5, color: BLACK },
    tocMasthead: { role: 'hei', weight: 700, size: 28, color: ACCENT, tracking: 0.05 },
    tocIssue: { role: 'song', weight: 400, size: 9, color: BLACK },
    tocHeading: { role: 'hei', weight: 700, size: 22, color: BLACK, tracking: 1 },
    tocSection: { role: 'hei', weight: 700, size: 12, leadingPt: 18, color: ACCENT },
    tocTitle: { role: 'song', weight: 700, size: 10.5, leadingPt: 15, color: BLACK },
    tocSubtitle: { role: 'kai', weight: 400, size: 9, leadingPt: 13, color: BLACK },
    tocPage: { role: 'hei', weight: 700, size: 10.5, leadingPt: 15, color: ACCENT },
    tocCaption: { role: 'kai', weight: 400, size: 7.5, leadingPt: 11, color: BLACK },
    tocCredit: { role: 'song', weight: 400, size: 7, leadingPt: 11, color: BLACK },
    colophonHeading: { role: 'hei', weight: 700, size: 9, leadingPt: 14, color: ACCENT },
    colophonLabel: { role: 'hei', weight: 400, size: 7.5, leadingPt: 12, color: BLACK },
    colophonValue: { role: 'song', weight: 400, size: 7.5, leadingPt: 12, color: BLACK },
    colophonNote: { role: 'song', weight: 400, size: 7, leadingPt: 12, color: BLACK },
    photoPageTitle: { role: 'hei', weight: 700, size: 22, leadingPt: 30, color: BLACK },
    photoCaption: { role: 'kai', weight: 400, size: 9, leadingPt: 14, color: BLACK },
    photoCredit: { role: 'song', weight: 400, size: 7, leadingPt: 11, color: BLACK },
    newsBody: { role: 'song', weight: 400, size: 9, leadingPt: 15.5, color: BLACK },
    backSeries: { role: 'hei', weight: 400, size: 10.5, color: BLACK, tracking: 0.2 },
    backTitle: { role: 'hei', weight: 700, size: 22, color: BLACK, tracking: 0.2 },
    backCredit: { role: 'song', weight: 400, size: 9, color: BLACK },
    blankNote: { role: 'song', weight: 400, size: 9, color: GREY },
  },
  words: {
    coverLabels: ['封一', '封二', '封三', '封四'],
    contentsTitle: '目录',
    yearMonth: '{year}年{month}月',
    issueNumber: '第{number}期',
    totalNumber: '总第{total}期',
    yearIssue: '{year}年第{number}期',
    blankPage: '（本页空白）',
    reservedPage: '预留版面：{title}　第{page}/{pages}页',
    boardNoteOpen: '（',
    boardNoteClose: '）',
  },
  frontSectionName: '卷首语',
  frontPage: { pitchPt: 14, marginBottomMm: 20 },
  colophonColumnEm: 15,
  colophonLabelEm: 6,
  boardNamesPerRow: 4,
  boardOrder: 'given',
  colophonBoardMinPt: 6.5,
  contentsPages: 2,
  contentsColumns: 2,
  pageMultiple: 4,
  minPageFill: 0.25,
  headBaselineMm: 13,
  cover: { mastheadBandMm: 62, photoTopMm: 108 },
};

/** Deep-merge a partial design (as a publication stores it) over the defaults. */
export function designWith(over: DeepPartial<IssueDesign> | undefined, base: IssueDesign = DEFAULT_ISSUE_DESIGN): IssueDesign {
  return over ? (mergeDeep(base, over) as IssueDesign) : base;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

function mergeDeep(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof over !== 'object' || over === null || Array.isArray(over)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) out[k] = mergeDeep((base as Record<string, unknown>)[k], v);
  return out;
}

/** Fill "{name}" placeholders of a printed-word pattern. */
export function fillWords(pattern: string, values: Record<string, string | number>): string {
  return pattern.replace(/\{(\w+)\}/gu, (m, k: string) => (k in values ? String(values[k]) : m));
}
