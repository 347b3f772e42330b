// Every visible string exists in both languages, and the i18n set-up formats numbers per language.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n, normalizeLanguage } from '../../src/shared/i18n';

function keysOf(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}
const load = (lang: string) => JSON.parse(readFileSync(resolve(__dirname, `../../src/shared/locales/${lang}/app.json`), 'utf8')) as unknown;

describe('app locale files', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(keysOf(load('en')).sort()).toEqual(keysOf(load('zh-CN')).sort());
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const en = load('en') as Record<string, unknown>;
    const zh = load('zh-CN') as Record<string, unknown>;
    const get = (o: unknown, path: string) => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o);
    for (const key of keysOf(zh)) expect(vars(String(get(en, key))), key).toEqual(vars(String(get(zh, key))));
  });
});

describe('createI18n', () => {
  it('formats the issue label, plurals and numbers for each language', () => {
    const zh = createI18n('zh-CN');
    expect(zh.t('app:issue.label', { year: 2026, number: 1, total: 313 })).toBe('2026年第1期（总第313期）');
    expect(zh.t('app:outline.chars', { count: 12345 })).toBe('12,345 字');
    const en = createI18n('en');
    expect(en.t('app:issue.label', { year: 2026, number: 1, total: 313 })).toBe('2026 No. 1 (No. 313 overall)');
    expect(en.t('app:issue.articleCount', { count: 1 })).toBe('1 article');
    expect(en.t('app:issue.articleCount', { count: 1234 })).toBe('1,234 articles');
    expect(en.t('app:size.kb', { value: 1.25 })).toBe('1.3 KB');
  });

  it('translates error codes with their details', () => {
    const zh = createI18n('zh-CN');
    expect(zh.t('errors:import_invalid', { path: 'masthead.title', expected: 'string' })).toContain('masthead.title');
  });

  it('maps language tags to a supported language', () => {
    expect(normalizeLanguage('en-GB')).toBe('en');
    expect(normalizeLanguage('zh-TW')).toBe('zh-CN');
    expect(normalizeLanguage('fr')).toBe('zh-CN');
    expect(normalizeLanguage(null)).toBe('zh-CN');
  });
});
