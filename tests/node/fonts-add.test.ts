// Registering a licensed font with the library (addFont) and the colophon's manual board-order flag,
// against a real library holding the sample issue.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userFaceKey } from '../../src/node/fonts/default-fonts';
import { safeFontFileName } from '../../src/node/fonts/add-font';
import { libraryFontDir, libraryFonts } from '../../src/node/fonts/library-fonts';
import type { Library } from '../../src/node/library/open-library';
import { signedIn, type SignedIn } from '../support/people';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import type { ErrorPayload } from '../../src/shared/errors';
import type { Colophon, Publication } from '../../src/shared/model';
import type { ExportJob } from '../../src/shared/print';
import type { AvailableFont } from '../../src/shared/settings';
import { REPO_ROOT, openSampleLibrary, removeTempDirs, snapshot } from './helpers';

const NOTO_SANS = path.join(REPO_ROOT, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const NOTO_SERIF_BOLD = path.join(REPO_ROOT, 'node_modules/@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');

let lib: Library;
let handlers: SignedIn;
let issueId: number;
let publicationId: number;

beforeAll(async () => {
  lib = openSampleLibrary();
  handlers = await signedIn(lib);
  const store = createLibraryService(lib);
  issueId = store.listIssues({})[0]!.id;
  publicationId = store.getIssueOutline({ issueId }).publication.id;
});

afterAll(() => {
  lib?.close();
  removeTempDirs();
});

async function call<T>(method: string, input: unknown): Promise<T> {
  const envelope = await handlers.dispatch(method, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

/** Saves the publication over the one stored now (a save names the record it replaces). */
async function savePublication(patch: unknown): Promise<Publication> {
  const base = await call<Publication>('getPublication', { publicationId });
  return call<Publication>('updatePublication', { publicationId, patch, base });
}

async function refusal(method: string, input: unknown): Promise<ErrorPayload> {
  const envelope = await handlers.dispatch(method, input);
  if (envelope.ok) throw new Error(`${method} was expected to fail`);
  return envelope.error;
}

const addFont = (fileName: string, bytes: Uint8Array) => call<AvailableFont[]>('addFont', { upload: handlers.upload('font', fileName, bytes) });
/** addFont refused: the file is uploaded first, as the transports do. */
const addFontRefusal = (fileName: string, bytes: Uint8Array) => refusal('addFont', { upload: handlers.upload('font', fileName, bytes) });
const userFiles = () => fs.readdirSync(libraryFontDir(lib)).sort();

/** BaseFont names of the CID fonts a PDF embeds, without the subset tag. */
async function embeddedFonts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const names: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Subtype'))?.toString() !== '/CIDFontType2') continue;
    const descriptor = object.lookup(PDFName.of('FontDescriptor'), PDFDict);
    if (!descriptor.get(PDFName.of('FontFile2'))) continue;
    names.push(String(object.get(PDFName.of('BaseFont'))).replace(/^\/[A-Z]{6}\+/u, ''));
  }
  return names.sort();
}

describe('addFont refuses what is not a usable font, and changes nothing', () => {
  const cases: [string, () => Uint8Array, string][] = [
    ['a text file renamed .ttf', () => new TextEncoder().encode('这不是字体文件，只是改了扩展名。\n'.repeat(40)), 'not_a_font'],
    ['a truncated TTF', () => new Uint8Array(fs.readFileSync(NOTO_SANS).subarray(0, 200_000)), 'font_truncated'],
    ['an empty file', () => new Uint8Array(0), 'font_empty'],
  ];
  it.each(cases)('%s', async (_label, bytes, reason) => {
    const before = { files: userFiles(), fonts: libraryFonts(lib), rows: snapshot(lib.db) };
    const fileName = '方正书宋.ttf';
    // Even an empty file uploads: the font check refuses it, naming the file.
    const error = await addFontRefusal(fileName, bytes());
    expect(error).toMatchObject({ code: 'import_invalid', details: { file: fileName, reason } });
    expect(userFiles()).toEqual(before.files);
    expect(libraryFonts(lib)).toBe(before.fonts);
    expect(snapshot(lib.db)).toEqual(before.rows);
  });

  it('an upload id that is not one, or one nobody sent, is refused before the service', async () => {
    expect(await refusal('addFont', { upload: 'not-an-id' })).toMatchObject({ code: 'invalid_request', details: { path: 'upload' } });
    expect(await refusal('addFont', { upload: 'f'.repeat(32) })).toMatchObject({ code: 'not_found', details: { reason: 'upload_missing' } });
  });

  it('a photo upload cannot be used as a font', async () => {
    const upload = handlers.upload('photo', 'NotoSans.ttf', fs.readFileSync(NOTO_SANS));
    expect(await refusal('addFont', { upload })).toMatchObject({ code: 'not_found', details: { reason: 'upload_missing' } });
    expect(userFiles()).toEqual([]);
  });

  it('a file that is not .ttf, .otf or .ttc', async () => {
    const error = await addFontRefusal('font.woff2', fs.readFileSync(NOTO_SANS));
    expect(error).toMatchObject({ code: 'import_invalid', details: { reason: 'font_type' } });
    expect(userFiles()).toEqual([]);
  });

  it('a Latin-only TrueType font, which cannot serve a Chinese role', async () => {
    const latin = path.join(REPO_ROOT, 'node_modules/pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
    const error = await addFontRefusal('LiberationSans-Regular.ttf', fs.readFileSync(latin));
    expect(error).toMatchObject({ code: 'import_invalid', details: { reason: 'no_cjk', font: 'LiberationSans' } });
    expect(userFiles()).toEqual([]);
  });

  it('a CFF-outline OpenType font, which the PDF writer cannot embed', async () => {
    // The sfnt header of an OpenType/CFF font with a directory holding only a CFF table.
    const bytes = new Uint8Array(64);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 0x4f54544f); // 'OTTO'
    view.setUint16(4, 1);
    bytes.set([0x43, 0x46, 0x46, 0x20], 12); // 'CFF '
    view.setUint32(20, 28);
    view.setUint32(24, 36);
    const error = await addFontRefusal('FZShuSong.otf', Buffer.from(bytes));
    expect(error).toMatchObject({ code: 'import_invalid', details: { reason: 'cff_outlines' } });
  });
});

describe('a registered font', () => {
  let key: string;

  it('is copied into the library fonts folder and listed as a user font', async () => {
    const before = libraryFonts(lib);
    const fonts = await addFont('NotoSansSC_400Regular.ttf', fs.readFileSync(NOTO_SANS));
    expect(userFiles()).toEqual(['NotoSansSC_400Regular.ttf']);
    expect(fs.readFileSync(path.join(libraryFontDir(lib), 'NotoSansSC_400Regular.ttf')).equals(fs.readFileSync(NOTO_SANS))).toBe(true);
    // The registry was reloaded: the services notice the new one by identity.
    expect(libraryFonts(lib)).not.toBe(before);
    const user = fonts.filter((f) => f.user);
    expect(user).toHaveLength(1);
    // Its PostScript name is a bundled face's: it takes a key of its own and hides nothing.
    key = user[0]!.key;
    expect(key).toBe('NotoSansSC-Regular@NotoSansSC_400Regular');
    expect(user[0]).toMatchObject({ family: 'Noto Sans SC', weight: 400 });
    expect(fonts.find((f) => f.key === 'NotoSansSC-Regular')).toMatchObject({ user: false });
    const pub = await call<Publication>('getPublication', { publicationId });
    expect((pub.settings.availableFonts as AvailableFont[]).map((f) => f.key)).toContain(key);
  });

  it('chosen for a role, sets the text in the layout and is embedded in the exported PDF', async () => {
    const fontsOfLayout = () => new Set(getIssueLayout(lib, issueId).document.fonts);
    expect(fontsOfLayout().has(key)).toBe(false);
    // Song (the body) and hei regular on the user's face: the bundled Noto Sans SC Regular is then
    // used nowhere, so a NotoSansSC-Regular in the PDF can only be the user's file.
    await savePublication({ settings: { fonts: { song: { regular: key }, hei: { regular: key } } } });
    const used = fontsOfLayout();
    expect(used.has(key)).toBe(true);
    expect(used.has('NotoSansSC-Regular')).toBe(false);

    const started = await call<ExportJob>('startExport', { issueId, kind: 'screen' });
    let job = started;
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await call<ExportJob>('getExportJob', { jobId: started.jobId });
    }
    expect(job.error).toBeNull();
    const pdf = fs.readFileSync(path.join(lib.dir, 'exports', job.result!.fileName));
    expect(await embeddedFonts(pdf)).toContain('NotoSansSC-Regular');
    await savePublication({ settings: {} });
  }, 180_000);

  it('a second file of the same name does not overwrite the first', async () => {
    const first = fs.readFileSync(path.join(libraryFontDir(lib), 'NotoSansSC_400Regular.ttf'));
    const fonts = await addFont('NotoSansSC_400Regular.ttf', fs.readFileSync(NOTO_SERIF_BOLD));
    expect(userFiles()).toEqual(['NotoSansSC_400Regular-2.ttf', 'NotoSansSC_400Regular.ttf']);
    expect(fs.readFileSync(path.join(libraryFontDir(lib), 'NotoSansSC_400Regular.ttf')).equals(first)).toBe(true);
    expect(fonts.filter((f) => f.user).map((f) => f.key).sort()).toEqual([key, 'NotoSerifSC-Bold@NotoSansSC_400Regular-2']);
    expect(fonts.find((f) => f.key === 'NotoSerifSC-Bold@NotoSansSC_400Regular-2')).toMatchObject({ weight: 700 });
  });

  it('the same face registered again is refused: it would only shadow the first', async () => {
    const before = { files: userFiles(), fonts: libraryFonts(lib) };
    const error = await addFontRefusal('copy.ttf', fs.readFileSync(NOTO_SANS));
    expect(error).toMatchObject({ code: 'import_invalid', details: { file: 'copy.ttf', reason: 'duplicate_font', font: 'NotoSansSC-Regular' } });
    expect(userFiles()).toEqual(before.files);
    expect(libraryFonts(lib)).toBe(before.fonts);
  });
});

describe('font file names and keys', () => {
  it('keeps a safe file name with the font extension', () => {
    expect(safeFontFileName('../../etc/方正书宋_GBK.TTF')).toBe('方正书宋_GBK.ttf');
    expect(safeFontFileName('C:\\fonts\\a:b*c?.otf')).toBe('a_b_c_.otf');
    expect(safeFontFileName('.ttf')).toBe('font.ttf');
  });

  it('qualifies a user face key only on a clash, and never for a collection member', () => {
    const taken = new Set(['NotoSansSC-Regular']);
    const isTaken = (k: string) => taken.has(k);
    expect(userFaceKey('FZShuSong-Z01', 'fz.ttf', false, isTaken)).toBe('FZShuSong-Z01');
    expect(userFaceKey('NotoSansSC-Regular', 'noto.ttf', false, isTaken)).toBe('NotoSansSC-Regular@noto');
    expect(userFaceKey('NotoSansSC-Regular', 'noto.ttc', true, isTaken)).toBeNull();
  });
});

describe('the colophon carries the manual board order', () => {
  it('getColophon returns manualOrder; updateColophon takes it in the colophon or as manualBoardOrder', async () => {
    const automatic = await call<Colophon>('getColophon', { issueId });
    expect(automatic.editorialBoard.manualOrder).toBeUndefined();
    const reversed = [...automatic.editorialBoard.members].reverse();

    const viaBoard = await call<Colophon>('updateColophon', {
      issueId,
      colophon: { ...automatic, editorialBoard: { ...automatic.editorialBoard, members: reversed, manualOrder: true } },
      base: automatic,
    });
    expect(viaBoard.editorialBoard).toMatchObject({ manualOrder: true, members: reversed });
    expect((await call<Colophon>('getColophon', { issueId })).editorialBoard.manualOrder).toBe(true);

    const viaField = await call<Colophon>('updateColophon', { issueId, colophon: viaBoard, manualBoardOrder: false, base: viaBoard });
    expect(viaField.editorialBoard.manualOrder).toBeUndefined();
    // Unmarked, the order entered is still what is stored and printed (姓名笔画 order is only suggested).
    expect(viaField.editorialBoard.members).toEqual(reversed);

    const viaField2 = await call<Colophon>('updateColophon', { issueId, colophon: { ...viaField, editorialBoard: { ...viaField.editorialBoard, members: reversed } }, manualBoardOrder: true, base: viaField });
    expect(viaField2.editorialBoard).toMatchObject({ manualOrder: true, members: reversed });
    await call('updateColophon', { issueId, colophon: automatic, manualBoardOrder: false, base: viaField2 });
  });
});
