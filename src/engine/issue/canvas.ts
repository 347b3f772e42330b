// A generated page being drawn: set short texts (cover, contents, colophon, heads) at given
// positions through the same paragraph composer the articles use, so kinsoku, punctuation
// widths and 均排 behave the same everywhere, plus rules and image frames. Pure.

import { BLACK, type DisplayItem, type DisplayPage, type LineBox, type LineSource, type PageBoxes } from '../display-list';
import type { FontRegistry } from '../fonts/registry';
import { DEFAULT_PARAGRAPH_SETTINGS, type ComposedLine, type ParagraphCache, type ParagraphSettings } from '../paragraph/compose';
import type { KinsokuLevel } from '../paragraph/classes';
import type { NameMatcher } from '../paragraph/keep';
import type { Alignment } from '../paragraph/justify';
import { emptyReport, type CompositionReport } from '../report';
import { sizeToPt } from '../styles/sizes';
import type { TextSpec } from './design';

export interface TextContext {
  fonts: FontRegistry;
  cache: ParagraphCache;
  /** Names no line breaks inside. */
  names?: NameMatcher | null;
}

export interface SetTextOptions {
  x: number;
  /** Top of the first line box. */
  top: number;
  width: number;
  align?: Alignment;
  lastAlign?: Alignment;
  /** First-line indent, em. */
  indent?: number;
  kinsoku?: KinsokuLevel;
  source: Pick<LineSource, 'owner' | 'blockIndex' | 'part'>;
}

export interface SetTextResult {
  lines: number;
  /** Bottom of the last line box. */
  bottom: number;
  /** Widest line as set, pt. */
  widthPt: number;
  /** Baseline of the first line. */
  firstBaseline: number;
}

const EM_BOX_BASELINE = 0.88;
const settingsByKey = new Map<string, ParagraphSettings>();

function settingsFor(align: Alignment, lastAlign: Alignment, indent: number, tracking: number, kinsoku: KinsokuLevel): ParagraphSettings {
  const key = [align, lastAlign, indent, tracking, kinsoku].join('|');
  let s = settingsByKey.get(key);
  if (!s) {
    s = { ...DEFAULT_PARAGRAPH_SETTINGS, align, lastLineAlign: lastAlign, firstLineIndent: indent, tracking, kinsoku, lastLineMinEm: 0 };
    settingsByKey.set(key, s);
  }
  return s;
}

export function leadingOf(spec: TextSpec): number {
  return spec.leadingPt ?? sizeToPt(spec.size) * 1.4;
}

export class PageCanvas {
  readonly items: DisplayItem[] = [];
  readonly lines: LineBox[] = [];
  /** What was set here, page numbers relative to this page (0). */
  readonly report: CompositionReport = emptyReport();
  private seq = 0;

  constructor(
    private readonly ctx: TextContext,
    readonly boxes: PageBoxes,
    readonly kind: string,
    readonly key: string,
  ) {}

  private compose(spec: TextSpec, text: string, widthPt: number, o: Pick<SetTextOptions, 'align' | 'lastAlign' | 'indent' | 'kinsoku'>): { lines: ComposedLine[]; size: number; missing: { char: string; font: string; offset: number }[]; faceKey: string; shortLast: boolean } {
    const size = sizeToPt(spec.size);
    const face = this.ctx.fonts.resolve(spec.role, spec.weight);
    const align = o.align ?? 'start';
    const settings = settingsFor(align, o.lastAlign ?? (align === 'justify' ? 'start' : align), o.indent ?? 0, spec.tracking ?? 0, o.kinsoku ?? 'gb');
    const composed = this.ctx.cache.compose(text, face, settings, widthPt / size, [], this.ctx.names ? { names: this.ctx.names } : undefined);
    return { lines: composed.lines, size, missing: composed.missing, faceKey: face.key, shortLast: composed.shortLastLine };
  }

  /** Width of a text set on one line at its natural width, pt. */
  measure(spec: TextSpec, text: string): number {
    const c = this.compose(spec, text, 100_000, {});
    return Math.max(0, ...c.lines.map((l) => l.width)) * c.size;
  }

  text(spec: TextSpec, text: string, o: SetTextOptions): SetTextResult {
    const c = this.compose(spec, text, o.width, o);
    const leading = leadingOf(spec);
    let widthPt = 0;
    let firstBaseline = o.top + EM_BOX_BASELINE * c.size;
    c.lines.forEach((line, k) => {
      const top = o.top + k * leading;
      const baseline = top + EM_BOX_BASELINE * c.size + (leading - c.size) / 2;
      if (k === 0) firstBaseline = baseline;
      const lineId = `${this.key}:${o.source.part ?? o.source.blockIndex}:${this.seq++}`;
      this.items.push({
        kind: 'glyphs',
        font: c.faceKey,
        sizePt: c.size,
        color: spec.color ?? BLACK,
        x: o.x,
        y: baseline,
        glyphs: line.glyphs.map((g) => ({ gid: g.gid, dx: g.x * c.size, advance: g.advance, text: g.text })),
        lineId,
      });
      this.lines.push({
        lineId,
        x: o.x,
        y: top,
        w: o.width,
        h: leading,
        baseline,
        source: { owner: o.source.owner, blockIndex: o.source.blockIndex, start: line.charStart, end: line.charEnd, ...(o.source.part ? { part: o.source.part } : {}) },
        text: line.text,
      });
      widthPt = Math.max(widthPt, line.width * c.size);
      const ref = { owner: o.source.owner, blockIndex: o.source.blockIndex, page: 0, text: line.text };
      this.report.linesSet++;
      if (line.prohibitedStart) this.report.prohibitedLineStarts.push(ref);
      if (line.prohibitedEnd) this.report.prohibitedLineEnds.push(ref);
    });
    for (const m of c.missing) this.report.missingGlyphs.push({ owner: o.source.owner, blockIndex: o.source.blockIndex, char: m.char, font: m.font, offset: m.offset });
    return { lines: c.lines.length, bottom: o.top + c.lines.length * leading, widthPt, firstBaseline };
  }

  /** Set one line so that its baseline falls at `baseline`. */
  textAt(spec: TextSpec, text: string, o: Omit<SetTextOptions, 'top'> & { baseline: number }): SetTextResult {
    const size = sizeToPt(spec.size);
    const top = o.baseline - EM_BOX_BASELINE * size - (leadingOf(spec) - size) / 2;
    return this.text(spec, text, { ...o, top });
  }

  /** Lines a text would take at a width (to plan before drawing). */
  lineCount(spec: TextSpec, text: string, widthPt: number, o: Pick<SetTextOptions, 'align' | 'indent'> = {}): number {
    return this.compose(spec, text, widthPt, o).lines.length;
  }

  rule(x1: number, y1: number, x2: number, y2: number, widthPt: number, color = BLACK): void {
    this.items.push({ kind: 'rule', x1, y1, x2, y2, widthPt, color });
  }

  image(x: number, y: number, w: number, h: number, photoId: number | null, placeholder: boolean, label: string): void {
    this.items.push({ kind: 'image', x, y, w, h, photoId, placeholder, ...(label ? { label } : {}) });
  }

  page(): Omit<DisplayPage, 'index' | 'folio'> {
    return { kind: this.kind, boxes: this.boxes, items: this.items, lines: this.lines };
  }
}
