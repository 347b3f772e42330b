// Saving manuscripts through the API: a new article with formats and a photo row, a body replaced on
// an existing article, rejected joins, and refusals that leave every row as it was.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerializedBlock, SerializedText } from '../../src/shared/article-doc';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { signedIn, uploader } from '../support/people';
import { createManuscriptService } from '../../src/node/services/manuscript-service';
import { createLibraryService } from '../../src/node/services/library-service';
import type { Library } from '../../src/node/library/open-library';
import { buildDocx, pngClaiming, sampleManuscriptDocx } from '../fixtures/manuscripts/build-docx';
import { openSampleLibrary, removeTempDirs, snapshot } from './helpers';

const libs: Library[] = [];
afterEach(() => {
  libs.splice(0).forEach((l) => l.close());
  removeTempDirs();
});

async function setUp() {
  const lib = openSampleLibrary();
  libs.push(lib);
  const library = createLibraryService(lib);
  const service = createManuscriptService(lib);
  const issueId = library.listIssues({})[0]!.id;
  const section = library.getIssueOutline({ issueId }).sections[1]!;
  const person = await uploader(lib);
  // Each call uploads its file first, as the transports do.
  const manuscripts = {
    commitManuscript: (input: Omit<Parameters<typeof service.commitManuscript>[0], 'upload'>, fileName: string, bytes: Buffer) =>
      service.commitManuscript({ ...input, upload: person.upload('manuscript', fileName, bytes) }, person.ctx),
    readManuscript: (fileName: string, bytes: Buffer) => service.readManuscript({ upload: person.upload('manuscript', fileName, bytes) }, person.ctx),
  };
  return { lib, library, manuscripts, service, issueId, section };
}

describe('commitManuscript', () => {
  it('saves a Word manuscript as a new article at the end of the section, with formats and its photo', async () => {
    const { lib, library, manuscripts, section } = await setUp();
    const summary = await manuscripts.commitManuscript({ sectionId: section.id }, '监督综述.docx', await sampleManuscriptDocx());
    expect(summary.sectionId).toBe(section.id);
    expect(summary.position).toBe(section.articles.length);
    const article = library.getArticle({ articleId: summary.id });
    expect(article.titleLines).toEqual(['让监督更有力量']);
    expect(article.subtitle).toBe('——2025年监督工作综述');
    expect(article.byline).toBe('文 / 本刊 张三');
    const first = article.body.root.children[0] as SerializedBlock;
    expect((first.children as SerializedText[]).map((t) => [t.text, t.format])).toEqual([
      ['市人大常委会', 0],
      ['坚持问题导向', 1],
      ['，', 0],
      ['持续跟踪', 2],
      ['整改落实。这是脚注所在句[1]。', 0],
    ]);
    const blocks = blocksFromDoc(article.body);
    const caption = blocks.find((b) => b.type === 'caption');
    expect(caption).toMatchObject({ type: 'caption', text: '常委会组成人员视察养老驿站', credit: null });
    const photos = library.listPhotos({ issueId: article.issueId }).filter((p) => p.articleId === summary.id);
    expect(photos).toHaveLength(1);
    expect(caption?.type === 'caption' && caption.photoId).toBe(photos[0]!.id);
    expect(photos[0]).toMatchObject({ placement: 'article', widthPx: 40, heightPx: 30, caption: '常委会组成人员视察养老驿站', credit: null });
    expect(fs.existsSync(path.join(lib.dir, photos[0]!.file!))).toBe(true);
    expect(blocks[blocks.length - 1]).toEqual({ type: 'note', text: '[1] 见《北京人大》2025年第12期。' });
    expect(summary.charCount).toBeGreaterThan(50);
  });

  it('replaces the body of an existing article, keeping its title, and refuses a stale revision', async () => {
    const { library, manuscripts, section } = await setUp();
    const target = section.articles[0]!;
    const text = Buffer.from('新稿\n\n　　这是替换后的正文，\n被拆成两行。\n');
    const stale = await Promise.resolve(manuscripts.commitManuscript({ sectionId: section.id, articleId: target.id, baseRevision: target.revision + 1 }, '新稿.txt', text)).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'conflict', details: { reason: 'stale_revision' } });
    expect(library.getArticle({ articleId: target.id }).revision).toBe(target.revision);

    // Without the revision it replaces, a replace is refused like a save without one.
    await expect(manuscripts.commitManuscript({ sectionId: section.id, articleId: target.id }, '新稿.txt', text)).rejects.toMatchObject({
      code: 'invalid_request',
      details: { path: 'baseRevision' },
    });
    expect(library.getArticle({ articleId: target.id }).revision).toBe(target.revision);

    const saved = await manuscripts.commitManuscript({ sectionId: section.id, articleId: target.id, baseRevision: target.revision }, '新稿.txt', text);
    const article = library.getArticle({ articleId: target.id });
    expect(saved.id).toBe(target.id);
    expect(article.titleLines).toEqual(target.titleLines);
    expect(article.revision).toBe(target.revision + 1);
    expect(blocksFromDoc(article.body)).toEqual([{ type: 'paragraph', text: '这是替换后的正文，被拆成两行。' }]);
  });

  it('keeps a rejected join as a paragraph break', async () => {
    const { library, manuscripts, section } = await setUp();
    const text = Buffer.from('新稿\n\n　　这是替换后的正文，\n被拆成两行。\n');
    const preview = await manuscripts.readManuscript('新稿.txt', text);
    expect(preview.joins).toHaveLength(1);
    const saved = await manuscripts.commitManuscript({ sectionId: section.id, rejectedJoins: [0] }, '新稿.txt', text);
    expect(blocksFromDoc(library.getArticle({ articleId: saved.id }).body).map((b) => b.text)).toEqual(['这是替换后的正文，', '被拆成两行。']);
  });

  it('changes nothing when a manuscript is refused, also through dispatch with the file named', async () => {
    const { lib, manuscripts, service, section } = await setUp();
    const me = await signedIn(lib, { handlers: service as never });
    const before = snapshot(lib.db);
    const huge = await buildDocx([{ kind: 'p', style: 'Title', runs: ['大图'] }, { kind: 'p', runs: ['正文。'] }, { kind: 'image', png: await pngClaiming(100_000, 100_000), alt: '' }]);
    await expect(manuscripts.commitManuscript({ sectionId: section.id }, '大图.docx', huge)).rejects.toMatchObject({
      code: 'import_invalid',
      details: { reason: 'image_too_large' },
    });
    const answer = await me.dispatch('commitManuscript', { sectionId: section.id, upload: me.upload('manuscript', '坏.docx', Buffer.from('PK\u0003\u0004truncated')) });
    expect(answer).toMatchObject({ ok: false, error: { code: 'import_invalid', details: { file: '坏.docx', reason: 'docx_damaged' } } });
    expect(snapshot(lib.db)).toEqual(before);
  });
});
