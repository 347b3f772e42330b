// The one i18next set-up for every front end (renderer now, command line later): resources come from
// src/shared/locales/<lang>/<namespace>.json and are bundled, so initialisation is synchronous.

import { createInstance, type i18n } from 'i18next';
import enApp from './locales/en/app.json';
import enErrors from './locales/en/errors.json';
import zhApp from './locales/zh-CN/app.json';
import zhErrors from './locales/zh-CN/errors.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

export const NAMESPACES = ['app', 'errors'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  'zh-CN': { app: zhApp, errors: zhErrors },
  en: { app: enApp, errors: enErrors },
} as const;

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** Maps a stored or browser language tag ("en-GB", "zh") to a supported language. */
export function normalizeLanguage(tag: unknown): Language {
  if (isLanguage(tag)) return tag;
  if (typeof tag === 'string') {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'en') return 'en';
    if (base === 'zh') return 'zh-CN';
  }
  return DEFAULT_LANGUAGE;
}

export function createI18n(language: Language = DEFAULT_LANGUAGE): i18n {
  const instance = createInstance();
  void instance.init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: [...NAMESPACES],
    defaultNS: 'app',
    initAsync: false,
    // React escapes output itself; the command line prints plain text.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
