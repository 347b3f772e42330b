// SVG for the non-text items of a display list (boxes and image frames), shared by the page preview
// and the page thumbnails; each passes its own class prefix for styling.

import type { Box, Color, ImageFrame } from '../../shared/display-list';

/** Screen colour of a print colour (a plain CMYK → RGB approximation, good enough on screen). */
export function screenColor(color: Color | undefined): string {
  if (!color || color.space === 'registration') return '#000';
  const channel = (ink: number) => Math.round(255 * (1 - Math.min(1, Math.max(0, ink))) * (1 - Math.min(1, Math.max(0, color.k))));
  return `rgb(${channel(color.c)}, ${channel(color.m)}, ${channel(color.y)})`;
}

export function BoxShape({ item, className }: { item: Box; className?: string }) {
  return (
    <rect
      className={className}
      x={item.x}
      y={item.y}
      width={item.w}
      height={item.h}
      fill={item.fill ? screenColor(item.fill) : 'none'}
      stroke={item.stroke ? screenColor(item.stroke) : 'none'}
      strokeWidth={item.strokeWidthPt ?? 0}
    />
  );
}

/** A photo frame: the photo itself when it is loaded (scaled to cover the frame and cropped to it, as
 *  the PDF places it); a placeholder (no file yet) is crossed, and its label shown when asked for. */
export function ImageFrameShape({ item, classPrefix, showLabel, href }: { item: ImageFrame; classPrefix: string; showLabel: boolean; href?: string | null }) {
  if (href && !item.placeholder) {
    return (
      <g className={`${classPrefix}-image ${classPrefix}-photo`} data-photo-id={item.photoId ?? undefined}>
        <image href={href} x={item.x} y={item.y} width={item.w} height={item.h} preserveAspectRatio="xMidYMid slice" />
      </g>
    );
  }
  return (
    <g className={item.placeholder ? `${classPrefix}-image ${classPrefix}-placeholder` : `${classPrefix}-image`} data-photo-id={item.photoId ?? undefined}>
      <rect x={item.x} y={item.y} width={item.w} height={item.h} />
      {item.placeholder && (
        <>
          <line x1={item.x} y1={item.y} x2={item.x + item.w} y2={item.y + item.h} />
          <line x1={item.x + item.w} y1={item.y} x2={item.x} y2={item.y + item.h} />
        </>
      )}
      {showLabel && item.label && (
        <text x={item.x + item.w / 2} y={item.y + item.h / 2} textAnchor="middle" dominantBaseline="middle">
          {item.label}
        </text>
      )}
    </g>
  );
}
