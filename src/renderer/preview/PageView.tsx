// One page of the display list as SVG, drawn the way the PDF writer draws it: glyph runs from the
// fonts' own outlines, rules, boxes and image frames, in points from the trim box's top-left corner.
// Each line gets a transparent hit box carrying its source, so a click finds the text.

import { memo } from 'react';
import type { DisplayItem, DisplayPage, GlyphRun, LineBox } from '../../shared/display-list';
import { DEFAULT_PAGE, gridFor } from '../../engine/flow/geometry';
import type { GlyphOutlineStore } from './glyph-outlines';
import type { PhotoImageStore } from './photo-images';
import type { PreviewMark } from './correction-marks';
import { BoxShape, ImageFrameShape, screenColor } from './shapes';

const n = (v: number) => Number(v.toFixed(3));

// The type area of the default page the layout service uses; drawn faintly as a guide.
const DEFAULT_GRID = gridFor(DEFAULT_PAGE);

function Run({ run, glyphs }: { run: GlyphRun; glyphs: GlyphOutlineStore }) {
  const upem = glyphs.unitsPerEm(run.font);
  if (!upem) return null;
  const s = n(run.sizePt / upem);
  return (
    <g fill={screenColor(run.color)} data-line={run.lineId}>
      {run.glyphs.map((g, k) => {
        const id = glyphs.glyphId(run.font, g.gid);
        if (!id) return null;
        return <use key={k} href={`#${id}`} transform={`translate(${n(run.x + g.dx)} ${n(run.y + (g.dy ?? 0))}) scale(${s} ${-s})`} />;
      })}
    </g>
  );
}

function Item({ item, glyphs, photos }: { item: DisplayItem; glyphs: GlyphOutlineStore; photos?: PhotoImageStore }) {
  switch (item.kind) {
    case 'glyphs':
      return <Run run={item} glyphs={glyphs} />;
    case 'rule':
      return <line className="pv-rule" x1={item.x1} y1={item.y1} x2={item.x2} y2={item.y2} stroke={screenColor(item.color)} strokeWidth={item.widthPt} />;
    case 'box':
      return <BoxShape item={item} className="pv-box" />;
    case 'image':
      return <ImageFrameShape item={item} classPrefix="pv" showLabel href={photos?.hrefOf(item.photoId) ?? null} />;
  }
}

export interface PageViewProps {
  page: DisplayPage;
  /** CSS pixels per point. */
  scale: number;
  glyphs: GlyphOutlineStore;
  /** The photos placed on the page, drawn in their frames. */
  photos?: PhotoImageStore;
  /** Lines that lead into the open editor (the page also holds running heads and other texts). */
  isOwnLine?: (line: LineBox) => boolean;
  caretLineId: string | null;
  onLineClick: (line: LineBox) => void;
  folioLabel: string;
  /** Open corrections on this page, drawn over the anchored glyphs with a marker in the margin. */
  marks?: readonly PreviewMark[];
  /** Lines changed since the previous round, flagged in the margin. */
  changedLines?: ReadonlySet<string>;
  onMarkClick?: (correctionId: number) => void;
}

export const PageView = memo(function PageView({ page, scale, glyphs, photos, isOwnLine, caretLineId, onLineClick, folioLabel, marks, changedLines, onMarkClick }: PageViewProps) {
  const { trimW, trimH } = page.boxes;
  const grid = Math.abs(DEFAULT_GRID.trimW - trimW) < 0.5 && Math.abs(DEFAULT_GRID.trimH - trimH) < 0.5 ? DEFAULT_GRID : null;
  return (
    <figure className="pv-page-frame" data-page-index={page.index}>
      <svg
        className="pv-page"
        data-testid="preview-page"
        width={n(trimW * scale)}
        height={n(trimH * scale)}
        viewBox={`0 0 ${n(trimW)} ${n(trimH)}`}
        role="img"
        aria-label={folioLabel}
      >
        <rect className="pv-trim" x={0} y={0} width={trimW} height={trimH} />
        {grid && <rect className="pv-type-area" x={grid.left} y={grid.top} width={grid.width} height={grid.blockHeight} />}
        {page.items.map((item, k) => (
          <Item key={k} item={item} glyphs={glyphs} photos={photos} />
        ))}
        {(isOwnLine ? page.lines.filter(isOwnLine) : page.lines).map((line) => (
          <rect
            key={line.lineId}
            className={line.lineId === caretLineId ? 'pv-line pv-line-caret' : 'pv-line'}
            data-line-id={line.lineId}
            data-block={line.source.blockIndex}
            data-part={line.source.part}
            data-start={line.source.start}
            data-end={line.source.end}
            data-text={line.text}
            x={line.x}
            y={line.y}
            width={Math.max(line.w, 1)}
            height={Math.max(line.h, 1)}
            onClick={() => onLineClick(line)}
          />
        ))}
        {changedLines &&
          page.lines
            .filter((line) => changedLines.has(line.lineId))
            .map((line) => <rect key={`chg-${line.lineId}`} className="pv-changed" data-changed-line={line.lineId} x={Math.max(0, line.x - 9)} y={line.y} width={3} height={Math.max(line.h, 1)} />)}
        {marks?.map((m, k) => (
          <g key={`mk-${m.correctionId}-${k}`} className={`pv-correction pv-correction-${m.kind}`} data-correction-id={m.correctionId} onClick={() => onMarkClick?.(m.correctionId)}>
            {m.x2 > m.x1 ? (
              <rect className="pv-correction-box" x={m.x1} y={m.top} width={m.x2 - m.x1} height={Math.max(1, m.bottom - m.top)} />
            ) : (
              <line className="pv-correction-caret" x1={m.x1} y1={m.top} x2={m.x1} y2={m.bottom} />
            )}
            <line className="pv-correction-underline" x1={m.x1} y1={m.bottom + 0.8} x2={Math.max(m.x2, m.x1 + 2)} y2={m.bottom + 0.8} />
            {m.first && <circle className="pv-correction-marker" cx={Math.min(page.boxes.trimW - 6, m.lineRight + 8)} cy={(m.top + m.bottom) / 2} r={3.2} />}
          </g>
        ))}
      </svg>
      <figcaption className="pv-folio">{folioLabel}</figcaption>
    </figure>
  );
});
