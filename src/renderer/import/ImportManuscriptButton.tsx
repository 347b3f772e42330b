// 导入稿件: a file dialog for .docx, .txt and .md, then the preview dialog. On a section it adds a new
// article; on an article it replaces that article's body.

import { useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleSummary } from '../../shared/model';
import { useCan } from '../auth/can';
import { MANUSCRIPT_ACCEPT } from './manuscript-file';
import { ManuscriptDialog } from './ManuscriptDialog';

export interface ImportManuscriptButtonProps {
  sectionId: number;
  sectionName: string;
  article?: ArticleSummary;
  onImported: (articleId: number) => void;
}

const stop = (e: SyntheticEvent) => e.stopPropagation();

export function ImportManuscriptButton({ sectionId, sectionName, article, onImported }: ImportManuscriptButtonProps) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const may = useCan('commitManuscript');
  const [file, setFile] = useState<File | null>(null);
  const label = article ? t('manuscript.replaceButton', { title: article.titleLines.join(' ') }) : t('manuscript.button', { section: sectionName });

  return (
    // Events stay here: the outline row around the button would otherwise open or drag the row.
    <span className="import-manuscript" onClick={stop} onKeyDown={stop} onDoubleClick={stop} onDragStart={stop}>
      <button type="button" title={may.reason ?? label} aria-label={label} disabled={!may.allowed} data-testid={article ? 'replace-manuscript' : 'import-manuscript'} onClick={() => input.current?.click()}>
        {article ? '⇪' : t('manuscript.buttonShort')}
      </button>
      <input
        ref={input}
        type="file"
        accept={MANUSCRIPT_ACCEPT}
        hidden
        data-testid={article ? 'replace-manuscript-file' : 'import-manuscript-file'}
        onChange={(e) => {
          const chosen = e.target.files?.[0] ?? null;
          e.target.value = ''; // choosing the same file again fires change again
          setFile(chosen);
        }}
      />
      {file && (
        <ManuscriptDialog
          file={file}
          sectionId={sectionId}
          sectionName={sectionName}
          {...(article ? { article } : {})}
          onClose={() => setFile(null)}
          onImported={onImported}
        />
      )}
    </span>
  );
}
