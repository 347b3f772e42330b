// A generated page being drawn: set short texts (cover, contents, colophon, heads) at given
// positions through the same paragraph composer the articles use, so kinsoku, punctuation
// widths and 均排 behave the same everywhere, plus rules and image frames. Every text is set into
// a bounded frame (the trim box unless the page names a smaller one): a line that would fall
// outside its frame is not drawn and is reported as overset with the page and the frame. Pure.

import { BLACK, type DisplayItem, type DisplayPage, type LineBox, type LineSource, type PageBoxes } from '../display-list';
import type { FontRegistry } from '../fonts/registry';
import { DEFAULT_PARAGRAPH_SETTINGS, naturalPrefixWidths, placedGlyphs, type ComposedLine, type ParagraphCache, type ParagraphSettings } from '../paragraph/compose';
import type { KinsokuLevel } from '../paragraph/classes';
import type { NameMatcher } from '../paragraph/keep';
import type { Alignment } from '../paragraph/justify';
import { appendReport, emptyReport, type CompositionReport } from '../report';
import { sizeToPt } from '../styles/sizes';
import type { TextSpec } from './design';

/** Items, lines and report drawn on a canvas, and where its line ids had got to. */
export interface CanvasDrawing {
  items: readonly DisplayItem[];
  lines: readonly LineBox[];
  report: CompositionReport;
  seq: number;
}

export interface TextContext {
  fonts: FontRegistry;
  cache: ParagraphCache;
  /** Names no line breaks inside. */
  names?: NameMatcher | null;
}

/** A bounded text frame in page coordinates. The report names it "<page kind>:<name>". */
export interface TextFrame {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export function frameOf(name: string, x: number, y: number, width: number, height: number): TextFrame {
  return { name, x, y, width: Math.max(0, width), height: Math.max(0, height) };
}

export function frameBottom(f: TextFrame): number {
  return f.y + f.height;
}

/** Rounding slack of the fit tests, pt. */
const FIT_EPS = 0.5;

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
  /** The frame the text must stay inside; the page's trim box when absent. */
  frame?: TextFrame;
}

export interface SetTextResult {
  lines: number;
  /** Bottom of the last line box as composed (past the frame when lines were overset). */
  bottom: number;
  /** Lines not drawn because they fell outside the frame. */
  overset: number;
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
  /** Frames set by within(): the innermost bounds texts that name no frame. */
  private readonly frames: TextFrame[] = [];

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
    const face = this.ctx.fonts.resolve(spec.role, spec.weight);
    return this.ctx.cache.measure(text, face, settingsFor('start', 'start', 0, spec.tracking ?? 0, 'gb')) * sizeToPt(spec.size);
  }

  /** measure() of every beginning of `rest` from one pass (undefined inside an atom; see naturalPrefixWidths). */
  measureBeginnings(spec: TextSpec, rest: string): (end: number) => number | undefined {
    const face = this.ctx.fonts.resolve(spec.role, spec.weight);
    return naturalPrefixWidths(rest, face, settingsFor('start', 'start', 0, spec.tracking ?? 0, 'gb'), sizeToPt(spec.size));
  }

  /** The trim box as a frame: what bounds a text given no frame of its own. */
  get trimFrame(): TextFrame {
    return frameOf('page', 0, 0, this.boxes.trimW, this.boxes.trimH);
  }

  /** Draw with `frame` bounding every text that names no frame of its own. */
  within<T>(frame: TextFrame, draw: () => T): T {
    this.frames.push(frame);
    try {
      return draw();
    } finally {
      this.frames.pop();
    }
  }

  private frameFor(o: Pick<SetTextOptions, 'frame'>): TextFrame {
    return o.frame ?? this.frames[this.frames.length - 1] ?? this.trimFrame;
  }

  /** Whether a line box at (x, top, width × leading) of set width `setW` lies inside the frame. */
  private inside(f: TextFrame, x: number, top: number, width: number, leading: number, setW: number): boolean {
    return (
      top >= f.y - FIT_EPS &&
      top + leading <= f.y + f.height + FIT_EPS &&
      x >= f.x - FIT_EPS &&
      x + width <= f.x + f.width + FIT_EPS &&
      setW <= width + FIT_EPS
    );
  }

  /** Record lines that did not fit, one entry per frame (lines add up). */
  private overset(frame: TextFrame, source: SetTextOptions['source'], lines: number, text: string): void {
    if (lines <= 0) return;
    const name = `${this.kind}:${frame.name}`;
    const known = this.report.oversetFrames.find((o) => o.frame === name);
    if (known) known.lines += lines;
    else this.report.oversetFrames.push({ page: 0, frame: name, owner: source.owner, blockIndex: source.blockIndex, lines, text });
  }

  private drawLine(spec: TextSpec, c: { size: number; faceKey: string }, line: ComposedLine, x: number, top: number, width: number, leading: number, source: SetTextOptions['source']): number {
    const baseline = top + EM_BOX_BASELINE * c.size + (leading - c.size) / 2;
    const lineId = `${this.key}:${source.part ?? source.blockIndex}:${this.seq++}`;
    this.items.push({
      kind: 'glyphs',
      font: c.faceKey,
      sizePt: c.size,
      color: spec.color ?? BLACK,
      x,
      y: baseline,
      glyphs: placedGlyphs(line.glyphSet, line.glyphStart, line.glyphEnd, c.size),
      lineId,
    });
    this.lines.push({
      lineId,
      x,
      y: top,
      w: width,
      h: leading,
      baseline,
      source: { owner: source.owner, blockIndex: source.blockIndex, start: line.charStart, end: line.charEnd, ...(source.part ? { part: source.part } : {}) },
      text: line.text,
    });
    const ref = { owner: source.owner, blockIndex: source.blockIndex, page: 0, text: line.text };
    this.report.linesSet++;
    if (line.prohibitedStart) this.report.prohibitedLineStarts.push(ref);
    if (line.prohibitedEnd) this.report.prohibitedLineEnds.push(ref);
    if (line.overfull) this.report.overfullLines.push(ref);
    if (line.brokenWord) this.report.brokenWords.push(ref);
    return baseline;
  }

  text(spec: TextSpec, text: string, o: SetTextOptions): SetTextResult {
    const c = this.compose(spec, text, o.width, o);
    const leading = leadingOf(spec);
    const frame = this.frameFor(o);
    let widthPt = 0;
    let firstBaseline = o.top + EM_BOX_BASELINE * c.size + (leading - c.size) / 2;
    let overset = 0;
    let firstOverset = '';
    c.lines.forEach((line, k) => {
      const top = o.top + k * leading;
      if (!this.inside(frame, o.x, top, o.width, leading, line.width * c.size)) {
        if (overset === 0) firstOverset = line.text;
        overset++;
        return;
      }
      const baseline = this.drawLine(spec, c, line, o.x, top, o.width, leading, o.source);
      if (k === 0) firstBaseline = baseline;
      widthPt = Math.max(widthPt, line.width * c.size);
    });
    this.overset(frame, o.source, overset, firstOverset);
    for (const m of c.missing) this.report.missingGlyphs.push({ owner: o.source.owner, blockIndex: o.source.blockIndex, char: m.char, font: m.font, offset: m.offset });
    return { lines: c.lines.length, bottom: o.top + c.lines.length * leading, overset, widthPt, firstBaseline };
  }

  /**
   * Set a paragraph through a chain of frames (columns): it starts at `at.top` in frame `at.frame`
   * and continues at the top of the next frame when one is full. A paragraph is not split so that
   * one line stands alone at a column foot (orphan) or head (widow) when it can be helped; lines
   * after the last frame are overset. Answers where the next paragraph starts.
   */
  flow(spec: TextSpec, text: string, chain: readonly TextFrame[], at: { frame: number; top: number }, o: Omit<SetTextOptions, 'x' | 'top' | 'width' | 'frame'>): { frame: number; top: number; overset: number } {
    const first = chain[at.frame];
    if (!first) return { ...at, overset: 0 };
    const c = this.compose(spec, text, first.width, o);
    const leading = leadingOf(spec);
    let f = at.frame;
    let top = at.top;
    let k = 0;
    const n = c.lines.length;
    while (k < n) {
      const frame = chain[f]!;
      const room = Math.max(0, Math.floor((frameBottom(frame) - top + FIT_EPS) / leading));
      let take = Math.min(room, n - k);
      const isFirstPart = k === 0;
      if (take < n - k) {
        if (n - k - take === 1 && take >= 2) take--; // no widow at the next column's head
        if (isFirstPart && take < 2 && n > 1) take = 0; // no orphan at this column's foot
      }
      if (take === 0 && top <= frame.y + FIT_EPS) take = Math.min(room, n - k); // an empty frame takes what it can
      for (let j = 0; j < take; j++) {
        const line = c.lines[k + j]!;
        if (!this.inside(frame, frame.x, top, frame.width, leading, line.width * c.size)) {
          this.overset(frame, o.source, 1, line.text);
        } else this.drawLine(spec, c, line, frame.x, top, frame.width, leading, o.source);
        top += leading;
      }
      k += take;
      if (k >= n) break;
      if (f + 1 >= chain.length) {
        this.overset(frame, o.source, n - k, c.lines[k]!.text);
        for (const m of c.missing) this.report.missingGlyphs.push({ owner: o.source.owner, blockIndex: o.source.blockIndex, char: m.char, font: m.font, offset: m.offset });
        return { frame: f, top: frameBottom(frame), overset: n - k };
      }
      f++;
      top = chain[f]!.y;
    }
    for (const m of c.missing) this.report.missingGlyphs.push({ owner: o.source.owner, blockIndex: o.source.blockIndex, char: m.char, font: m.font, offset: m.offset });
    return { frame: f, top, overset: 0 };
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

  /** Height a text would take at a width, pt. */
  heightOf(spec: TextSpec, text: string, widthPt: number, o: Pick<SetTextOptions, 'align' | 'indent'> = {}): number {
    return text === '' ? 0 : this.lineCount(spec, text, widthPt, o) * leadingOf(spec);
  }

  /** Whether the canvas has overset text so far. */
  get hasOverset(): boolean {
    return this.report.oversetFrames.length > 0;
  }

  rule(x1: number, y1: number, x2: number, y2: number, widthPt: number, color = BLACK): void {
    this.items.push({ kind: 'rule', x1, y1, x2, y2, widthPt, color });
  }

  /** `bleed`: the frame is meant to run past the trim (a photo to the bleed). */
  image(x: number, y: number, w: number, h: number, photoId: number | null, placeholder: boolean, label: string, bleed = false): void {
    this.items.push({ kind: 'image', x, y, w, h, photoId, placeholder, ...(label ? { label } : {}), ...(bleed ? { bleed } : {}) });
  }

  /** What is drawn here so far, to be laid onto another canvas of this key by replay(). */
  drawing(): CanvasDrawing {
    const report = emptyReport();
    appendReport(report, this.report, 0);
    return { items: this.items.slice(), lines: this.lines.slice(), report, seq: this.seq };
  }

  /** Draws a drawing made on a canvas of this key that held what this one holds now. */
  replay(d: CanvasDrawing): this {
    for (const item of d.items) this.items.push(item);
    for (const line of d.lines) this.lines.push(line);
    appendReport(this.report, d.report, 0);
    this.seq = d.seq;
    return this;
  }

  /** Line ids continue from `seq` (a canvas that stands in for one already holding lines). */
  continuing(seq: number): this {
    this.seq = seq;
    return this;
  }

  /** The next line id's sequence number. */
  get sequence(): number {
    return this.seq;
  }

  page(): Omit<DisplayPage, 'index' | 'folio'> {
    return { kind: this.kind, boxes: this.boxes, items: this.items, lines: this.lines };
  }
}
