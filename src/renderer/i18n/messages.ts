// Turns errors and sizes into text in the UI language.

import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { QikanError } from '../../shared/errors';
import { NO_TRANSPORT } from '../api/client';

/** The locale text for an error: errors.<code> filled with its details. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof QikanError) {
    if (err.code === 'internal' && err.details.reason === NO_TRANSPORT) return t('app:errors.noTransport');
    const details = { ...err.details, message: err.message, code: err.code };
    // Refusals by size or shape, and a bug with the id of its log line, have texts of their own.
    if (err.code === 'internal' && err.details.requestId !== undefined) return t('errors:internal_with_id', details);
    const ownText = ['too_large', 'too_deep', 'upload_missing', 'file_unreadable'];
    if (typeof err.details.reason === 'string' && ownText.includes(err.details.reason)) return t(`errors:${err.details.reason}`, details);
    // Accounts, roles, locks and the 付印 freeze say exactly why (errors.auth.<reason>).
    if (['unauthenticated', 'forbidden', 'conflict'].includes(err.code) && typeof err.details.reason === 'string') {
      const specific = t(`errors:auth.${err.details.reason}`, { ...details, defaultValue: '' });
      if (specific) return specific;
    }
    const key = `errors:${err.code}`;
    return t(key, { ...details, defaultValue: t('app:errors.unknown', details) });
  }
  const message = err instanceof Error ? err.message : String(err);
  return t('app:errors.unknown', { code: 'internal', message });
}

export function formatSize(t: TFunction, bytes: number): string {
  if (bytes < 1024) return t('app:size.bytes', { value: bytes });
  if (bytes < 1024 * 1024) return t('app:size.kb', { value: bytes / 1024 });
  return t('app:size.mb', { value: bytes / (1024 * 1024) });
}

export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return (err) => errorText(t, err);
}
