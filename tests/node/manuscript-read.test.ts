// Reading manuscripts into a preview: Word structure and formats, text encodings, mid-sentence joins,
// Markdown, and every kind of bad file refused with the file's name and a reason.

import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { QikanError } from '../../src/shared/errors';
import { readManuscriptFile } from '../../src/node/import/manuscript/read-manuscript';
import { checkDocumentSize, MAX_DOCX_ELEMENTS, parseDocx } from '../../src/node/import/manuscript/docx-manuscript';
import { FORMAT_BOLD, FORMAT_ITALIC } from '../../src/node/import/manuscript/rich-blocks';
import { buildDocx, pngBytes, pngClaiming, sampleManuscriptDocx } from '../fixtures/manuscripts/build-docx';

async function refusal(fileName: string, bytes: Buffer): Promise<QikanError> {
  const err = await readManuscriptFile(fileName, bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(QikanError);
  return err as QikanError;
}

/** PDF-style text: lines cut at a fixed width in mid-sentence, paragraphs indented with two ideographic spaces. */
const BROKEN_LINES = [
  '代表建议办理工作侧记',
  '文 / 本刊 李四',
  '　　今年以来，市人大常委会把代表建议办理',
  '作为联系群众的重要渠道，推动一批',
  '群众急难愁盼问题得到解决。',
  '　　下一步，常委会将继续跟踪督办。',
].join('\r\n');

describe('Word manuscripts', () => {
  it('reads title, subtitle, byline, headings, formats, lists, footnotes and images', async () => {
    const { preview, blocks } = await readManuscriptFile('监督综述.docx', await sampleManuscriptDocx());
    expect(preview.format).toBe('docx');
    expect(preview.titleLines).toEqual(['让监督更有力量']);
    expect(preview.subtitle).toBe('——2025年监督工作综述');
    expect(preview.byline).toBe('文 / 本刊 张三');
    expect(preview.blocks.map((b) => b.type)).toEqual([
      'paragraph', 'heading', 'paragraph', 'paragraph', 'heading', 'paragraph', 'paragraph', 'caption', 'quote', 'paragraph', 'note',
    ]);
    expect(preview.blocks[1]).toEqual({ type: 'heading', level: 1, text: '一、聚焦民生' });
    expect(preview.blocks[4]).toEqual({ type: 'heading', level: 2, text: '（一）养老服务' });
    expect(preview.blocks.slice(2, 4).map((b) => b.text)).toEqual(['● 听取专项报告', '● 开展执法检查']);
    expect(preview.blocks.slice(5, 7).map((b) => b.text)).toEqual(['1. 第一项', '2. 第二项']);
    expect(preview.blocks[7]).toEqual({ type: 'caption', text: '常委会组成人员视察养老驿站', credit: null });
    expect(preview.blocks[10]).toEqual({ type: 'note', text: '[1] 见《北京人大》2025年第12期。' });
    expect(preview.blocks[0]!.text).toBe('市人大常委会坚持问题导向，持续跟踪整改落实。这是脚注所在句[1]。');
    expect(preview.images).toEqual([{ name: 'image1.png', widthPx: 40, heightPx: 30 }]);
    const first = blocks[0]!;
    expect(first.type === 'paragraph' && first.runs).toEqual([
      { text: '市人大常委会', format: 0 },
      { text: '坚持问题导向', format: FORMAT_BOLD },
      { text: '，', format: 0 },
      { text: '持续跟踪', format: FORMAT_ITALIC },
      { text: '整改落实。这是脚注所在句[1]。', format: 0 },
    ]);
  });

  it('takes an opening heading as the title when there is no Title style, else the file name with a warning', async () => {
    const headed = await readManuscriptFile('a.docx', await buildDocx([{ kind: 'p', style: 'Heading1', runs: ['标题在此'] }, { kind: 'p', runs: ['正文。'] }]));
    expect(headed.preview.titleLines).toEqual(['标题在此']);
    expect(headed.preview.blocks).toEqual([{ type: 'paragraph', text: '正文。' }]);
    const bare = await readManuscriptFile('来稿三.docx', await buildDocx([{ kind: 'p', runs: ['只有正文。'] }]));
    expect(bare.preview.titleLines).toEqual(['来稿三']);
    expect(bare.preview.warnings).toContainEqual({ code: 'no_title', params: { title: '来稿三' } });
  });

  it('refuses a PNG renamed .docx, a truncated .docx and a zip without a Word document', async () => {
    const png = await refusal('照片.docx', await pngBytes());
    expect(png.code).toBe('import_invalid');
    expect(png.details).toMatchObject({ file: '照片.docx', reason: 'docx_not_zip' });
    const whole = await sampleManuscriptDocx();
    const cut = await refusal('半截.docx', whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(cut.details).toMatchObject({ file: '半截.docx', reason: 'docx_damaged' });
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    const notWord = await refusal('压缩包.docx', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(notWord.details).toMatchObject({ file: '压缩包.docx', reason: 'docx_not_word' });
  });

  it('refuses zip bombs from the central directory, and entries that inflate past what they declare', async () => {
    // 60 MB of zeros deflates to about 60 KB: a ratio no manuscript has.
    const zip = new JSZip();
    zip.file('word/document.xml', Buffer.alloc(60 * 1024 * 1024));
    const bomb = await refusal('炸弹.docx', await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(bomb.details).toMatchObject({ file: '炸弹.docx', reason: 'docx_zip_bomb', entry: 'word/document.xml' });

    // A directory that declares 300 MB is refused before anything is inflated.
    const honest = await sampleManuscriptDocx();
    const declared = Buffer.from(honest);
    patchCentralSizes(declared, 'word/document.xml', (size) => ({ uncompressed: 300 * 1024 * 1024, compressed: size.compressed }));
    expect((await refusal('大.docx', declared)).details.reason).toBe('docx_zip_bomb');

    // A liar declaring fewer bytes than it holds is stopped at its declared size.
    const liar = Buffer.from(honest);
    patchCentralSizes(liar, 'word/document.xml', (size) => ({ uncompressed: 100, compressed: size.compressed }));
    expect((await refusal('谎报.docx', liar)).details.reason).toBe('docx_zip_bomb');
  });

  it('refuses a small .docx of very many tiny paragraphs from its XML, before converting it', async () => {
    // 150,000 one-character paragraphs: a file of a few MB at an ordinary compression ratio, which
    // converting would take minutes and gigabytes over before the character limit applied.
    let seed = 7;
    const char = (): string => String.fromCharCode(0x4e00 + ((seed = (seed * 48271) % 2147483647) % 20000));
    const docx = await buildDocx(Array.from({ length: 150_000 }, () => ({ kind: 'p' as const, runs: [char()] })));
    expect(docx.length).toBeLessThan(20 * 1024 * 1024);
    const refused = await refusal('碎段.docx', docx);
    expect(refused.details).toMatchObject({ file: '碎段.docx', reason: 'manuscript_too_complex' });
    // Padded with other elements, so that paragraphs and runs stay few: refused by the element count.
    expect(() => checkDocumentSize(Buffer.from(`<w:document><w:body><w:p><w:r><w:t>字</w:t></w:r></w:p>${'<w:proofErr/>'.repeat(MAX_DOCX_ELEMENTS + 1)}</w:body></w:document>`), '垫充.docx')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'manuscript_too_complex' }) }),
    );
    // Just under the limits it is read.
    const fine = await readManuscriptFile('正常.docx', await buildDocx(Array.from({ length: 2000 }, () => ({ kind: 'p' as const, runs: [char() + char()] }))));
    expect(fine.blocks.length).toBeGreaterThan(1000);
  });

  it('converts in a worker with a memory cap and a time limit: a conversion past them is refused, and nothing else is held up', async () => {
    const docx = await sampleManuscriptDocx();
    const outOfMemory = await parseDocx(docx, '内存.docx', '内存', { memoryMb: 2 }).then(() => null, (e: unknown) => e as QikanError);
    expect(outOfMemory?.details).toMatchObject({ file: '内存.docx', reason: 'manuscript_too_complex' });
    const outOfTime = await parseDocx(docx, '超时.docx', '超时', { timeMs: 1 }).then(() => null, (e: unknown) => e as QikanError);
    expect(outOfTime?.details).toMatchObject({ file: '超时.docx', reason: 'manuscript_too_complex' });
    // The thread that asked goes on meanwhile: timers fire while a conversion runs.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const parsed = await parseDocx(docx, '监督综述.docx', '监督综述');
    clearInterval(timer);
    expect(parsed.images.length).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(0);
  });

  it('refuses a whole document that embeds an image claiming 100,000 × 100,000 pixels', async () => {
    const docx = await buildDocx([
      { kind: 'p', style: 'Title', runs: ['大图'] },
      { kind: 'image', png: await pngClaiming(100_000, 100_000), alt: '' },
    ]);
    const err = await refusal('大图.docx', docx);
    expect(err.details).toMatchObject({ reason: 'image_too_large', file: '大图.docx › image1.png', widthPx: 100_000, heightPx: 100_000 });
  });
});

describe('text manuscripts', () => {
  it('detects GBK/GB18030 and reads the Chinese text', async () => {
    const text = '关于加强监督的报告\n文/王五\n\n　　常委会听取和审议了报告。\n';
    const { preview } = await readManuscriptFile('报告.txt', iconv.encode(text, 'gbk'));
    expect(preview.encoding).toBe('gb18030');
    expect(preview.format).toBe('text');
    expect(preview.titleLines).toEqual(['关于加强监督的报告']);
    expect(preview.byline).toBe('文/王五');
    expect(preview.blocks).toEqual([{ type: 'paragraph', text: '常委会听取和审议了报告。' }]);
  });

  it('reads UTF-8 with a BOM and rejoins lines broken mid-sentence, listing each join', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BROKEN_LINES, 'utf8')]);
    const { preview } = await readManuscriptFile('侧记.txt', bytes);
    expect(preview.encoding).toBe('utf-8-bom');
    expect(preview.titleLines).toEqual(['代表建议办理工作侧记']);
    expect(preview.byline).toBe('文 / 本刊 李四');
    expect(preview.blocks.map((b) => b.text)).toEqual([
      '今年以来，市人大常委会把代表建议办理作为联系群众的重要渠道，推动一批群众急难愁盼问题得到解决。',
      '下一步，常委会将继续跟踪督办。',
    ]);
    const para = preview.blocks[0]!.text;
    const firstLine = '今年以来，市人大常委会把代表建议办理';
    const secondLine = '作为联系群众的重要渠道，推动一批';
    const join = (offset: number) => ({ blockIndex: 0, offset, before: para.slice(offset - 12, offset), after: para.slice(offset, offset + 12) });
    expect(preview.joins).toEqual([join(firstLine.length), join(firstLine.length + secondLine.length)]);
    expect(preview.joins[0]).toMatchObject({ before: '人大常委会把代表建议办理', after: '作为联系群众的重要渠道，' });
  });

  it('undoes the joins the editor rejected', async () => {
    const { preview } = await readManuscriptFile('侧记.txt', Buffer.from(BROKEN_LINES, 'utf8'), { rejectedJoins: [1] });
    expect(preview.encoding).toBe('utf-8');
    expect(preview.blocks.map((b) => b.text)).toEqual([
      '今年以来，市人大常委会把代表建议办理作为联系群众的重要渠道，推动一批',
      '群众急难愁盼问题得到解决。',
      '下一步，常委会将继续跟踪督办。',
    ]);
  });

  it('reads Markdown headings, quotes, lists, bold and italic', async () => {
    const md = ['# 标题一行', '', '## 一、小标题', '', '正文有**加粗**和*强调*。', '', '> 引用的话，', '> 接着说完。', '', '- 第一条', '- 第二条', '', '### 细目', '', '1. 甲', '2. 乙'].join('\n');
    const { preview, blocks } = await readManuscriptFile('稿.md', Buffer.from(md));
    expect(preview.format).toBe('markdown');
    expect(preview.titleLines).toEqual(['标题一行']);
    expect(preview.blocks).toEqual([
      { type: 'heading', level: 1, text: '一、小标题' },
      { type: 'paragraph', text: '正文有加粗和强调。' },
      { type: 'quote', text: '引用的话，接着说完。' },
      { type: 'paragraph', text: '● 第一条' },
      { type: 'paragraph', text: '● 第二条' },
      { type: 'heading', level: 2, text: '细目' },
      { type: 'paragraph', text: '1. 甲' },
      { type: 'paragraph', text: '2. 乙' },
    ]);
    expect(preview.joins).toEqual([{ blockIndex: 2, offset: 5, before: '引用的话，', after: '接着说完。' }]);
    const body = blocks[1]!;
    expect(body.type === 'paragraph' && body.runs).toEqual([
      { text: '正文有', format: 0 },
      { text: '加粗', format: FORMAT_BOLD },
      { text: '和', format: 0 },
      { text: '强调', format: FORMAT_ITALIC },
      { text: '。', format: 0 },
    ]);
  });

  it('refuses invalid UTF-8 that is not GB18030 Chinese, binary data, and empty files', async () => {
    const latin1 = await refusal('résumé.txt', Buffer.from('Café crème, déjà vu à la carte: résumé.', 'latin1'));
    expect(latin1.details).toMatchObject({ file: 'résumé.txt', reason: 'text_encoding' });
    const png = await refusal('图片.txt', await pngBytes());
    expect(png.details).toMatchObject({ file: '图片.txt', reason: 'text_binary' });
    expect((await refusal('空.txt', Buffer.alloc(0))).details).toMatchObject({ file: '空.txt', reason: 'manuscript_empty' });
    expect((await refusal('空白.md', Buffer.from('\n  \n\u3000\n'))).details).toMatchObject({ file: '空白.md', reason: 'manuscript_empty' });
    expect((await refusal('表格.xlsx', Buffer.from('x'))).details).toMatchObject({ file: '表格.xlsx', reason: 'manuscript_unsupported' });
  });
});

/** Rewrites one entry's sizes in the central directory (what a crafted zip would declare). */
function patchCentralSizes(zip: Buffer, name: string, sizes: (current: { compressed: number; uncompressed: number }) => { compressed: number; uncompressed: number }): void {
  for (let at = 0; at + 46 < zip.length; at++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) continue;
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.subarray(at + 46, at + 46 + nameLength).toString('utf8') !== name) continue;
    const next = sizes({ compressed: zip.readUInt32LE(at + 20), uncompressed: zip.readUInt32LE(at + 24) });
    zip.writeUInt32LE(next.compressed, at + 20);
    zip.writeUInt32LE(next.uncompressed, at + 24);
    return;
  }
  throw new Error(`no central directory entry ${name}`);
}
