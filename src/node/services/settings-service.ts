// Publication settings and the colophon editor. Settings are checked with the engine's own rules
// (a line length of whole em, leading 1.5–2 × the body size, 号 names, faces the library has) before
// anything is written, and a refusal names the field. The same settings become the engine's design
// for the issue layout and the article preview (effectiveDesign), so a change re-lays out both.

import { assertUnchangedSince } from '../library/unchanged-since';
import { sep } from 'node:path';
import { z } from 'zod';
import type { ApiInput } from '../../shared/api';
import { QikanError } from '../../shared/errors';
import type { Colophon, Masthead, Publication } from '../../shared/model';
import {
  EDITABLE_STYLE_NAMES,
  FONT_ROLES,
  publicationSettingsSchema,
  type AvailableFont,
  type PublicationSettings,
  type StyleSettings,
} from '../../shared/settings';
import { parseOrThrow } from '../../shared/validate';
import { columnsFor, validateGeometry, type PageSpec } from '../../engine/flow/geometry';
import { CachedFace } from '../../engine/fonts/cached-face';
import { FontkitFace } from '../../engine/fonts/fontkit-face';
import { FontRegistry, type FontRole } from '../../engine/fonts/registry';
import { designWith, type DeepPartial, type IssueDesign } from '../../engine/issue/design';
import { sizeToPt } from '../../engine/styles/sizes';
import type { ParagraphStyle, StyleName, StyleSheet } from '../../engine/styles/styles';
import { actorOfCall, type ApiHandlers } from '../api/dispatch';
import { addLibraryFont } from '../fonts/add-font';
import { uploadsOf } from '../uploads/upload-store';
import { libraryFontDir, libraryFonts } from '../fonts/library-fonts';
import type { Library } from '../library/open-library';
import { createLibraryService } from './library-service';
import { writeTransaction } from '../library/transaction';

const MIN_SIZE_PT = 4;
const MAX_SIZE_PT = 100;

function refuse(path: string, expected: string, rule: string, extra: Record<string, string | number> = {}): QikanError {
  return new QikanError('invalid_request', `${path}: expected ${expected}`, { path, expected, rule, ...extra });
}

/** The stored settings, read leniently: a part that does not parse is left to the defaults. */
export function settingsOf(pub: Publication): PublicationSettings {
  const { availableFonts: _ignored, ...stored } = pub.settings as Record<string, unknown>;
  void _ignored;
  const parsed = publicationSettingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const out: PublicationSettings = {};
  for (const key of Object.keys(publicationSettingsSchema.shape) as (keyof PublicationSettings)[]) {
    const part = publicationSettingsSchema.shape[key].safeParse(stored[key as string]);
    if (part.success && part.data !== undefined) (out as Record<string, unknown>)[key] = part.data;
  }
  return out;
}

function styleOver(base: ParagraphStyle, s: StyleSettings): ParagraphStyle {
  return {
    ...base,
    ...(s.size !== undefined ? { size: s.size } : {}),
    ...(s.leadingPt !== undefined ? { leadingPt: s.leadingPt } : {}),
    ...(s.firstLineIndent !== undefined ? { firstLineIndent: s.firstLineIndent } : {}),
    ...(s.tracking !== undefined ? { tracking: s.tracking } : {}),
    ...(s.align !== undefined ? { align: s.align, lastLineAlign: s.align === 'justify' ? 'start' : s.align } : {}),
    ...(s.role !== undefined || s.weight !== undefined ? { font: { role: s.role ?? base.font.role, weight: s.weight ?? base.font.weight } } : {}),
  };
}

/**
 * The engine's design for a publication: its expert overrides (settings.design), then the trim size,
 * the layout and the styles an editor set. Styles left alone follow the body: those sized like the
 * default body take the body's size, and those on the default pitch take the new pitch.
 */
export function effectiveDesign(pub: Publication, opts: { manualBoardOrder?: boolean } = {}): IssueDesign {
  const settings = settingsOf(pub);
  const base = designWith(settings.design as DeepPartial<IssueDesign> | undefined);
  const layout = settings.layout ?? {};
  const styleSettings = settings.styles ?? {};
  const baseBody = base.styles.body;
  const body = styleOver(baseBody, { ...styleSettings.body, ...(layout.pitchPt !== undefined ? { leadingPt: layout.pitchPt } : {}) });
  const page: PageSpec = {
    ...base.page,
    trimWidthMm: pub.trimWidthMm,
    trimHeightMm: pub.trimHeightMm,
    ...(layout.marginTopMm !== undefined ? { marginTopMm: layout.marginTopMm } : {}),
    ...(layout.marginBottomMm !== undefined ? { marginBottomMm: layout.marginBottomMm } : {}),
    ...(layout.typeWidthEm !== undefined ? { typeWidthEm: layout.typeWidthEm } : {}),
    ...(layout.minGutterEm !== undefined ? { minGutterEm: layout.minGutterEm } : {}),
    pitchPt: layout.pitchPt ?? base.page.pitchPt,
    bodySizePt: sizeToPt(body.size),
  };
  const baseBodyPt = sizeToPt(baseBody.size);
  const styles = {} as StyleSheet;
  for (const name of Object.keys(base.styles) as StyleName[]) {
    const own = base.styles[name];
    if (name === 'body' || name === 'endMark') {
      styles[name] = body;
      continue;
    }
    const set = (styleSettings as Partial<Record<StyleName, StyleSettings>>)[name] ?? {};
    const follow: StyleSettings = {
      ...(set.size === undefined && sizeToPt(own.size) === baseBodyPt ? { size: body.size } : {}),
      ...(set.leadingPt === undefined && own.leadingPt === base.page.pitchPt ? { leadingPt: page.pitchPt } : {}),
    };
    styles[name] = styleOver(own, { ...follow, ...set });
  }
  return {
    ...base,
    page,
    styles,
    columns: layout.columns ?? base.columns,
    boardOrder: opts.manualBoardOrder ? 'given' : base.boardOrder,
  };
}

/** GR-04 and the size rules, with the field each problem belongs to. */
function checkDesign(pub: Publication, settings: PublicationSettings): void {
  for (const name of EDITABLE_STYLE_NAMES) {
    const size = settings.styles?.[name]?.size;
    if (size === undefined) continue;
    let pt: number;
    try {
      pt = sizeToPt(size);
    } catch {
      throw refuse(`settings.styles.${name}.size`, 'points or a 号 such as 五号, 小五', 'size_unknown', { value: String(size) });
    }
    if (pt < MIN_SIZE_PT || pt > MAX_SIZE_PT) throw refuse(`settings.styles.${name}.size`, `${MIN_SIZE_PT}–${MAX_SIZE_PT} pt`, 'size_range', { value: String(size) });
  }
  const design = effectiveDesign(pub);
  const fieldPath: Record<string, string> = {
    typeWidthEm: 'settings.layout.typeWidthEm',
    pitchPt: 'settings.layout.pitchPt',
    columnEm: 'settings.layout.columns',
    columns: 'settings.layout.columns',
    gutterEm: 'settings.layout.columns',
    marginTopMm: 'settings.layout.marginTopMm',
  };
  const ruleOf: Record<string, string> = { typeWidthEm: 'whole_em', pitchPt: 'pitch_range', columnEm: 'whole_em', columns: 'columns_range', gutterEm: 'gutter', marginTopMm: 'grid_lines' };
  const problems = validateGeometry(design.page, [columnsFor(design.page.typeWidthEm, design.columns, design.page.minGutterEm)]);
  const first = problems[0];
  if (first) {
    const rule = first.message.includes('wider than the page') ? 'too_wide' : (ruleOf[first.field] ?? first.field);
    throw refuse(fieldPath[first.field] ?? `settings.layout.${first.field}`, first.message, rule, {
      bodySizePt: design.page.bodySizePt,
      minPitchPt: Math.ceil(design.page.bodySizePt * 1.5 * 100) / 100,
      maxPitchPt: Math.floor(design.page.bodySizePt * 2 * 100) / 100,
    });
  }
  const grid = columnsFor(design.page.typeWidthEm, design.columns, design.page.minGutterEm);
  if (grid.columnEm < 8) throw refuse('settings.layout.columns', 'columns of at least 8 em', 'column_narrow', { columnEm: grid.columnEm });
}

/** The faces the library has, by PostScript name. */
export function availableFonts(lib: Library): AvailableFont[] {
  const loaded = libraryFonts(lib);
  const userDir = libraryFontDir(lib) + sep;
  return loaded.registry
    .keys()
    .sort()
    .map((key) => {
      const face = loaded.registry.get(key);
      const names = face instanceof FontkitFace || face instanceof CachedFace ? face.names : null;
      const style = names?.subfamily ?? names?.postscriptName ?? key;
      return {
        key,
        family: names?.family ?? key.replace(/-[^-]*$/u, ''),
        weight: /bold|black|heavy|semibold|medium/iu.test(style) ? 700 : 400,
        user: (loaded.files.get(key) ?? '').startsWith(userDir),
      };
    });
}

const derivedRegistries = new WeakMap<FontRegistry, Map<string, FontRegistry>>();

/**
 * The library's registry with the publication's role choices applied: every face stays registered
 * under its key (the PDF writer embeds by key) and each role's regular and bold slots point at the
 * chosen face, or keep the face the library resolves by default.
 */
export function registryForRoles(base: FontRegistry, pub: Publication): FontRegistry {
  const roles = settingsOf(pub).fonts;
  if (!roles || Object.keys(roles).length === 0) return base;
  const key = JSON.stringify(roles);
  let byKey = derivedRegistries.get(base);
  if (!byKey) derivedRegistries.set(base, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached) return cached;
  const derived = new FontRegistry();
  for (const k of base.keys()) derived.register(base.get(k)!);
  for (const role of FONT_ROLES as readonly FontRole[]) {
    for (const [slot, weight] of [['regular', 400], ['bold', 700]] as const) {
      const chosen = roles[role]?.[slot];
      const face = (chosen ? base.get(chosen) : undefined) ?? base.resolve(role, weight);
      derived.register(face, [{ role, weight }]);
    }
  }
  byKey.set(key, derived);
  return derived;
}

// ---- colophon ----

const rowSchema = z.object({ label: z.string().max(100), value: z.string().max(500) }).strict();
const personName = z.string().trim().min(1).max(40);

export const colophonSchema = z
  .object({
    organisation: z.array(rowSchema).max(40),
    editorialBoard: z
      .object({
        heading: z.string().max(100),
        chair: z.string().max(100),
        viceChair: z.string().max(200),
        members: z.array(personName).max(200),
        note: z.string().max(200),
        roles: z.object({ chair: z.string().max(40), viceChair: z.string().max(40), members: z.string().max(40) }).strict(),
        manualOrder: z.boolean().optional(),
      })
      .strict(),
    chiefEditor: z.object({ role: z.string().max(40), name: z.string().max(100) }).strict(),
    editorialOfficeHeading: z.string().max(100),
    editorialOffice: z.array(z.object({ role: z.string().max(40), names: z.array(personName).max(100) }).strict()).max(40),
    contacts: z.array(rowSchema).max(40),
    production: z.array(rowSchema).max(40),
    price: z
      .object({
        label: z.string().max(40),
        value: z.string().max(40),
        amount: z.number().min(0).max(100_000).optional(),
        currency: z.string().max(10).optional(),
      })
      .strict(),
  })
  .strict();

/** "6.00元" → 6; null when the value names no amount. */
export function priceAmountOf(value: string): number | null {
  const m = /(\d+(?:\.\d+)?)/u.exec(value.replace(/[０-９．]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  return m ? Number(m[1]) : null;
}

export function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/** Whether the office marked its board order as deliberate (no 姓名笔画 suggestion; the order entered prints either way). */
export function manualBoardOrderOf(lib: Library, issueId: number): boolean {
  const row = lib.db.prepare('SELECT board_manual_order AS manual FROM colophon WHERE issue_id = ?').get(issueId) as { manual: number } | undefined;
  return row?.manual === 1;
}

/** A publication as stored, or null when there is none with that id. */
export function publicationRecord(lib: Library, publicationId: number): Publication | null {
  const p = lib.db.prepare('SELECT * FROM publication WHERE id = ?').get(publicationId) as Record<string, string | number> | undefined;
  if (!p) return null;
  return {
    id: Number(p.id),
    title: String(p.title),
    englishTitle: String(p.english_title),
    cn: String(p.cn),
    cnLabel: String(p.cn_label),
    sponsor: String(p.sponsor),
    publisher: String(p.publisher),
    priceValue: String(p.price_value),
    trimWidthMm: Number(p.trim_width_mm),
    trimHeightMm: Number(p.trim_height_mm),
    settings: JSON.parse(String(p.settings)) as Record<string, unknown>,
  };
}

/** The publication an issue belongs to, or null for an unknown issue. */
export function publicationOfIssue(lib: Library, issueId: number): Publication | null {
  const row = lib.db.prepare('SELECT publication_id AS id FROM issue WHERE id = ?').get(issueId) as { id: number } | undefined;
  return row ? publicationRecord(lib, row.id) : null;
}

export type SettingsHandlers = Pick<ApiHandlers, 'getPublication' | 'updatePublication' | 'updateColophon' | 'updateMasthead' | 'addFont'>;

export function createSettingsService(lib: Library): SettingsHandlers {
  const db = lib.db;
  const store = createLibraryService(lib);

  const readPublication = (publicationId: number): Publication => {
    const pub = publicationRecord(lib, publicationId);
    if (!pub) throw new QikanError('not_found', `publication ${publicationId} not found`, { entity: 'publication', id: publicationId });
    return pub;
  };

  const withFonts = (pub: Publication): Publication => ({ ...pub, settings: { ...settingsOf(pub), availableFonts: availableFonts(lib) } });

  return {
    getPublication({ publicationId }): Publication {
      return withFonts(readPublication(publicationId));
    },

    updatePublication({ publicationId, patch, base }: ApiInput<'updatePublication'>): Publication {
      // Read, check and write in one immediate transaction: no other process saves in between.
      return writeTransaction(db, () => {
        const current = readPublication(publicationId);
        // The fonts on disk are not part of what the editor changed (another person may add one meanwhile).
        const comparable = (p: Record<string, unknown>) => ({ ...p, settings: { ...((p['settings'] as Record<string, unknown> | undefined) ?? {}), availableFonts: undefined } });
        assertUnchangedSince('publication', publicationId, comparable(withFonts(current) as unknown as Record<string, unknown>), comparable(base));
        let settings = settingsOf(current);
        if (patch.settings !== undefined) {
          const { availableFonts: _readOnly, ...given } = patch.settings;
          void _readOnly;
          const previous = settings.proofreading;
          settings = parseOrThrow(publicationSettingsSchema, given, 'invalid_request', 'settings');
          // The proofreading regime is switched explicitly ('none'), never dropped by a form that did not send it.
          if (settings.proofreading === undefined && previous !== undefined) settings = { ...settings, proofreading: previous };
        }
        const next: Publication = { ...current, ...patch, settings };
        if (settings.fonts) {
          const registry = libraryFonts(lib).registry;
          for (const role of FONT_ROLES) {
            for (const slot of ['regular', 'bold'] as const) {
              const key = settings.fonts[role]?.[slot];
              if (key !== undefined && !registry.get(key)) throw refuse(`settings.fonts.${role}.${slot}`, 'a font the library has', 'font_unknown', { value: key });
            }
          }
        }
        checkDesign(next, settings);
        const clash = db.prepare('SELECT id FROM publication WHERE cn = ? AND id <> ?').get(next.cn, publicationId);
        if (clash) throw new QikanError('conflict', `another publication has the serial ${next.cn}`, { reason: 'duplicate_cn', path: 'cn' });
        db.prepare(
          `UPDATE publication SET title = ?, english_title = ?, cn = ?, cn_label = ?, sponsor = ?, publisher = ?, price_value = ?,
             trim_width_mm = ?, trim_height_mm = ?, settings = ? WHERE id = ?`,
        ).run(next.title, next.englishTitle, next.cn, next.cnLabel, next.sponsor, next.publisher, next.priceValue, next.trimWidthMm, next.trimHeightMm, JSON.stringify(settings), publicationId);
        return withFonts(readPublication(publicationId));
      });
    },

    addFont({ upload }: ApiInput<'addFont'>, ctx): AvailableFont[] {
      const uploads = uploadsOf(lib);
      const { fileName, bytes } = uploads.bytesOf(upload, 'font', actorOfCall(ctx).accountId);
      addLibraryFont(lib, fileName, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      uploads.discard(upload);
      return availableFonts(lib);
    },

    updateColophon({ issueId, colophon: raw, manualBoardOrder, base }): Colophon {
      // Read, check and write in one immediate transaction: no other process saves in between.
      return writeTransaction(db, () => {
        store.getIssueOutline({ issueId });
        assertUnchangedSince('colophon', issueId, store.getColophon({ issueId }), base);
        const c = parseOrThrow(colophonSchema, raw, 'invalid_request', 'colophon');
        // The separate field, then the colophon's own flag; neither given keeps the stored choice. The
        // members are stored in the order the office entered: 姓名笔画 order is only suggested (the
        // layout's strokeOrderSuggestion, a preflight warning), and the flag marks the office's order as
        // deliberate so that the suggestion is not made.
        const manual = manualBoardOrder ?? c.editorialBoard.manualOrder ?? manualBoardOrderOf(lib, issueId);
        const members = c.editorialBoard.members;
        const amount = priceAmountOf(c.price.value) ?? c.price.amount ?? 0;
        const currency = c.price.currency ?? 'CNY';
        writeTransaction(db, () => {
          db.prepare(
            `INSERT INTO colophon (issue_id, board_heading, board_chair, board_vice_chair, board_note, board_role_chair, board_role_vice_chair,
               board_role_members, chief_editor_role, chief_editor_name, office_heading, price_label, price_value, price_amount, price_currency, board_manual_order)
             VALUES (@issueId, @heading, @chair, @viceChair, @note, @roleChair, @roleVice, @roleMembers, @chiefRole, @chiefName, @office, @priceLabel, @priceValue, @amount, @currency, @manual)
             ON CONFLICT (issue_id) DO UPDATE SET board_heading = @heading, board_chair = @chair, board_vice_chair = @viceChair, board_note = @note,
               board_role_chair = @roleChair, board_role_vice_chair = @roleVice, board_role_members = @roleMembers, chief_editor_role = @chiefRole,
               chief_editor_name = @chiefName, office_heading = @office, price_label = @priceLabel, price_value = @priceValue, price_amount = @amount,
               price_currency = @currency, board_manual_order = @manual`,
          ).run({
            issueId,
            heading: c.editorialBoard.heading,
            chair: c.editorialBoard.chair,
            viceChair: c.editorialBoard.viceChair,
            note: c.editorialBoard.note,
            roleChair: c.editorialBoard.roles.chair,
            roleVice: c.editorialBoard.roles.viceChair,
            roleMembers: c.editorialBoard.roles.members,
            chiefRole: c.chiefEditor.role,
            chiefName: c.chiefEditor.name,
            office: c.editorialOfficeHeading,
            priceLabel: c.price.label,
            priceValue: c.price.value,
            amount,
            currency,
            manual: manual ? 1 : 0,
          });
          db.prepare('DELETE FROM colophon_row WHERE issue_id = ?').run(issueId);
          const insertRow = db.prepare('INSERT INTO colophon_row (issue_id, grp, position, label, value) VALUES (?, ?, ?, ?, ?)');
          const groups = [['organisation', c.organisation], ['contact', c.contacts], ['production', c.production]] as const;
          for (const [grp, rows] of groups) rows.forEach((r, k) => insertRow.run(issueId, grp, k, r.label, r.value));
          db.prepare('DELETE FROM colophon_board_member WHERE issue_id = ?').run(issueId);
          const insertMember = db.prepare('INSERT INTO colophon_board_member (issue_id, position, name) VALUES (?, ?, ?)');
          members.forEach((name, k) => insertMember.run(issueId, k, name));
          db.prepare('DELETE FROM colophon_office_role WHERE issue_id = ?').run(issueId);
          const insertRole = db.prepare('INSERT INTO colophon_office_role (issue_id, position, role) VALUES (?, ?, ?)');
          const insertName = db.prepare('INSERT INTO colophon_office_member (role_id, position, name) VALUES (?, ?, ?)');
          c.editorialOffice.forEach((r, k) => {
            const roleId = Number(insertRole.run(issueId, k, r.role).lastInsertRowid);
            r.names.forEach((n, j) => insertName.run(roleId, j, n));
          });
          db.prepare('UPDATE issue SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), issueId);
        });
        return store.getColophon({ issueId });
      });
    },

    updateMasthead({ issueId, masthead: patch, base }): Masthead {
      // Read, check and write in one immediate transaction: no other process saves in between.
      return writeTransaction(db, () => {
        const current = store.getIssueOutline({ issueId }).masthead; // not_found for an unknown issue
        assertUnchangedSince('masthead', issueId, current, base);
        const next: Masthead = { ...current, ...patch };
        db.prepare('UPDATE issue SET masthead = ?, publish_date_printed = ?, updated_at = ? WHERE id = ?').run(
          JSON.stringify(next),
          next.publishDatePrinted,
          new Date().toISOString(),
          issueId,
        );
        return store.getIssueOutline({ issueId }).masthead;
      });
    },
  };
}
