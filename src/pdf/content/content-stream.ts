// Builds a page content stream as text, straight from the display list: glyph ids become hex
// strings in TJ arrays positioned with Tm, never pdf-lib's drawText (which re-encodes text per
// call and was the slowest part of a naive writer). Colours are DeviceCMYK (k/K) or the
// registration Separation; overprint is an ExtGState scoped in q … Q (print-pdf.md, pitfall 9).
// For the screen PDF the same builder writes DeviceRGB (rg/RG), converting CMYK simply.
// Pure.

import type { Box, Color, GlyphRun, ImageFrame, Rule } from '../../engine/display-list';
import type { PageGeometry } from '../geometry';
import { pdfNumber, roundAsWritten } from '../pdf-syntax';

/** Resource names shared by every page (one Resources dictionary for the whole document). */
export const OVERPRINT_GSTATE = 'GSop';
export const REGISTRATION_COLORSPACE = 'CSall';

/** What the content writer needs to know about an embedded font. */
export interface ContentFont {
  resourceName: string;
  hexByGid: ReadonlyMap<number, string>;
  /** Advance per original glyph id in 1/1000 em, exactly as /W states it. */
  widthByGid: ReadonlyMap<number, number>;
}

/** Placeholder frames: a light tint, a darker outline and cross, both K only. */
const FRAME_FILL: Color = { space: 'cmyk', c: 0, m: 0, y: 0, k: 0.08 };
const FRAME_LINE: Color = { space: 'cmyk', c: 0, m: 0, y: 0, k: 0.35 };
const FRAME_LINE_WIDTH = 0.5;

/** Below this a TJ adjustment (thousandths of an em) is rounding noise. */
const TJ_EPSILON = 0.0005;

function colorKey(color: Color): string {
  return color.space === 'registration' ? 'reg' : `${color.c} ${color.m} ${color.y} ${color.k}`;
}

function colorOperands(color: Color): string {
  if (color.space === 'registration') return '';
  return `${pdfNumber(color.c)} ${pdfNumber(color.m)} ${pdfNumber(color.y)} ${pdfNumber(color.k)}`;
}

export type ContentColorMode = 'cmyk' | 'rgb';

/** Naive CMYK → RGB for screen proofs (no profile): each ink darkens its complement, black all. */
export function rgbOf(color: Color): [number, number, number] {
  if (color.space === 'registration') return [0, 0, 0];
  const white = 1 - color.k;
  return [(1 - color.c) * white, (1 - color.m) * white, (1 - color.y) * white];
}

function rgbOperands(color: Color): string {
  return rgbOf(color).map(pdfNumber).join(' ');
}

/** Pure black ink (K100, no C/M/Y): the colour of text that should overprint in print. */
export function isPureBlack(color: Color): boolean {
  return color.space === 'cmyk' && color.c === 0 && color.m === 0 && color.y === 0 && color.k === 1;
}

/** No ink at all: never overprinted (it would vanish). */
export function isPaperWhite(color: Color): boolean {
  return color.space === 'cmyk' && color.c === 0 && color.m === 0 && color.y === 0 && color.k === 0;
}

interface GraphicsColors {
  fill: string | null;
  stroke: string | null;
  lineWidth: number | null;
}

export class ContentStreamBuilder {
  private readonly parts: string[] = [];
  private state: GraphicsColors = { fill: null, stroke: null, lineWidth: null };
  private readonly saved: GraphicsColors[] = [];

  constructor(
    private readonly geometry: PageGeometry,
    private readonly colorMode: ContentColorMode = 'cmyk',
  ) {}

  toString(): string {
    return this.parts.join('\n');
  }

  private x(displayX: number): string {
    return pdfNumber(this.geometry.trimLeft + displayX);
  }

  private y(displayY: number): string {
    return pdfNumber(this.geometry.trimTop - displayY);
  }

  private save(): void {
    this.parts.push('q');
    this.saved.push({ ...this.state });
  }

  private restore(): void {
    this.parts.push('Q');
    this.state = this.saved.pop() ?? { fill: null, stroke: null, lineWidth: null };
  }

  private setFill(color: Color): void {
    const key = colorKey(color);
    if (this.state.fill === key) return;
    this.state.fill = key;
    if (this.colorMode === 'rgb') this.parts.push(`${rgbOperands(color)} rg`);
    else this.parts.push(color.space === 'registration' ? `/${REGISTRATION_COLORSPACE} cs 1 scn` : `${colorOperands(color)} k`);
  }

  private setStroke(color: Color): void {
    const key = colorKey(color);
    if (this.state.stroke === key) return;
    this.state.stroke = key;
    if (this.colorMode === 'rgb') this.parts.push(`${rgbOperands(color)} RG`);
    else this.parts.push(color.space === 'registration' ? `/${REGISTRATION_COLORSPACE} CS 1 SCN` : `${colorOperands(color)} K`);
  }

  private setLineWidth(width: number): void {
    if (this.state.lineWidth === width) return;
    this.state.lineWidth = width;
    this.parts.push(`${pdfNumber(width)} w`);
  }

  /** A run of glyphs; `overprint` (default: the run's own flag) wraps it in q /GSop gs … Q. */
  glyphRun(run: GlyphRun, font: ContentFont, overprint = run.overprint === true): void {
    if (run.glyphs.length === 0) return;
    if (overprint) {
      this.save();
      this.parts.push(`/${OVERPRINT_GSTATE} gs`);
    }
    this.setFill(run.color);
    const size = run.sizePt;
    const ops: string[] = ['BT', `/${font.resourceName} ${pdfNumber(size)} Tf`];
    // The pen is tracked in run-relative pt from the values actually written, so rounding never accumulates.
    let pen = 0;
    let currentDy: number | null = null;
    let elements: string[] = [];
    let hexRun = '';
    let hasAdjustments = false;
    const flushShow = (): void => {
      if (hexRun) elements.push(`<${hexRun}>`);
      hexRun = '';
      if (elements.length === 0) return;
      ops.push(hasAdjustments || elements.length > 1 ? `[${elements.join('')}] TJ` : `${elements[0]} Tj`);
      elements = [];
      hasAdjustments = false;
    };
    for (const glyph of run.glyphs) {
      const hex = font.hexByGid.get(glyph.gid);
      const width = font.widthByGid.get(glyph.gid);
      if (hex === undefined || width === undefined) {
        throw new Error(`Glyph ${glyph.gid} was not collected for font ${font.resourceName}`);
      }
      const dy = glyph.dy ?? 0;
      if (dy !== currentDy) {
        // A vertical shift starts a new text position: absolute Tm, pen re-anchored at this glyph.
        flushShow();
        ops.push(`1 0 0 1 ${this.x(run.x + glyph.dx)} ${this.y(run.y + dy)} Tm`);
        currentDy = dy;
        pen = glyph.dx;
      } else {
        const adjustment = roundAsWritten(((pen - glyph.dx) * 1000) / size);
        if (Math.abs(adjustment) > TJ_EPSILON) {
          if (hexRun) elements.push(`<${hexRun}>`);
          hexRun = '';
          elements.push(pdfNumber(adjustment));
          hasAdjustments = true;
          pen -= (adjustment * size) / 1000;
        }
      }
      hexRun += hex;
      pen += (width * size) / 1000;
    }
    flushShow();
    ops.push('ET');
    this.parts.push(ops.join('\n'));
    if (overprint) this.restore();
  }

  /** Draws an image XObject at `drawn` (display coordinates), clipped to its frame. */
  image(frame: ImageFrame, drawn: { x: number; y: number; w: number; h: number }, resourceName: string): void {
    this.save();
    this.parts.push(
      `${this.rectangle(frame.x, frame.y, frame.w, frame.h)} W n`,
      `${pdfNumber(drawn.w)} 0 0 ${pdfNumber(drawn.h)} ${this.x(drawn.x)} ${this.y(drawn.y + drawn.h)} cm`,
      `/${resourceName} Do`,
    );
    this.restore();
  }

  /** Starts a clip to a rectangle in PDF user space, ended by endClip (q … Q). */
  beginClip(rect: { x: number; y: number; width: number; height: number }): void {
    this.save();
    this.parts.push(`${pdfNumber(rect.x)} ${pdfNumber(rect.y)} ${pdfNumber(rect.width)} ${pdfNumber(rect.height)} re W n`);
  }

  endClip(): void {
    this.restore();
  }

  /** A finished fragment in PDF user space that keeps its own graphics state (q … Q). */
  appendScoped(fragment: string): void {
    this.parts.push(fragment);
  }

  rule(rule: Rule): void {
    this.setStroke(rule.color);
    this.setLineWidth(rule.widthPt);
    this.parts.push(`${this.x(rule.x1)} ${this.y(rule.y1)} m ${this.x(rule.x2)} ${this.y(rule.y2)} l S`);
  }

  private rectangle(x: number, y: number, w: number, h: number): string {
    return `${this.x(x)} ${this.y(y + h)} ${pdfNumber(w)} ${pdfNumber(h)} re`;
  }

  box(box: Box): void {
    const stroked = box.stroke !== undefined && (box.strokeWidthPt ?? 1) > 0;
    if (!box.fill && !stroked) return;
    if (box.fill) this.setFill(box.fill);
    if (stroked && box.stroke) {
      this.setStroke(box.stroke);
      this.setLineWidth(box.strokeWidthPt ?? 1);
    }
    const paint = box.fill && stroked ? 'B' : box.fill ? 'f' : 'S';
    this.parts.push(`${this.rectangle(box.x, box.y, box.w, box.h)} ${paint}`);
  }

  /** The frame of an image: a light box with a cross. Its label is drawn by the caller as a glyph run. */
  imageFrame(frame: ImageFrame): void {
    this.setFill(FRAME_FILL);
    this.setStroke(FRAME_LINE);
    this.setLineWidth(FRAME_LINE_WIDTH);
    const left = this.x(frame.x);
    const right = this.x(frame.x + frame.w);
    const top = this.y(frame.y);
    const bottom = this.y(frame.y + frame.h);
    this.parts.push(
      `${this.rectangle(frame.x, frame.y, frame.w, frame.h)} B`,
      `${left} ${top} m ${right} ${bottom} l ${left} ${bottom} m ${right} ${top} l S`,
    );
  }
}
