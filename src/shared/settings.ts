// Publication settings (Publication.settings): the page layout, the faces behind the four font roles
// and the paragraph styles an editor may change. The schema checks shapes and plain ranges; the
// typesetting rules (whole-em columns, leading against the size, 号 names) are checked by the
// settings service with the engine's own validators. Every part is optional: what is not set keeps
// the engine's default design. Pure.

import { z } from 'zod';

export const FONT_ROLES = ['song', 'hei', 'kai', 'fangsong'] as const;
export type SettingsFontRole = (typeof FONT_ROLES)[number];

/** The engine's paragraph styles an editor can adjust (src/engine/styles/styles.ts StyleName). */
export const EDITABLE_STYLE_NAMES = [
  'body', 'quote', 'heading1', 'heading2', 'title', 'subtitle', 'byline', 'authorInfo', 'caption', 'credit', 'note', 'banner', 'sectionLabel',
] as const;
export type EditableStyleName = (typeof EDITABLE_STYLE_NAMES)[number];

export const ALIGNMENTS = ['justify', 'start', 'center', 'end', 'distribute'] as const;

/** A size as stored: points, or a 号 name such as "五号" / "小五" (the service checks the name). */
const sizeSchema = z.union([z.number().min(4).max(100), z.string().trim().min(1).max(12)]);

export const styleSettingsSchema = z
  .object({
    size: sizeSchema,
    leadingPt: z.number().min(4).max(200),
    firstLineIndent: z.number().min(0).max(10),
    tracking: z.number().min(-0.5).max(2),
    align: z.enum(ALIGNMENTS),
    role: z.enum(FONT_ROLES),
    weight: z.union([z.literal(400), z.literal(700)]),
  })
  .partial()
  .strict();
export type StyleSettings = z.infer<typeof styleSettingsSchema>;

export const layoutSettingsSchema = z
  .object({
    marginTopMm: z.number().min(0).max(200),
    marginBottomMm: z.number().min(0).max(200),
    /** Type-area width in em of the body size; a whole number (GR-04). */
    typeWidthEm: z.number().min(10).max(120),
    /** Baseline pitch of the body grid, pt (the body's leading). */
    pitchPt: z.number().min(4).max(100),
    columns: z.number().int().min(1).max(4),
    minGutterEm: z.number().min(1).max(6),
  })
  .partial()
  .strict();
export type LayoutSettings = z.infer<typeof layoutSettingsSchema>;

/** PostScript names of the faces for a role's regular (400) and bold (700) weights. */
const roleFacesSchema = z
  .object({ regular: z.string().trim().min(1).max(200), bold: z.string().trim().min(1).max(200) })
  .partial()
  .strict();

export const fontRoleSettingsSchema = z
  .object({ song: roleFacesSchema, hei: roleFacesSchema, kai: roleFacesSchema, fangsong: roleFacesSchema })
  .partial()
  .strict();
export type FontRoleSettings = z.infer<typeof fontRoleSettingsSchema>;

/** How the publication is proofread: under 三审三校, or without a required workflow. */
export const PROOFREADING_REGIMES = ['三审三校', 'none'] as const;
export type ProofreadingRegime = (typeof PROOFREADING_REGIMES)[number];

export const publicationSettingsSchema = z
  .object({
    /** Pinyin of the title (刊名汉语拼音); when absent the engine spells the title. */
    pinyin: z.string().max(200),
    layout: layoutSettingsSchema,
    fonts: fontRoleSettingsSchema,
    styles: z.partialRecord(z.enum(EDITABLE_STYLE_NAMES), styleSettingsSchema),
    /** Expert overrides of the engine's whole-issue design (src/engine/issue/design.ts), kept as given. */
    design: z.record(z.string(), z.unknown()),
    /** 三审三校: printing an issue that was never proofread is a preflight error (else a warning). */
    proofreading: z.enum(PROOFREADING_REGIMES),
    /** Read-only, filled in by getPublication: the faces the library has. Ignored on update. */
    availableFonts: z.array(z.unknown()),
  })
  .partial()
  .strict();
export type PublicationSettings = z.infer<typeof publicationSettingsSchema>;

/** A face the library can use for a role (the bundled Noto faces and the user's fonts). */
export interface AvailableFont {
  key: string;
  family: string;
  weight: number;
  /** True for a face from <library>/fonts. */
  user: boolean;
}
