// One page of the issue at thumbnail size, greeked as professional layout tools do at this scale:
// text lines are grey bars, image frames are boxes (crossed when they are placeholders), rules and
// boxes are drawn, and only large type (the back end keeps glyphs of 14 pt and more) is drawn from
// the fonts' outlines, so 64 pages stay light.

import { memo } from 'react';
import type { DisplayItem, DisplayPage, GlyphRun } from '../../shared/display-list';
import type { GlyphOutlineStore } from '../preview/glyph-outlines';
import type { PhotoImageStore } from '../preview/photo-images';
import { BoxShape, ImageFrameShape, screenColor } from '../preview/shapes';

const n = (v: number) => Number(v.toFixed(2));

/** Share of a line box's height its grey bar fills, centred on the x-height band. */
const BAR_SHARE = 0.55;

function LargeType({ run, glyphs }: { run: GlyphRun; glyphs: GlyphOutlineStore }) {
  const upem = glyphs.unitsPerEm(run.font);
  if (!upem) return null;
  const s = n(run.sizePt / upem);
  return (
    <g fill={screenColor(run.color)}>
      {run.glyphs.map((g, k) => {
        const id = glyphs.glyphId(run.font, g.gid);
        return id ? <use key={k} href={`#${id}`} transform={`translate(${n(run.x + g.dx)} ${n(run.y + (g.dy ?? 0))}) scale(${s} ${-s})`} /> : null;
      })}
    </g>
  );
}

function Item({ item, glyphs, photos }: { item: DisplayItem; glyphs: GlyphOutlineStore; photos?: PhotoImageStore }) {
  switch (item.kind) {
    case 'glyphs':
      return <LargeType run={item} glyphs={glyphs} />;
    case 'rule':
      return <line x1={item.x1} y1={item.y1} x2={item.x2} y2={item.y2} stroke={screenColor(item.color)} strokeWidth={Math.max(item.widthPt, 0.5)} />;
    case 'box':
      return <BoxShape item={item} />;
    case 'image':
      return <ImageFrameShape item={item} classPrefix="th" showLabel={false} href={photos?.hrefOf(item.photoId) ?? null} />;
  }
}

export interface ThumbnailPageProps {
  page: DisplayPage;
  /** CSS pixels per point. */
  scale: number;
  glyphs: GlyphOutlineStore;
  /** Bumped when glyph outlines arrive, so the memoised page redraws with them. */
  glyphsVersion: number;
  /** The placed photos (fetched along with the outlines, so glyphsVersion covers them too). */
  photos?: PhotoImageStore;
  label: string;
}

export const ThumbnailPage = memo(function ThumbnailPage({ page, scale, glyphs, photos, label }: ThumbnailPageProps) {
  const { trimW, trimH } = page.boxes;
  // Lines whose glyphs were kept (large type) are drawn as type; the others become bars.
  const drawnAsType = new Set<string>();
  for (const item of page.items) if (item.kind === 'glyphs' && item.lineId && item.glyphs.length > 0) drawnAsType.add(item.lineId);
  return (
    <svg className="th-page" width={n(trimW * scale)} height={n(trimH * scale)} viewBox={`0 0 ${n(trimW)} ${n(trimH)}`} role="img" aria-label={label}>
      <rect className="th-trim" x={0} y={0} width={trimW} height={trimH} />
      {page.items.map((item, k) => (
        <Item key={k} item={item} glyphs={glyphs} photos={photos} />
      ))}
      {page.lines
        .filter((line) => !drawnAsType.has(line.lineId) && line.w > 0)
        .map((line) => (
          <rect
            key={line.lineId}
            className="th-bar"
            x={n(line.x)}
            y={n(line.y + (line.h * (1 - BAR_SHARE)) / 2)}
            width={n(line.w)}
            height={n(line.h * BAR_SHARE)}
          />
        ))}
    </svg>
  );
});
