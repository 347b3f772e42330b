// The page preview beside the article editor: the pages the open article is set on, from the one
// layout of the issue the PDF is written from (with the unsaved draft, so it follows typing), drawn
// page by page with their folios, running heads and photos. A click on a line selects its
// text in the editor; the line holding the caret is highlighted.

import type { LexicalEditor } from 'lexical';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleLayout } from '../../shared/api';
import type { LineBox, LineSource } from '../../shared/display-list';
import type { ArticlePatch } from '../../shared/model';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { GlyphOutlineStore } from './glyph-outlines';
import { PhotoImageStore } from './photo-images';
import { PageView } from './PageView';
import { changedLineIds, previewMarks, type PreviewMark } from './correction-marks';
import type { Correction } from '../../shared/proof';
import { $caretPlace, type CaretPlace } from './source-text';
import './preview.css';

/** Pause after the last keystroke before laying out again. */
export const PREVIEW_DEBOUNCE_MS = 150;
const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 4;
/** Space around the pages inside the preview pane, px. */
const PANE_PADDING = 32;

type State = { kind: 'loading' } | { kind: 'ready'; layout: ArticleLayout } | { kind: 'failed'; error: unknown };

export interface PagePreviewProps {
  articleId: number;
  /** Unsaved edits, laid over the stored article. */
  draft: ArticlePatch;
  /** The body editor, for the caret highlight (null until it is mounted). */
  editor: LexicalEditor | null;
  onLineClick: (source: LineSource) => void;
  /** The article's corrections: the open ones are drawn at their lines. */
  corrections?: readonly Correction[];
  onCorrectionClick?: (correctionId: number) => void;
  /** Changed character ranges per block since the previous round: their lines are flagged. */
  changedRanges?: ReadonlyMap<number, readonly [number, number][]> | null;
}

/** The line holding a caret: same block, and the caret inside its range (at a boundary, the later line). */
export function lineAtCaret(lines: readonly LineBox[], caret: CaretPlace | null): LineBox | null {
  if (!caret) return null;
  let best: LineBox | null = null;
  for (const line of lines) {
    if (line.source.blockIndex !== caret.blockIndex || line.source.part === 'credit') continue;
    if (line.source.start <= caret.offset && caret.offset <= line.source.end) {
      if (!best || line.source.start >= best.source.start) best = line;
    }
  }
  return best;
}

function useCaret(editor: LexicalEditor | null): CaretPlace | null {
  const [caret, setCaret] = useState<CaretPlace | null>(null);
  useEffect(() => {
    if (!editor) return;
    const read = () => editor.getEditorState().read(() => $caretPlace());
    setCaret(read());
    return editor.registerUpdateListener(({ editorState }) => {
      const next = editorState.read(() => $caretPlace());
      setCaret((prev) => (prev?.blockIndex === next?.blockIndex && prev?.offset === next?.offset ? prev : next));
    });
  }, [editor]);
  return caret;
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

const NO_MARKS: readonly PreviewMark[] = [];

export function PagePreview({ articleId, draft, editor, onLineClick, corrections, onCorrectionClick, changedRanges }: PagePreviewProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const glyphs = useMemo(() => new GlyphOutlineStore(), []);
  const photos = useMemo(() => new PhotoImageStore(), []);
  const latest = useRef(0);
  const laidOutOnce = useRef(false);
  const pane = useRef<HTMLDivElement>(null);
  const paneWidth = useWidth(pane);
  const caret = useCaret(editor);

  useEffect(() => {
    laidOutOnce.current = false;
  }, [articleId]);

  useEffect(() => {
    const request = ++latest.current;
    const hasDraft = Object.keys(draft).length > 0;
    const timer = setTimeout(
      () => {
        const api = getApi();
        api
          .layoutArticle(hasDraft ? { articleId, draft } : { articleId })
          .then(async (layout) => {
            if (request !== latest.current) return;
            await Promise.all([
              glyphs.load(layout.pages, (font, gids) => api.getGlyphOutlines({ font, gids })),
              photos.load(layout.pages, (photoId) => api.getPhotoPreview({ photoId })),
            ]);
            // Only the newest request's answer is drawn; an older one arriving late is dropped.
            if (request !== latest.current) return;
            laidOutOnce.current = true;
            setState({ kind: 'ready', layout });
          })
          .catch((error: unknown) => {
            if (request === latest.current) setState({ kind: 'failed', error });
          });
      },
      laidOutOnce.current ? PREVIEW_DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [articleId, draft, glyphs, photos]);

  const layout = state.kind === 'ready' ? state.layout : null;
  const defs = useMemo(() => (layout ? glyphs.defsFor(layout.pages) : []), [layout, glyphs]);
  // The pages are the issue's: they also carry running heads, the colophon, a run-on neighbour.
  const allLines = useMemo(() => (layout ? layout.pages.flatMap((p) => p.lines.filter((l) => l.source.owner === layout.articleId)) : []), [layout]);
  const caretLineId = lineAtCaret(allLines, caret)?.lineId ?? null;
  // Keep the caret's line in sight as the editor moves through the article (line ids hold no quotes).
  useEffect(() => {
    if (!caretLineId) return;
    const el = pane.current?.querySelector(`[data-line-id="${caretLineId}"]`);
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [caretLineId]);
  const marks = useMemo(() => (layout && corrections ? previewMarks(layout.pages, articleId, corrections) : []), [layout, articleId, corrections]);
  const marksByPage = useMemo(() => {
    const byPage = new Map<number, PreviewMark[]>();
    for (const m of marks) byPage.set(m.pageIndex, [...(byPage.get(m.pageIndex) ?? []), m]);
    return byPage;
  }, [marks]);
  const changedLines = useMemo(() => (layout && changedRanges ? changedLineIds(layout.pages, articleId, changedRanges) : undefined), [layout, articleId, changedRanges]);
  // Only the article's own lines lead into its editor.
  const isOwnLine = useCallback((line: LineBox) => line.source.owner === articleId, [articleId]);
  const clickLine = useCallback((line: LineBox) => {
    if (isOwnLine(line)) onLineClick(line.source);
  }, [onLineClick, isOwnLine]);

  const trimW = layout?.pages[0]?.boxes.trimW ?? 0;
  const fitScale = trimW > 0 && paneWidth > PANE_PADDING ? (paneWidth - PANE_PADDING) / trimW : 1;
  const scale = zoom === 'fit' ? fitScale : zoom;
  const zoomBy = (factor: number) => setZoom(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale * factor)));

  const report = layout?.report;
  const problems = report
    ? [
        report.prohibitedBreaks > 0 && t('preview.problems.prohibitedBreaks', { count: report.prohibitedBreaks }),
        report.overStretchedLines > 0 && t('preview.problems.overStretched', { count: report.overStretchedLines }),
        report.singleCharacterLastLines > 0 && t('preview.problems.singleCharacter', { count: report.singleCharacterLastLines }),
        report.oversetBlocks > 0 && t('preview.problems.overset', { count: report.oversetBlocks }),
        report.missingGlyphs.length > 0 &&
          t('preview.problems.missingGlyphs', { count: report.missingGlyphs.length, chars: [...new Set(report.missingGlyphs.map((m) => m.char))].join('') }),
        report.pageBudget !== null && report.pages > report.pageBudget && t('preview.problems.overBudget', { pages: report.pages, budget: report.pageBudget }),
      ].filter((p): p is string => typeof p === 'string')
    : [];

  return (
    <aside className="page-preview" aria-label={t('preview.label')} data-testid="preview" data-state={state.kind}>
      <div className="pv-toolbar">
        <span className="pv-status" data-testid="preview-status">
          {report && t('preview.status', { pages: report.pages, lines: report.linesSet })}
          {report && problems.length === 0 && <span className="pv-clean">{t('preview.noProblems')}</span>}
          {problems.map((p) => (
            <span key={p} className="pv-problem">
              {p}
            </span>
          ))}
          {state.kind === 'loading' && t('preview.loading')}
        </span>
        <span className="pv-zoom">
          <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label={t('preview.zoomOut')} title={t('preview.zoomOut')}>
            −
          </button>
          <button type="button" onClick={() => setZoom('fit')} aria-pressed={zoom === 'fit'} title={t('preview.fitWidth')}>
            {t('preview.fitWidth')}
          </button>
          <button type="button" onClick={() => zoomBy(ZOOM_STEP)} aria-label={t('preview.zoomIn')} title={t('preview.zoomIn')}>
            +
          </button>
        </span>
      </div>
      <div className="pv-pages" ref={pane}>
        {/* A polite status, not an alert: the preview is secondary to the editor, and it retries as the editor types. */}
        {state.kind === 'failed' && (
          <p className="error" role="status" data-testid="preview-error">
            {t('preview.failed', { reason: errorText(state.error) })}
          </p>
        )}
        <svg className="pv-defs" aria-hidden="true" width={0} height={0}>
          <defs>
            {defs.map((g) => (
              <path key={g.id} id={g.id} d={g.d} />
            ))}
          </defs>
        </svg>
        {layout?.pages.map((page) => (
          <PageView
            key={page.index}
            page={page}
            scale={scale}
            glyphs={glyphs}
            photos={photos}
            isOwnLine={isOwnLine}
            caretLineId={caretLineId}
            onLineClick={clickLine}
            marks={marksByPage.get(page.index) ?? NO_MARKS}
            changedLines={changedLines}
            onMarkClick={onCorrectionClick}
            folioLabel={page.folio ? t('preview.folio', { folio: page.folio }) : t('preview.unnumbered', { index: page.index + 1 })}
          />
        ))}
      </div>
    </aside>
  );
}
