// Publication settings and the colophon editor against a real library holding the sample issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type SignedIn } from '../support/people';
import type { Library } from '../../src/node/library/open-library';
import { issueFacts } from '../../src/node/export/issue-metadata';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { createLayoutService } from '../../src/node/services/layout-service';
import { createLibraryService } from '../../src/node/services/library-service';
import { createProductionService } from '../../src/node/services/production-service';
import { createSettingsService, effectiveDesign, priceAmountOf } from '../../src/node/services/settings-service';
import { sortByStrokes } from '../../src/engine/issue/stroke-order';
import type { ApiHandlers } from '../../src/node/api/dispatch';
import type { ApiInput } from '../../src/shared/api';
import type { DisplayPage } from '../../src/shared/display-list';
import type { Colophon, Publication } from '../../src/shared/model';
import { openSampleLibrary, removeTempDirs, snapshot } from './helpers';

let lib: Library;
let issueId: number;
let publicationId: number;
let settings: ReturnType<typeof createSettingsService>;
let bodyArticleId: number;
let me: SignedIn;

beforeAll(async () => {
  lib = openSampleLibrary();
  const store = createLibraryService(lib);
  issueId = store.listIssues({})[0]!.id;
  const outline = store.getIssueOutline({ issueId });
  publicationId = outline.publication.id;
  // A long article from the body of the issue (not the 卷首语).
  const summaries = outline.sections.slice(1).flatMap((s) => s.articles);
  bodyArticleId = summaries.sort((a, b) => b.charCount - a.charCount)[0]!.id;
  settings = createSettingsService(lib);
  me = await signedIn(lib, { handlers: settings as unknown as ApiHandlers });
});

afterAll(() => {
  lib?.close();
  removeTempDirs();
});

const call = (method: string, input: unknown) => me.dispatch(method, input);

/** The publication as read now: every save names the record it replaces (base). */
const readPublication = (): Publication => ({ ...(settings.getPublication({ publicationId }) as Publication) });
const savePublication = (patch: ApiInput<'updatePublication'>['patch']): Publication =>
  settings.updatePublication({ publicationId, patch, base: { ...readPublication() } }) as Publication;
/** Saves the colophon over the one stored now. */
const saveColophon = (colophon: Colophon, manualBoardOrder?: boolean): Colophon =>
  settings.updateColophon({
    issueId,
    colophon: { ...colophon },
    base: { ...createLibraryService(lib).getColophon({ issueId }) },
    ...(manualBoardOrder === undefined ? {} : { manualBoardOrder }),
  }) as Colophon;

function refusedPath(envelope: Awaited<ReturnType<typeof call>>): string | undefined {
  expect(envelope.ok).toBe(false);
  return envelope.ok ? undefined : String(envelope.error.details.path);
}

/** Distinct left edges of body text lines on the article's pages: one per column. */
function columnEdges(pages: DisplayPage[], owner: number): number[] {
  const xs = new Set<number>();
  for (const p of pages) for (const l of p.lines) if (l.source.owner === owner) xs.add(Math.round(l.x));
  return [...xs].sort((a, b) => a - b);
}

describe('publication settings', () => {
  it('returns the publication with the faces the library has', () => {
    const pub = settings.getPublication({ publicationId }) as Publication;
    expect(pub.title).toBe('北京人大');
    const fonts = pub.settings.availableFonts as { key: string }[];
    expect(fonts.map((f) => f.key)).toEqual(expect.arrayContaining(['NotoSerifSC-Regular', 'NotoSansSC-Bold']));
  });

  it('refuses bad values naming the field, and saves nothing', async () => {
    const before = snapshot(lib.db);
    expect(refusedPath(await call('updatePublication', { publicationId, patch: { settings: { layout: { typeWidthEm: 52.5 } } }, base: readPublication() }))).toBe('settings.layout.typeWidthEm');
    expect(refusedPath(await call('updatePublication', { publicationId, patch: { settings: { styles: { body: { size: '大五' } } } }, base: readPublication() }))).toBe('settings.styles.body.size');
    // 五号 body on the 15.5 pt grid leaves less than half an em between lines.
    const tight = await call('updatePublication', { publicationId, patch: { settings: { styles: { body: { size: '五号' } } } }, base: readPublication() });
    expect(refusedPath(tight)).toBe('settings.layout.pitchPt');
    expect(!tight.ok && tight.error.details.rule).toBe('pitch_range');
    expect(refusedPath(await call('updatePublication', { publicationId, patch: { settings: { layout: { columns: 5 } } }, base: readPublication() }))).toBe('settings.layout.columns');
    expect(refusedPath(await call('updatePublication', { publicationId, patch: { settings: { fonts: { kai: { regular: 'NoSuchFont-Regular' } } } }, base: readPublication() }))).toBe('settings.fonts.kai.regular');
    expect(refusedPath(await call('updatePublication', { publicationId, patch: { trimWidthMm: 120 }, base: readPublication() }))).toBe('settings.layout.typeWidthEm');
    expect(refusedPath(await call('updatePublication', { publicationId, patch: { settings: { colour: 'red' } }, base: readPublication() }))).toBe('settings.colour');
    expect(snapshot(lib.db)).toEqual(before);
  });

  it('accepts sizes in 号 or points and keeps them as given', () => {
    const pub = savePublication({ settings: { layout: { pitchPt: 18 }, styles: { body: { size: '五号' }, caption: { size: 8 } } } });
    expect(pub.settings.styles).toEqual({ body: { size: '五号' }, caption: { size: 8 } });
    const design = effectiveDesign(pub);
    expect(design.page.bodySizePt).toBe(10.5);
    expect(design.styles.body.leadingPt).toBe(18);
    // Styles left alone that were sized like the body follow it.
    expect(design.styles.quote.size).toBe('五号');
    expect(design.styles.caption.size).toBe(8);
    savePublication({ settings: {} });
  });

  it('a columns change changes the column count of the preview and the issue layout', () => {
    const preview = createLayoutService(lib);
    const twoColumns = columnEdges(preview.layoutArticle({ articleId: bodyArticleId }).pages, bodyArticleId);
    const issueTwo = getIssueLayout(lib, issueId);
    const issueTwoEdges = columnEdges(issueTwo.document.pages, bodyArticleId);
    expect(twoColumns).toHaveLength(2);
    expect(issueTwoEdges).toHaveLength(2);

    savePublication({ settings: { layout: { columns: 3 } } });
    expect(columnEdges(preview.layoutArticle({ articleId: bodyArticleId }).pages, bodyArticleId)).toHaveLength(3);
    const issueThree = getIssueLayout(lib, issueId);
    expect(issueThree).not.toBe(issueTwo);
    expect(columnEdges(issueThree.document.pages, bodyArticleId)).toHaveLength(3);

    savePublication({ settings: {} });
    expect(columnEdges(preview.layoutArticle({ articleId: bodyArticleId }).pages, bodyArticleId)).toEqual(twoColumns);
  });

  it('a body size change changes the size the preview sets the text in', () => {
    const preview = createLayoutService(lib);
    /** The size most of the article's glyphs are set in. */
    const bodySize = (): number => {
      const count = new Map<number, number>();
      for (const i of preview.layoutArticle({ articleId: bodyArticleId }).pages.flatMap((p) => p.items))
        if (i.kind === 'glyphs') count.set(i.sizePt, (count.get(i.sizePt) ?? 0) + i.glyphs.length);
      return [...count].sort((a, b) => b[1] - a[1])[0]![0];
    };
    expect(bodySize()).toBe(9);
    savePublication({ settings: { layout: { pitchPt: 18 }, styles: { body: { size: '五号' } } } });
    expect(bodySize()).toBe(10.5);
    savePublication({ settings: {} });
  });

  it('font roles point a role at another face the library has', () => {
    const preview = createLayoutService(lib);
    const fontsUsed = () => new Set(preview.layoutArticle({ articleId: bodyArticleId }).pages.flatMap((p) => p.items).flatMap((i) => (i.kind === 'glyphs' ? [i.font] : [])));
    expect(fontsUsed().has('NotoSerifSC-Regular')).toBe(true);
    savePublication({ settings: { fonts: { song: { regular: 'NotoSansSC-Regular' } } } });
    const used = fontsUsed();
    expect(used.has('NotoSansSC-Regular')).toBe(true);
    savePublication({ settings: {} });
  });
});

describe('one issue record drives the colophon, the PDF metadata and the preflight', () => {
  const store = () => createLibraryService(lib);
  const production = () => createProductionService(lib);
  const priceItems = async () =>
    (await production().preflightIssue({ issueId })).errors.filter((i) => i.code === 'required_item_missing' && i.target.field === 'price');

  it('the price set in the colophon editor is what the metadata and the preflight see', async () => {
    const colophon = store().getColophon({ issueId });
    expect(await priceItems()).toEqual([]);
    const updated = saveColophon({ ...colophon, price: { ...colophon.price, value: '8.00元' } });
    expect(updated.price).toMatchObject({ value: '8.00元', amount: 8 });
    expect(store().getColophon({ issueId }).price.value).toBe('8.00元');
    expect(issueFacts(lib, issueId).price).toBe('8.00元');
    const printed = getIssueLayout(lib, issueId).document.pages.find((p) => p.kind === 'colophon')!;
    expect(printed.lines.some((l) => l.text.includes('8.00元'))).toBe(true);

    saveColophon({ ...colophon, price: { ...colophon.price, value: '' } });
    expect(issueFacts(lib, issueId).price).toBeNull();
    expect(await priceItems()).toHaveLength(1);
    saveColophon({ ...colophon });
    expect(await priceItems()).toEqual([]);
  });

  it('the title set in the publication is the metadata title', () => {
    savePublication({ title: '北京人大测试' });
    expect(issueFacts(lib, issueId)).toMatchObject({ publicationName: '北京人大测试', title: '北京人大测试 2026年第1期' });
    savePublication({ title: '北京人大' });
  });

  it('refuses a malformed colophon naming the field and keeps the stored one', async () => {
    const colophon = store().getColophon({ issueId });
    const bad = { ...colophon, editorialBoard: { ...colophon.editorialBoard, members: ['王旭', ''] } };
    expect(refusedPath(await call('updateColophon', { issueId, colophon: bad, base: colophon }))).toBe('colophon.editorialBoard.members[1]');
    expect(store().getColophon({ issueId })).toEqual(colophon);
  });
});

describe('board order', () => {
  it('stores and prints the members in the order entered, with 姓名笔画 order as a suggestion only', () => {
    const colophon = createLibraryService(lib).getColophon({ issueId });
    const shuffled = [...colophon.editorialBoard.members].reverse();
    const withMembers = (members: string[]) => ({ ...colophon, editorialBoard: { ...colophon.editorialBoard, members } });

    const auto = saveColophon(withMembers(shuffled));
    expect(auto.editorialBoard.members).toEqual(shuffled);
    expect(getIssueLayout(lib, issueId).boardOrder).toEqual(shuffled);
    expect(getIssueLayout(lib, issueId).strokeOrderSuggestion).toEqual(sortByStrokes(shuffled));

    // Marking the order deliberate changes nothing printed; the flag is stored for the next save.
    const manual = saveColophon(withMembers(shuffled), true);
    expect(manual.editorialBoard).toMatchObject({ members: shuffled, manualOrder: true });
    expect(getIssueLayout(lib, issueId).boardOrder).toEqual(shuffled);
    const kept = saveColophon(withMembers(['冀岩', ...shuffled.filter((n) => n !== '冀岩')]));
    expect(kept.editorialBoard.members[0]).toBe('冀岩');
    expect(kept.editorialBoard.manualOrder).toBe(true);

    // Taking the suggestion is the office's act: it saves the stroke order, which then prints with no suggestion.
    const taken = saveColophon(withMembers(sortByStrokes(shuffled)), false);
    expect(taken.editorialBoard.members).toEqual(sortByStrokes(shuffled));
    expect(getIssueLayout(lib, issueId).boardOrder).toEqual(sortByStrokes(shuffled));
    expect(getIssueLayout(lib, issueId).strokeOrderSuggestion).toBeNull();
  });

  it('reads the amount from a price as printed', () => {
    expect(priceAmountOf('6.00元')).toBe(6);
    expect(priceAmountOf('定价：１２．５０元')).toBe(12.5);
    expect(priceAmountOf('免费')).toBeNull();
  });
});

describe('the proofreading regime', () => {
  it('is 三审三校 for the sample, survives a save that does not send it, and is switched only explicitly', () => {
    const regime = () => ((settings.getPublication({ publicationId }) as Publication).settings as { proofreading?: string }).proofreading;
    expect(regime()).toBe('三审三校');
    savePublication({ settings: { pinyin: 'BEIJING RENDA' } });
    expect(regime()).toBe('三审三校');
    savePublication({ settings: { proofreading: 'none' } });
    expect(regime()).toBe('none');
    savePublication({ settings: { proofreading: '三审三校' } });
    expect(regime()).toBe('三审三校');
  });
});
