// The search box of the top bar: titles, authors and text across every issue of the library. A result
// opens its article with the hit selected in the editor.

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../shared/desk';
import { getApi } from '../api/client';
import { navigate } from '../app/route';
import { useErrorText } from '../i18n/messages';
import { setPendingHit } from './pending-hit';
import './search.css';

const SEARCH_DELAY_MS = 250;
const RESULT_LIMIT = 60;

type Results = { kind: 'idle' } | { kind: 'searching'; query: string } | { kind: 'ready'; query: string; hits: SearchHit[] } | { kind: 'failed'; query: string; error: unknown };

export function SearchBox() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results>({ kind: 'idle' });
  const [open, setOpen] = useState(false);
  const latest = useRef(0);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setResults({ kind: 'idle' });
      return;
    }
    const request = ++latest.current;
    const timer = window.setTimeout(() => {
      setResults({ kind: 'searching', query: q });
      getApi()
        .searchLibrary({ query: q, limit: RESULT_LIMIT })
        .then((hits) => request === latest.current && setResults({ kind: 'ready', query: q, hits }))
        .catch((error: unknown) => request === latest.current && setResults({ kind: 'failed', query: q, error }));
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, []);

  function openHit(hit: SearchHit) {
    setOpen(false);
    setPendingHit(hit);
    navigate({ view: 'issue', issueId: hit.issueId, articleId: hit.articleId });
  }

  return (
    <div className="search-box" ref={rootRef}>
      <input
        type="search"
        data-testid="search-input"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={query}
        maxLength={200}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
          if (e.key === 'Enter' && results.kind === 'ready' && results.hits[0]) openHit(results.hits[0]);
        }}
      />
      {open && results.kind !== 'idle' && (
        <div className="search-results" data-testid="search-results" role="listbox" aria-label={t('search.label')}>
          {results.kind === 'searching' && <p className="muted">{t('search.searching')}</p>}
          {results.kind === 'failed' && (
            <p className="error" role="alert">
              {t('search.failed', { reason: errorText(results.error) })}
            </p>
          )}
          {results.kind === 'ready' && results.hits.length === 0 && <p className="muted">{t('search.none', { query: results.query })}</p>}
          {results.kind === 'ready' && results.hits.length > 0 && (
            <>
              <p className="muted search-count">{t('search.count', { count: results.hits.length })}</p>
              <ul>
                {results.hits.map((hit) => (
                  <li key={`${hit.articleId}:${hit.field}:${hit.blockIndex}:${hit.start}`}>
                    <button type="button" role="option" aria-selected={false} data-testid="search-hit" data-article-id={hit.articleId} data-field={hit.field} onClick={() => openHit(hit)}>
                      <span className="sh-where">
                        <span className="sh-issue">{hit.issueLabel}</span>
                        <span className="sh-title">{hit.articleTitle}</span>
                        <span className="sh-field">{t(`search.fields.${hit.field}`)}</span>
                      </span>
                      <span className="sh-snippet">
                        {hit.snippet.slice(0, hit.snippetStart)}
                        <mark>{hit.snippet.slice(hit.snippetStart, hit.snippetEnd)}</mark>
                        {hit.snippet.slice(hit.snippetEnd)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
