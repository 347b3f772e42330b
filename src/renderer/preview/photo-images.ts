// Photos for the page preview and the thumbnails, fetched once per photo as a screen-size JPEG and
// kept as data URLs: the frames show the photo the PDF places, cropped to the frame the same way.

import type { PhotoPreview } from '../../shared/api';
import type { DisplayPage } from '../../shared/display-list';

export type FetchPhoto = (photoId: number) => Promise<PhotoPreview>;

export class PhotoImageStore {
  private readonly urls = new Map<number, string | null>();

  /** Photos placed on the pages (not placeholders) that are not fetched yet. */
  missing(pages: readonly DisplayPage[]): number[] {
    const out = new Set<number>();
    for (const page of pages)
      for (const item of page.items) if (item.kind === 'image' && item.photoId !== null && !item.placeholder && !this.urls.has(item.photoId)) out.add(item.photoId);
    return [...out];
  }

  /** Fetches what the pages need; a photo that cannot be had (file missing) stays a plain frame. */
  async load(pages: readonly DisplayPage[], fetch: FetchPhoto): Promise<void> {
    await Promise.all(
      this.missing(pages).map((photoId) =>
        fetch(photoId).then(
          (p) => this.urls.set(photoId, `data:${p.mime};base64,${p.dataBase64}`),
          () => this.urls.set(photoId, null),
        ),
      ),
    );
  }

  /** The photo's image, or null while it is not loaded (or cannot be). */
  hrefOf(photoId: number | null): string | null {
    return photoId === null ? null : (this.urls.get(photoId) ?? null);
  }
}
