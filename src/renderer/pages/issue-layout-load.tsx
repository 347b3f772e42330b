// Loading a whole-issue layout for the thumbnail views (版面 and 台版): fetched again whenever the
// outline changes, only the newest request reporting, and the large type's glyph outlines following
// the greeked pages once they arrive.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { QikanApi } from '../../shared/api';
import type { DisplayPage } from '../../shared/display-list';
import type { SectionOutline } from '../../shared/model';
import { getApi } from '../api/client';
import { GlyphOutlineStore, type GlyphDef } from '../preview/glyph-outlines';
import { PhotoImageStore } from '../preview/photo-images';
import { outlineSignature } from './page-facts';

export type IssueLayoutLoad<T> = { kind: 'loading' } | { kind: 'ready'; data: T; refreshing: boolean } | { kind: 'failed'; error: unknown };

export interface IssueLayout<T> {
  load: IssueLayoutLoad<T>;
  refresh: () => Promise<void>;
  glyphs: GlyphOutlineStore;
  /** The placed photos, drawn in their frames once fetched (counted in glyphsVersion). */
  photos: PhotoImageStore;
  /** Bumped whenever the store has new outlines (it fills in place). */
  glyphsVersion: number;
  /** The glyph outlines the loaded pages use, for one shared <defs>. */
  defs: GlyphDef[];
}

/**
 * Fetches `fetchLayout(api, issueId)` now and whenever the outline of `sections` changes.
 * `fetchLayout` and `pagesOf` must be stable (defined at module level).
 */
export function useIssueLayout<T>(
  issueId: number,
  sections: SectionOutline[],
  fetchLayout: (api: QikanApi, issueId: number) => Promise<T>,
  pagesOf: (data: T) => DisplayPage[],
): IssueLayout<T> {
  const [load, setLoad] = useState<IssueLayoutLoad<T>>({ kind: 'loading' });
  const [glyphsVersion, setGlyphsVersion] = useState(0);
  const glyphs = useMemo(() => new GlyphOutlineStore(), []);
  const photos = useMemo(() => new PhotoImageStore(), []);
  const latest = useRef(0);
  const signature = outlineSignature(sections);

  const refresh = useCallback(async () => {
    const request = ++latest.current;
    setLoad((l) => (l.kind === 'ready' ? { ...l, refreshing: true } : { kind: 'loading' }));
    try {
      const api = getApi();
      const data = await fetchLayout(api, issueId);
      if (request !== latest.current) return;
      setLoad({ kind: 'ready', data, refreshing: false });
      // Large type follows once its outlines are here; the greeked pages show at once.
      await Promise.all([
        glyphs.load(pagesOf(data), (font, gids) => api.getGlyphOutlines({ font, gids })),
        photos.load(pagesOf(data), (photoId) => api.getPhotoPreview({ photoId })),
      ]);
      if (request === latest.current) setGlyphsVersion((v) => v + 1);
    } catch (error) {
      // Only the newest request reports; an older one failing late changes nothing.
      if (request === latest.current) setLoad({ kind: 'failed', error });
    }
  }, [issueId, glyphs, photos, fetchLayout, pagesOf]);

  useEffect(() => {
    void refresh();
  }, [refresh, signature]);

  const ready = load.kind === 'ready' ? load.data : null;
  // glyphsVersion: the store fills in place, so a new version means new outlines to define.
  const defs = useMemo(() => (ready && glyphsVersion >= 0 ? glyphs.defsFor(pagesOf(ready)) : []), [ready, glyphs, glyphsVersion, pagesOf]);

  return { load, refresh, glyphs, photos, glyphsVersion, defs };
}

/** One hidden <defs> holding the glyph outlines every thumbnail refers to. */
export function GlyphDefs({ defs }: { defs: readonly GlyphDef[] }) {
  return (
    <svg className="ip-defs" aria-hidden="true" width={0} height={0}>
      <defs>
        {defs.map((g) => (
          <path key={g.id} id={g.id} d={g.d} />
        ))}
      </defs>
    </svg>
  );
}
