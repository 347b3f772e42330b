// Import an issue from a JSON file: file input → text → importIssueJson. A bad file leaves the library as it was
// and the message names the file and the place in it that was wrong.

import { totalRemoved } from '../../shared/unsafe-characters';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QikanError } from '../../shared/errors';
import { getApi } from '../api/client';
import { useCan } from '../auth/can';
import { useErrorText, formatSize } from '../i18n/messages';

type ImportState =
  | { kind: 'idle' }
  | { kind: 'busy'; file: string; size: number }
  | { kind: 'done'; text: string }
  | { kind: 'failed'; file: string; reason: string; saysUnchanged: boolean };

export function ImportIssueButton({ onImported, onFailed }: { onImported: () => void; onFailed: () => void }) {
  const { t } = useTranslation();
  const mayImport = useCan('importIssueJson');
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<ImportState>({ kind: 'idle' });

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again fires change again
    if (!file) return;
    setState({ kind: 'busy', file: file.name, size: file.size });
    try {
      const { uploadId } = await getApi().uploadFile('issue_json', file);
      const result = await getApi().importIssueJson({ upload: uploadId });
      const issue = t('issue.shortLabel', { year: result.year, number: result.number });
      const removed = result.removedCharacters;
      const note = removed ? ` ${t('manuscript.warnings.unsafe_characters_removed', { ...removed, total: totalRemoved(removed) })}` : '';
      setState({ kind: 'done', text: t('library.imported', { issue, sections: result.sections, articles: result.articles }) + note });
      onImported();
    } catch (error) {
      // import_invalid's own text already says the library was not changed.
      const saysUnchanged = error instanceof QikanError && error.code === 'import_invalid';
      setState({ kind: 'failed', file: file.name, reason: errorText(error), saysUnchanged });
      onFailed();
    }
  }

  return (
    <div className="import">
      <button type="button" onClick={() => input.current?.click()} disabled={state.kind === 'busy' || !mayImport.allowed} title={mayImport.reason ?? undefined}>
        {t('library.import')}
      </button>
      <input ref={input} type="file" accept=".json,application/json" hidden data-testid="import-file" onChange={(e) => void onFile(e)} />
      {state.kind === 'busy' && (
        <span className="muted" role="status">
          {t('library.importing', { file: state.file, size: formatSize(t, state.size) })}
        </span>
      )}
      {state.kind === 'done' && (
        <span className="ok" role="status">
          {state.text}
        </span>
      )}
      {state.kind === 'failed' && (
        <div className="error import-error" role="alert">
          <p>{t('library.importFailed', { file: state.file, reason: state.reason })}</p>
          {!state.saysUnchanged && <p className="muted">{t('library.unchanged')}</p>}
        </div>
      )}
    </div>
  );
}
