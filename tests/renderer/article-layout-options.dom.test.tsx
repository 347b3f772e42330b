// @vitest-environment jsdom
// The article's layout options in the editor: where it starts (new page, run on with a rule or a
// space), its column count and its page budget, each change handed on as an article patch.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/shared/i18n';
import { ArticleLayoutOptions } from '../../src/renderer/editor/ArticleLayoutOptions';

afterEach(cleanup);

function shown(article: { runOn: 'rule' | 'space' | null; columns: number | null; pageBudget: number | null }, lng: 'zh-CN' | 'en' = 'zh-CN') {
  const onChange = vi.fn();
  const onBlur = vi.fn();
  const view = render(
    <I18nextProvider i18n={createI18n(lng)}>
      <ArticleLayoutOptions article={article} onChange={onChange} onBlur={onBlur} />
    </I18nextProvider>,
  );
  const part = (name: string) => view.container.querySelector(`[data-part="${name}"]`) as HTMLSelectElement | HTMLInputElement;
  return { onChange, onBlur, part };
}

describe('article layout options in the editor', () => {
  it('shows the stored options, in Chinese', () => {
    const { part } = shown({ runOn: 'space', columns: 3, pageBudget: 2 });
    expect(part('runOn').value).toBe('space');
    expect(part('columns').value).toBe('3');
    expect(part('pageBudget').value).toBe('2');
    expect(screen.getByRole('option', { name: '接排（线隔）' })).toBeTruthy();
    expect(screen.getByRole('option', { name: '随刊物设置' })).toBeTruthy();
  });

  it('hands each change on as a patch, null for the defaults', () => {
    const { part, onChange } = shown({ runOn: null, columns: null, pageBudget: null }, 'en');
    expect(part('runOn').value).toBe('new-page');
    fireEvent.change(part('runOn'), { target: { value: 'rule' } });
    expect(onChange).toHaveBeenLastCalledWith({ runOn: 'rule' });
    fireEvent.change(part('runOn'), { target: { value: 'new-page' } });
    expect(onChange).toHaveBeenLastCalledWith({ runOn: null });
    fireEvent.change(part('columns'), { target: { value: '4' } });
    expect(onChange).toHaveBeenLastCalledWith({ columns: 4 });
    fireEvent.change(part('columns'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ columns: null });
    fireEvent.change(part('pageBudget'), { target: { value: '3' } });
    expect(onChange).toHaveBeenLastCalledWith({ pageBudget: 3 });
    fireEvent.change(part('pageBudget'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ pageBudget: null });
  });

  it('refuses a page budget that is not a whole number of pages, saying why', () => {
    const { part, onChange } = shown({ runOn: null, columns: null, pageBudget: 2 }, 'en');
    for (const value of ['0', '1.5', '1000']) {
      onChange.mockClear();
      fireEvent.change(part('pageBudget'), { target: { value } });
      expect(onChange).not.toHaveBeenCalled();
      expect(screen.getByRole('alert').textContent).toMatch(/whole number of pages/u);
    }
  });
});
