// One parsed font registry per open library, shared by the article preview, the whole-issue layout
// and the PDF export: each Noto face is 15 MB, so parsing it once per service would triple the
// memory the fonts take. Services compare identity with `libraryFonts(lib)` to notice a reload
// (after the user's fonts change) and rebuild their engines.

import { join } from 'node:path';
import type { Library } from '../library/open-library';
import { loadFontRegistry, type LoadedFonts } from './default-fonts';

const loaded = new WeakMap<Library, LoadedFonts>();

export function libraryFontDir(lib: Library): string {
  return join(lib.dir, 'fonts');
}

/** Where the library keeps its measured font data; QIKAN_FONT_METRICS_DIR points elsewhere (the test
 *  suite shares one folder between its many temporary libraries). */
export function fontMetricsDir(lib: Library): string {
  return process.env.QIKAN_FONT_METRICS_DIR || join(lib.dir, 'cache', 'fonts');
}

export function libraryFonts(lib: Library): LoadedFonts {
  let fonts = loaded.get(lib);
  if (!fonts) {
    fonts = loadFontRegistry({ userFontDir: libraryFontDir(lib), metricsCacheDir: fontMetricsDir(lib) });
    loaded.set(lib, fonts);
  }
  return fonts;
}

/** Parse the fonts again (the user added or removed a font); services pick the new set up on their next call. */
export function reloadLibraryFonts(lib: Library): LoadedFonts {
  loaded.delete(lib);
  return libraryFonts(lib);
}
