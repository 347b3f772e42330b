// Paragraph styles and the default style sheet for the sample issue's kinds. Pure.

import { BLACK, type Color } from '../display-list';
import type { FontRole } from '../fonts/registry';
import type { KinsokuLevel } from '../paragraph/classes';
import { DEFAULT_PARAGRAPH_SETTINGS, type ParagraphSettings } from '../paragraph/compose';
import type { Alignment } from '../paragraph/justify';
import { sizeToPt, type SizeSpec } from './sizes';

export interface ParagraphStyle {
  font: { role: FontRole; weight: number };
  size: SizeSpec;
  /** Baseline pitch within the block, pt. Body text uses the page grid's pitch. */
  leadingPt: number;
  tracking: number;
  firstLineIndent: number;
  align: Alignment;
  lastLineAlign: Alignment;
  kinsoku: KinsokuLevel;
  color: Color;
  overprint: boolean;
  /** Grid lines left empty before / after the block (headings occupy whole grid lines). */
  spaceBeforeLines: number;
  spaceAfterLines: number;
  /** Body lines that must follow this block in the same column (§4.4). */
  keepWithNextLines: number;
}

export type StyleName =
  | 'body' | 'quote' | 'heading1' | 'heading2' | 'title' | 'subtitle' | 'byline' | 'authorInfo'
  | 'caption' | 'credit' | 'note' | 'banner' | 'endMark' | 'sectionLabel';

/** A character style: a span set in another face within a paragraph (bold, emphasis). */
export interface CharacterStyle {
  /** Font role; absent = the paragraph's role. */
  role?: FontRole;
  weight: number;
  /** Size in pt; absent = the paragraph's size. */
  sizePt?: number;
  color?: Color;
}

export type CharacterStyleName = 'strong' | 'emphasis';

export type StyleSheet = Record<StyleName, ParagraphStyle>;

/** Character styles by name; kept apart from the paragraph sheet, whose every entry is a ParagraphStyle. */
export type CharacterStyleSheet = Record<CharacterStyleName, CharacterStyle>;

const BODY: ParagraphStyle = {
  font: { role: 'song', weight: 400 },
  size: '小五',
  leadingPt: 15.5,
  tracking: 0,
  firstLineIndent: 2,
  align: 'justify',
  lastLineAlign: 'start',
  kinsoku: 'gb',
  color: BLACK,
  overprint: true,
  spaceBeforeLines: 0,
  spaceAfterLines: 0,
  keepWithNextLines: 0,
};

function style(over: Partial<ParagraphStyle>): ParagraphStyle {
  return { ...BODY, ...over };
}

export const DEFAULT_STYLES: StyleSheet = {
  body: BODY,
  quote: style({ font: { role: 'kai', weight: 400 } }),
  heading1: style({ font: { role: 'hei', weight: 700 }, size: '五号', leadingPt: 15.5, firstLineIndent: 0, align: 'center', lastLineAlign: 'center', spaceBeforeLines: 1, spaceAfterLines: 0, keepWithNextLines: 2 }),
  heading2: style({ font: { role: 'hei', weight: 400 }, size: '小五', firstLineIndent: 2, align: 'justify', lastLineAlign: 'start', keepWithNextLines: 2 }),
  title: style({ font: { role: 'hei', weight: 700 }, size: '二号', leadingPt: 30, firstLineIndent: 0, align: 'center', lastLineAlign: 'center', kinsoku: 'strict', overprint: false }),
  subtitle: style({ font: { role: 'song', weight: 700 }, size: '四号', leadingPt: 21, firstLineIndent: 0, align: 'center', lastLineAlign: 'center', kinsoku: 'strict', overprint: false }),
  byline: style({ font: { role: 'kai', weight: 400 }, size: '五号', leadingPt: 15.5, firstLineIndent: 0, align: 'center', lastLineAlign: 'center' }),
  authorInfo: style({ font: { role: 'song', weight: 400 }, size: '六号', leadingPt: 11, firstLineIndent: 0, align: 'justify', lastLineAlign: 'center' }),
  caption: style({ font: { role: 'kai', weight: 400 }, size: '六号', leadingPt: 11, firstLineIndent: 0 }),
  credit: style({ font: { role: 'song', weight: 400 }, size: 7, leadingPt: 11, firstLineIndent: 0, align: 'end', lastLineAlign: 'end' }),
  note: style({ firstLineIndent: 0, align: 'end', lastLineAlign: 'end' }),
  banner: style({ font: { role: 'hei', weight: 700 }, size: '五号', firstLineIndent: 0, align: 'center', lastLineAlign: 'center', spaceBeforeLines: 1, spaceAfterLines: 1, keepWithNextLines: 2 }),
  endMark: BODY,
  sectionLabel: style({ font: { role: 'hei', weight: 700 }, size: '小四', leadingPt: 15.5, firstLineIndent: 0, align: 'start', lastLineAlign: 'start', overprint: false }),
};

/**
 * Default character styles: bold is the paragraph's role at 700 (宋体 bold, 黑体 bold); emphasis is
 * 楷体 (Chinese practice never slants), falling back to the paragraph's role bold where 楷体 would
 * look no different from the paragraph (see blocks.ts).
 */
export const DEFAULT_CHARACTER_STYLES: CharacterStyleSheet = {
  strong: { weight: 700 },
  emphasis: { role: 'kai', weight: 400 },
};

export function sizePt(s: ParagraphStyle): number {
  return sizeToPt(s.size);
}

const settingsCache = new WeakMap<ParagraphStyle, ParagraphSettings>();

/** The composition settings a style implies (one object per style, so caches key on it cheaply). */
export function paragraphSettings(s: ParagraphStyle): ParagraphSettings {
  const cached = settingsCache.get(s);
  if (cached) return cached;
  const settings: ParagraphSettings = {
    ...DEFAULT_PARAGRAPH_SETTINGS,
    kinsoku: s.kinsoku,
    firstLineIndent: s.firstLineIndent,
    tracking: s.tracking,
    align: s.align,
    lastLineAlign: s.lastLineAlign,
  };
  settingsCache.set(s, settings);
  return settings;
}
