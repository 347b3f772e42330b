// Which URLs count as the app's own page: the built index.html as a file URL, or, in development
// (ELECTRON_RENDERER_URL set by electron-vite dev), the dev server's origin. Pure, no electron.

import { pathToFileURL } from 'node:url';

export interface AppLocation {
  /** What the window loads. */
  loadUrl: string;
  /** True for the app's own page (ignoring #hash and ?query, which the UI may use for routing). */
  isAppUrl(url: string): boolean;
}

function withoutHashAndQuery(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function appLocation(rendererIndexHtml: string, devServerUrl: string | undefined): AppLocation {
  if (devServerUrl) {
    const origin = new URL(devServerUrl).origin;
    return {
      loadUrl: devServerUrl,
      isAppUrl(url) {
        try {
          return new URL(url).origin === origin;
        } catch {
          return false;
        }
      },
    };
  }
  const own = pathToFileURL(rendererIndexHtml);
  const ownKey = withoutHashAndQuery(own);
  return {
    loadUrl: own.href,
    isAppUrl(url) {
      try {
        const u = new URL(url);
        return u.protocol === 'file:' && withoutHashAndQuery(u) === ownKey;
      } catch {
        return false;
      }
    },
  };
}
