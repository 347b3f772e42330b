// Glyph outlines for the page preview, fetched from the back end once per font and glyph and kept for
// the session: the screen draws the very glyphs the PDF embeds, without loading 15 MB fonts here.

import type { GlyphOutlines } from '../../shared/api';
import type { DisplayPage } from '../../shared/display-list';

export type FetchOutlines = (font: string, gids: number[]) => Promise<GlyphOutlines>;

/** The API takes at most this many glyph ids per request. */
const MAX_GIDS_PER_REQUEST = 10_000;

interface FontOutlines {
  /** Short, id-safe tag for SVG ids (font keys may hold any character). */
  tag: string;
  unitsPerEm: number | null;
  paths: Map<number, string>;
}

export interface GlyphDef {
  id: string;
  d: string;
}

export class GlyphOutlineStore {
  private readonly fonts = new Map<string, FontOutlines>();

  private fontOf(font: string): FontOutlines {
    let entry = this.fonts.get(font);
    if (!entry) {
      entry = { tag: `f${this.fonts.size}`, unitsPerEm: null, paths: new Map() };
      this.fonts.set(font, entry);
    }
    return entry;
  }

  /** The glyphs the pages use that are not loaded yet, per font. */
  missing(pages: readonly DisplayPage[]): Map<string, number[]> {
    const out = new Map<string, Set<number>>();
    for (const page of pages) {
      for (const item of page.items) {
        if (item.kind !== 'glyphs') continue;
        const known = this.fonts.get(item.font);
        for (const g of item.glyphs) {
          if (known?.paths.has(g.gid)) continue;
          let set = out.get(item.font);
          if (!set) out.set(item.font, (set = new Set()));
          set.add(g.gid);
        }
      }
    }
    return new Map([...out].map(([font, gids]) => [font, [...gids].sort((a, b) => a - b)]));
  }

  /** Fetches what the pages need and does not have yet. */
  async load(pages: readonly DisplayPage[], fetch: FetchOutlines): Promise<void> {
    const requests: Promise<void>[] = [];
    for (const [font, gids] of this.missing(pages)) {
      for (let k = 0; k < gids.length; k += MAX_GIDS_PER_REQUEST) {
        const chunk = gids.slice(k, k + MAX_GIDS_PER_REQUEST);
        requests.push(fetch(font, chunk).then((answer) => this.add(answer)));
      }
    }
    await Promise.all(requests);
  }

  add(answer: GlyphOutlines): void {
    const entry = this.fontOf(answer.font);
    entry.unitsPerEm = answer.unitsPerEm;
    for (const g of answer.glyphs) entry.paths.set(g.gid, g.d);
  }

  unitsPerEm(font: string): number | null {
    return this.fonts.get(font)?.unitsPerEm ?? null;
  }

  /** SVG id of a glyph's path, or null when its outline is not loaded or draws nothing (a space). */
  glyphId(font: string, gid: number): string | null {
    const entry = this.fonts.get(font);
    const d = entry?.paths.get(gid);
    return entry && d !== undefined && d !== '' ? `qkg-${entry.tag}-${gid}` : null;
  }

  /** The path definitions the pages draw, each once. */
  defsFor(pages: readonly DisplayPage[]): GlyphDef[] {
    const seen = new Set<string>();
    const defs: GlyphDef[] = [];
    for (const page of pages) {
      for (const item of page.items) {
        if (item.kind !== 'glyphs') continue;
        const entry = this.fonts.get(item.font);
        if (!entry) continue;
        for (const g of item.glyphs) {
          const d = entry.paths.get(g.gid);
          const id = `qkg-${entry.tag}-${g.gid}`;
          if (d === undefined || d === '' || seen.has(id)) continue;
          seen.add(id);
          defs.push({ id, d });
        }
      }
    }
    return defs;
  }
}
