// The article's own layout options beside its text fields: where it starts (a new page, or run on
// after the previous article with a rule or a space), its column count and its page budget. Each
// change goes through the editor's autosave like any other field.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article, ArticlePatch, RunOn } from '../../shared/model';

type Start = 'new-page' | RunOn;

export function ArticleLayoutOptions({ article, onChange, onBlur }: { article: Pick<Article, 'runOn' | 'columns' | 'pageBudget'>; onChange: (patch: ArticlePatch) => void; onBlur: () => void }) {
  const { t } = useTranslation();
  const [start, setStart] = useState<Start>(article.runOn ?? 'new-page');
  const [columns, setColumns] = useState<string>(article.columns === null ? '' : String(article.columns));
  const [budget, setBudget] = useState<string>(article.pageBudget === null ? '' : String(article.pageBudget));
  const [budgetError, setBudgetError] = useState(false);
  return (
    <div className="article-layout-options" data-part="layoutOptions">
      <label className="field">
        <span>{t('editor.layout.start')}</span>
        <select
          data-part="runOn"
          value={start}
          onChange={(e) => {
            const value = e.target.value as Start;
            setStart(value);
            onChange({ runOn: value === 'new-page' ? null : value });
          }}
          onBlur={onBlur}
        >
          <option value="new-page">{t('editor.layout.newPage')}</option>
          <option value="rule">{t('editor.layout.runOnRule')}</option>
          <option value="space">{t('editor.layout.runOnSpace')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('editor.layout.columns')}</span>
        <select
          data-part="columns"
          value={columns}
          onChange={(e) => {
            setColumns(e.target.value);
            onChange({ columns: e.target.value === '' ? null : Number(e.target.value) });
          }}
          onBlur={onBlur}
        >
          <option value="">{t('editor.layout.publicationColumns')}</option>
          {[1, 2, 3, 4].map((n) => (
            <option key={n} value={String(n)}>
              {t('editor.layout.columnCount', { count: n })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('editor.layout.pageBudget')}</span>
        <input
          data-part="pageBudget"
          type="number"
          min={1}
          max={999}
          value={budget}
          aria-invalid={budgetError}
          onChange={(e) => {
            const text = e.target.value.trim();
            setBudget(e.target.value);
            const value = text === '' ? null : Number(text);
            const valid = value === null || (Number.isInteger(value) && value >= 1 && value <= 999);
            setBudgetError(!valid);
            if (valid) onChange({ pageBudget: value });
          }}
          onBlur={onBlur}
        />
      </label>
      {budgetError && (
        <p className="error" role="alert">
          {t('editor.layout.pageBudgetInvalid')}
        </p>
      )}
    </div>
  );
}
