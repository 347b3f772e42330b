// @vitest-environment jsdom
// The export dialog against a mocked window.qikanTransport: preflight first, errors block a print
// export until an override reason is typed, the progress bar follows the job, the done state reveals
// the file; items click through to what they concern.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/shared/auth';
import { API_METHODS, type QikanTransport } from '../../src/shared/api';
import type { Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import type { SectionOutline } from '../../src/shared/model';
import type { ExportJob, PreflightItem, PreflightResult } from '../../src/shared/print';
import { resetApiForTests } from '../../src/renderer/api/client';
import { setAuthState } from '../../src/renderer/auth/session';
import { ExportDialog } from '../../src/renderer/export/ExportDialog';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;
const ok = <T,>(value: T) => Promise.resolve({ ok: true as const, value });

/** The upload step of the transport: files the dialog sent, each answered with a receipt. */
const uploads = vi.fn((kind: string, fileName: string, data: ArrayBuffer) =>
  ok({ uploadId: String(uploads.mock.calls.length).padStart(32, '0'), kind, fileName, size: data.byteLength }),
);

function transportWith(handlers: Partial<Record<string, Handler>>): QikanTransport {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (async () => ({ ok: false, error: { code: 'internal', message: `unmocked ${m}`, details: {} } }));
  return { ...t, upload: uploads } as unknown as QikanTransport;
}

const SECTIONS: SectionOutline[] = [
  {
    id: 7,
    position: 0,
    name: '特别策划',
    articles: [
      { id: 41, sectionId: 7, position: 0, key: 'a01', titleLines: ['踔厉奋发', '开新局'], subtitle: null, byline: null, pageBudget: null, charCount: 100, revision: 1 },
    ],
  },
];

const item = (over: Partial<PreflightItem> & Pick<PreflightItem, 'code' | 'severity'>): PreflightItem => ({ message: 'english', params: {}, target: {}, ...over });

function preflight(errors: PreflightItem[], warnings: PreflightItem[], placeholders = 0): PreflightResult {
  return { issueId: 1, errors, warnings, placeholders, checkedAt: '2026-01-01T00:00:00Z' };
}

const WITH_ERROR = preflight(
  [item({ code: 'missing_credit', severity: 'error', params: { caption: '代表视察' }, target: { articleId: 41, photoId: 5 } })],
  [
    item({ code: 'placeholder', severity: 'warning', params: { caption: 'back-cover' }, target: { photoId: 12, page: 'back-cover' } }),
    item({ code: 'over_budget', severity: 'warning', params: { title: '踔厉奋发 开新局', pages: 5, budget: 4 }, target: { articleId: 41, sectionId: 7 } }),
    item({ code: 'placeholder', severity: 'warning', params: { caption: '封面照片' }, target: { photoId: 9, page: 'cover' } }),
  ],
  2,
);

function job(over: Partial<ExportJob>): ExportJob {
  return { jobId: 'job-1', issueId: 1, state: 'running', progress: 0, stage: 'preflight', preflight: null, result: null, error: null, ...over };
}

function renderDialog(handlers: Partial<Record<string, Handler>>, language: 'zh-CN' | 'en' = 'zh-CN') {
  window.qikanTransport = transportWith(handlers);
  resetApiForTests();
  const onClose = vi.fn();
  const onOpenArticle = vi.fn();
  const onOpenPage = vi.fn();
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <ExportDialog issueId={1} sections={SECTIONS} onClose={onClose} onOpenArticle={onOpenArticle} onOpenPage={onOpenPage} pollMs={5} />
    </I18nextProvider>,
  );
  return { onClose, onOpenArticle, onOpenPage };
}

const exportButton = () => screen.getByRole('button', { name: '导出' });

/** The person the dialog works for: the permission table decides who may print (past errors: the 主编). */
function signIn(roles: Role[]) {
  setAuthState({ needsSetup: false, setupAllowed: false, idleMinutes: 60, absoluteMinutes: 720, me: { accountId: 1, login: 'wang', displayName: '王主编', roles } });
}

beforeEach(() => signIn(['主编']));

afterEach(() => {
  cleanup();
  uploads.mockClear();
  delete window.qikanTransport;
  resetApiForTests();
});

describe('export dialog', () => {
  it('shows preflight first, grouped, in the UI language with the item params and where each item is', async () => {
    const preflightIssue = vi.fn(() => ok(WITH_ERROR));
    renderDialog({ preflightIssue });
    const errors = await screen.findByTestId('preflight-errors');
    expect(preflightIssue).toHaveBeenCalledWith({ issueId: 1, kind: 'print' });
    expect(within(errors).getByText('照片“代表视察”缺少署名（摄影/图/资料）')).toBeTruthy();
    expect(within(errors).getByRole('button', { name: '《踔厉奋发 开新局》 · 照片 #5' })).toBeTruthy();
    const warnings = screen.getByTestId('preflight-warnings');
    expect(warnings.textContent).toContain('《踔厉奋发 开新局》排了 5 页，超出预算 4 页');
    const placeholders = screen.getByTestId('preflight-placeholders');
    expect(placeholders.textContent).toContain('占位图框，尚无照片文件：封四'); // a photo without a caption goes by its place
    expect(placeholders.textContent).toContain('占位图框，尚无照片文件：封面照片');
    expect(within(placeholders).getByRole('button', { name: '封一 · 照片 #9' })).toBeTruthy();
    expect(screen.getByTestId('preflight-summary').textContent).toBe('1 个错误 · 1 个警告 · 2 个占位图');
  });

  it('blocks a print export while preflight has errors, and an override reason enables it and travels with the export', async () => {
    const startExport = vi.fn(() => ok(job({ state: 'running' })));
    renderDialog({ preflightIssue: () => ok(WITH_ERROR), startExport, getExportJob: () => ok(job({ state: 'running', progress: 0.2, stage: 'layout' })) });
    await screen.findByTestId('preflight-errors');
    expect((exportButton() as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/预检发现 1 个错误/)).toBeTruthy();

    const reason = screen.getByLabelText('放行理由');
    fireEvent.change(reason, { target: { value: '   ' } });
    expect((exportButton() as HTMLButtonElement).disabled).toBe(true); // blanks are not a reason
    fireEvent.change(reason, { target: { value: ' 照片已与印厂约定后补 ' } });
    expect((exportButton() as HTMLButtonElement).disabled).toBe(false);
    await act(async () => {
      fireEvent.click(exportButton());
    });
    expect(startExport).toHaveBeenCalledWith({ issueId: 1, kind: 'print', standard: 'x1a', marks: true, overrideReason: '照片已与印厂约定后补' });
  });

  it('counts placeholder frames that are errors (print) as errors: listed with the placeholders, the export needs a reason', async () => {
    const placeholderError = item({ code: 'placeholder', severity: 'error', params: { caption: '封面照片' }, target: { photoId: 9, page: 'cover' } });
    renderDialog({ preflightIssue: () => ok(preflight([placeholderError], [], 1)) });
    const placeholders = await screen.findByTestId('preflight-placeholders');
    expect(placeholders.textContent).toContain('占位图框，尚无照片文件：封面照片');
    expect((exportButton() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('放行理由'), { target: { value: '照片后补' } });
    expect((exportButton() as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps print export disabled for a 校对 and says which roles may print; an override needs the 主编', async () => {
    signIn(['校对']);
    renderDialog({ preflightIssue: () => ok(preflight([], [])) });
    await screen.findByText('预检通过，没有问题。');
    expect((exportButton() as HTMLButtonElement).disabled).toBe(true);
    expect(exportButton().title).toBe('需要以下角色之一：主编、编辑部主任、美编');
    cleanup();
    signIn(['编辑部主任']);
    renderDialog({ preflightIssue: () => ok(WITH_ERROR) });
    await screen.findByTestId('preflight-errors');
    fireEvent.change(screen.getByLabelText('放行理由'), { target: { value: '照片后补' } });
    expect((exportButton() as HTMLButtonElement).disabled).toBe(true);
    expect(exportButton().title).toBe('需要以下角色之一：主编');
  });

  it('exports a clean print PDF with the chosen standard and marks, without an override', async () => {
    const startExport = vi.fn(() => ok(job({ state: 'running' })));
    renderDialog({ preflightIssue: () => ok(preflight([], [])), startExport, getExportJob: () => ok(job({ state: 'running' })) });
    await screen.findByText('预检通过，没有问题。');
    expect(screen.queryByLabelText('放行理由')).toBeNull();
    fireEvent.change(screen.getByLabelText('标准'), { target: { value: 'x4' } });
    fireEvent.click(screen.getByLabelText('裁切线与套准标记'));
    await act(async () => {
      fireEvent.click(exportButton());
    });
    expect(startExport).toHaveBeenCalledWith({ issueId: 1, kind: 'print', standard: 'x4', marks: false });
  });

  it('does not block a screen PDF on preflight errors and asks preflight for the screen kind', async () => {
    const preflightIssue = vi.fn(() => ok(WITH_ERROR));
    const startExport = vi.fn(() => ok(job({ state: 'running' })));
    renderDialog({ preflightIssue, startExport, getExportJob: () => ok(job({ state: 'running' })) });
    await screen.findByTestId('preflight-errors');
    fireEvent.click(screen.getByLabelText('屏幕 PDF（校样与网站）'));
    await waitFor(() => expect(preflightIssue).toHaveBeenLastCalledWith({ issueId: 1, kind: 'screen' }));
    await screen.findByTestId('preflight-errors');
    expect(screen.queryByLabelText('放行理由')).toBeNull();
    expect((exportButton() as HTMLButtonElement).disabled).toBe(false);
    await act(async () => {
      fireEvent.click(exportButton());
    });
    expect(startExport).toHaveBeenCalledWith({ issueId: 1, kind: 'screen' });
  });

  it('follows the job with a progress bar and stage names, then shows pages, size and time, and a download link in browser mode', async () => {
    const answers = [
      job({ state: 'running', progress: 0.4, stage: 'layout' }),
      job({ state: 'running', progress: 0.8, stage: 'pdf' }),
      job({ state: 'done', progress: 1, stage: 'write', result: { fileName: 'beijing-renda-2026-01.pdf', pages: 64, bytes: 3 * 1024 * 1024, ms: 4200 } }),
    ];
    let release: (() => void) | null = null;
    const getExportJob = vi.fn(async () => {
      // Each answer waits until the test has looked at the previous state.
      await new Promise<void>((r) => (release = r));
      return { ok: true as const, value: answers.shift()! };
    });
    const revealExport = vi.fn(() => ok({ revealed: false, downloadUrl: '/exports/job-1/beijing-renda-2026-01.pdf' }));
    renderDialog({ preflightIssue: () => ok(preflight([], [])), startExport: () => ok(job({ state: 'running', progress: 0.05, stage: 'preflight' })), getExportJob, revealExport });
    await screen.findByText('预检通过，没有问题。');
    await act(async () => {
      fireEvent.click(exportButton());
    });
    const stage = () => screen.getByTestId('export-stage').textContent;
    const bar = () => screen.getByRole('progressbar') as HTMLProgressElement;
    expect(stage()).toBe('预检 · 5%');
    expect(bar().value).toBeCloseTo(0.05);
    expect((exportButton() as HTMLButtonElement).disabled).toBe(true); // no second export while one runs
    for (const [text, value] of [['排版 · 40%', 0.4], ['生成 PDF · 80%', 0.8]] as const) {
      await waitFor(() => expect(release).not.toBeNull());
      await act(async () => {
        release!();
        release = null;
      });
      await waitFor(() => expect(stage()).toBe(text));
      expect(bar().value).toBeCloseTo(value);
    }
    await waitFor(() => expect(release).not.toBeNull());
    await act(async () => {
      release!();
    });
    const done = await screen.findByTestId('export-done');
    expect(done.textContent).toContain('已导出 beijing-renda-2026-01.pdf：64 页，3 MB，用时 4.2 秒。');
    expect(bar().value).toBe(1);
    expect(getExportJob).toHaveBeenCalledWith({ jobId: 'job-1' });

    fireEvent.click(screen.getByRole('button', { name: '显示文件' }));
    const link = (await screen.findByTestId('export-download')) as HTMLAnchorElement;
    expect(revealExport).toHaveBeenCalledWith({ jobId: 'job-1' });
    expect(link.getAttribute('href')).toBe('/exports/job-1/beijing-renda-2026-01.pdf');
    expect(link.textContent).toBe('下载 beijing-renda-2026-01.pdf');
    expect(screen.getByRole('button', { name: '再次导出' })).toBeTruthy();
  });

  it('says the file was shown in its folder when the desktop app reveals it', async () => {
    const done = job({ state: 'done', progress: 1, stage: 'write', result: { fileName: 'a.pdf', pages: 2, bytes: 2048, ms: 800 } });
    renderDialog({ preflightIssue: () => ok(preflight([], [])), startExport: () => ok(done), revealExport: () => ok({ revealed: true, downloadUrl: null }) }, 'en');
    await screen.findByText('Preflight found no problems.');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    });
    expect((await screen.findByTestId('export-done')).textContent).toContain('Exported a.pdf: 2 pages, 2 KB, in 0.8 s.');
    fireEvent.click(screen.getByRole('button', { name: 'Show the file' }));
    await screen.findByText('Shown in its folder.');
    expect(screen.queryByTestId('export-download')).toBeNull();
  });

  it('shows a refused job with the preflight that refused it, and a failed job with the reason', async () => {
    const refusing = preflight([item({ code: 'required_item_missing', severity: 'error', params: { item: '定价', page: 'colophon' }, target: { page: 'colophon', field: 'price' } })], []);
    const startExport = vi
      .fn()
      .mockImplementationOnce(() => ok(job({ state: 'refused', preflight: refusing })))
      .mockImplementationOnce(() => ok(job({ state: 'failed', stage: 'pdf', error: { code: 'internal', message: 'disk full' } })));
    renderDialog({ preflightIssue: () => ok(preflight([], [])), startExport });
    await screen.findByText('预检通过，没有问题。');
    await act(async () => {
      fireEvent.click(exportButton());
    });
    expect(screen.getByTestId('export-stage').textContent).toBe('导出被拒绝：预检有 1 个错误。');
    expect(screen.getByTestId('preflight-errors').textContent).toContain('出版形式缺项：定价');
    expect(screen.getByRole('button', { name: '版权页' })).toBeTruthy(); // the page kind, in words
    fireEvent.change(screen.getByLabelText('放行理由'), { target: { value: '印厂已确认' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '再次导出' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('导出失败');
    expect(screen.getByRole('alert').textContent).toContain('内部错误'); // the locale text of the job's error code
  });

  it('keeps following a running job when the server does not answer for a while, and says so', async () => {
    const answers: (() => Promise<Envelope<unknown>>)[] = [
      () => Promise.reject(new Error('Failed to fetch')),
      () => Promise.reject(new Error('Failed to fetch')),
      () => ok(job({ state: 'running', progress: 0.6, stage: 'pdf' })),
      () => ok(job({ state: 'done', progress: 1, stage: 'write', result: { fileName: 'beijing-renda-2026-01.pdf', pages: 64, bytes: 1024 * 1024, ms: 900 } })),
    ];
    let release: (() => void) | null = null;
    const getExportJob = vi.fn(async () => {
      await new Promise<void>((r) => (release = r));
      return answers.shift()!();
    });
    renderDialog({ preflightIssue: () => ok(preflight([], [])), startExport: () => ok(job({ state: 'running', progress: 0.1, stage: 'layout' })), getExportJob });
    await screen.findByText('预检通过，没有问题。');
    await act(async () => {
      fireEvent.click(exportButton());
    });
    const step = async () => {
      await waitFor(() => expect(release).not.toBeNull());
      await act(async () => {
        release!();
        release = null;
      });
    };
    await step();
    await waitFor(() => expect(screen.getByTestId('export-poll-error').textContent).toContain('与服务器的连接中断，正在重试'));
    await step(); // the second failure: still retrying
    await step(); // answered again: the message goes
    await waitFor(() => expect(screen.getByTestId('export-stage').textContent).toBe('生成 PDF · 60%'));
    expect(screen.queryByTestId('export-poll-error')).toBeNull();
    await step();
    expect((await screen.findByTestId('export-done')).textContent).toContain('64 页');
    expect(getExportJob).toHaveBeenCalledTimes(4);
  });

  it('stops following a job the server says is gone, and says why', async () => {
    const getExportJob = vi.fn(async (): Promise<Envelope<unknown>> => ({ ok: false, error: { code: 'not_found', message: 'no such job', details: { entity: 'export', id: 'job-1' } } }));
    renderDialog({ preflightIssue: () => ok(preflight([], [])), startExport: () => ok(job({ state: 'running', progress: 0.1, stage: 'layout' })), getExportJob });
    await screen.findByText('预检通过，没有问题。');
    await act(async () => {
      fireEvent.click(exportButton());
    });
    await waitFor(() => expect(screen.getByTestId('export-poll-error').textContent).toContain('导出失败'));
    await new Promise((r) => setTimeout(r, 60));
    expect(getExportJob).toHaveBeenCalledTimes(1);
  });

  it('opens the article or the page an item concerns, closing the dialog', async () => {
    const { onClose, onOpenArticle, onOpenPage } = renderDialog({ preflightIssue: () => ok(WITH_ERROR) });
    await screen.findByTestId('preflight-errors');
    fireEvent.click(screen.getByRole('button', { name: '《踔厉奋发 开新局》 · 照片 #5' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onOpenArticle).toHaveBeenCalledWith(41);
    fireEvent.click(screen.getByRole('button', { name: '封一 · 照片 #9' }));
    expect(onOpenPage).toHaveBeenCalledWith('cover');
  });

  it('fixes a photo from its item: credit saved, file replaced, preflight run again', async () => {
    const photo = { id: 5, issueId: 1, articleId: 41, placement: 'article' as const, position: 0, file: null, widthPx: null, heightPx: null, colorSpace: null, caption: '代表视察', credit: null };
    const preflightIssue = vi.fn(() => ok(WITH_ERROR));
    const updatePhoto = vi.fn((input: unknown) => ok({ ...photo, ...(input as object) }));
    const importPhoto = vi.fn(() => ok({ ...photo, file: 'photos/ab.jpg', widthPx: 3000, heightPx: 2000, colorSpace: 'cmyk' }));
    renderDialog({ preflightIssue, listPhotos: () => ok([photo]), updatePhoto, importPhoto });
    const errors = await screen.findByTestId('preflight-errors');
    fireEvent.click(within(errors).getByRole('button', { name: '修正照片…' }));
    const fixer = await screen.findByTestId('photo-fixer');
    expect(within(fixer).getByLabelText('图片说明')).toHaveProperty('value', '代表视察');
    fireEvent.change(within(fixer).getByLabelText('署名方式'), { target: { value: '摄影' } });
    const save = within(fixer).getByRole('button', { name: '保存说明和署名' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // a credit type without a name is not a credit
    fireEvent.change(within(fixer).getByLabelText('署名'), { target: { value: ' 吕亚南 ' } });
    await act(async () => {
      fireEvent.click(save);
    });
    expect(updatePhoto).toHaveBeenCalledWith({ photoId: 5, caption: '代表视察', credit: { kind: '摄影', name: '吕亚南' }, base: { caption: '代表视察', credit: null } });
    await waitFor(() => expect(preflightIssue).toHaveBeenCalledTimes(2));

    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await act(async () => {
      fireEvent.change(screen.getByTestId('photo-file'), { target: { files: [new File([bytes], '视察.jpg', { type: 'image/jpeg' })] } });
    });
    await waitFor(() => expect(importPhoto).toHaveBeenCalledTimes(1));
    // The file goes up as its own bytes; the call names the upload.
    expect(uploads).toHaveBeenCalledTimes(1);
    const [kind, fileName, data] = uploads.mock.calls[0]!;
    expect([kind, fileName, [...new Uint8Array(data)]]).toEqual(['photo', '视察.jpg', [...bytes]]);
    expect(importPhoto).toHaveBeenCalledWith({ issueId: 1, articleId: 41, placement: 'article', upload: '1'.padStart(32, '0'), photoId: 5 });
    expect((await within(screen.getByTestId('photo-fixer')).findByRole('status')).textContent).toBe('已载入 视察.jpg：3000 × 2000 像素，cmyk。');
    await waitFor(() => expect(preflightIssue).toHaveBeenCalledTimes(3));
  });

  it('reports a preflight that fails, in the UI language', async () => {
    renderDialog({ preflightIssue: async () => ({ ok: false, error: { code: 'not_found', message: 'issue 1 not found', details: { entity: 'issue', id: 1 } } }) });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('预检未能完成');
  });
});
