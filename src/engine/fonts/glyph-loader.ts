// Font bytes whose glyph outlines arrive on demand. A CJK face is ~95 % glyf table, yet a layout
// touches only a few thousand of its 30,000 glyphs; the Node side hands in bytes with every other
// table present and the glyf table zero-filled (untouched pages cost no memory), and registers a
// loader that copies one glyph's outline into place. Every glyph fontkit reads goes through
// `_getBaseGlyph` first (cmap lookups, GSUB results, composite components, the subsetter), so
// loading there makes the parsed font behave exactly as over the whole file. Pure.

/** Copies glyph `gid`'s glyf record into the registered bytes (idempotent). */
export type GlyphLoader = (gid: number) => void;

/** Loads many glyphs at once (a PDF subset's thousands: fewer, larger reads). */
export type GlyphBatchLoader = (gids: readonly number[]) => void;

const loaders = new WeakMap<Uint8Array, GlyphLoader>();
const batchLoaders = new WeakMap<Uint8Array, GlyphBatchLoader>();

export function registerGlyphLoader(bytes: Uint8Array, loader: GlyphLoader, batch?: GlyphBatchLoader): void {
  loaders.set(bytes, loader);
  if (batch) batchLoaders.set(bytes, batch);
}

/** Loads glyph `gid` into lazily read bytes (nothing for bytes read whole). */
export function requestGlyph(bytes: Uint8Array, gid: number): void {
  loaders.get(bytes)?.(gid);
}

/** Loads every glyph of `gids` into lazily read bytes. */
export function requestGlyphs(bytes: Uint8Array, gids: readonly number[]): void {
  const batch = batchLoaders.get(bytes);
  if (batch) batch(gids);
  else {
    const one = loaders.get(bytes);
    if (one) for (const gid of gids) one(gid);
  }
}

export function hasGlyphLoader(bytes: Uint8Array): boolean {
  return loaders.has(bytes);
}

interface FontkitInternals {
  _getBaseGlyph?: (gid: number, characters?: number[]) => unknown;
}

/** Makes a font parsed from `bytes` load each glyph before fontkit first reads it. */
export function attachGlyphLoader<T extends object>(font: T, bytes: Uint8Array): T {
  const loader = loaders.get(bytes);
  if (!loader) return font;
  const internals = font as FontkitInternals;
  const base = internals._getBaseGlyph;
  if (typeof base !== 'function') throw new Error('fontkit font without _getBaseGlyph: lazily loaded glyphs are unsupported');
  internals._getBaseGlyph = function (this: unknown, gid: number, characters?: number[]) {
    loader(gid);
    return base.call(this, gid, characters);
  };
  return font;
}
