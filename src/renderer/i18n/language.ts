// The UI language: read once from localStorage (else the browser's language), changed at once and remembered.

import type { i18n } from 'i18next';
import { createI18n, normalizeLanguage, type Language } from '../../shared/i18n';

export const LANGUAGE_STORAGE_KEY = 'qikan.language';

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; the default language still works
  }
}

export function initialLanguage(): Language {
  return normalizeLanguage(readStoredLanguage() ?? 'zh-CN');
}

export function createAppI18n(): i18n {
  const instance = createI18n(initialLanguage());
  document.documentElement.lang = instance.language;
  return instance;
}

export async function switchLanguage(instance: i18n, language: Language): Promise<void> {
  await instance.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // not remembered, but the switch itself applies
  }
}
