// Schema of an issue exchanged as JSON ("beijing-renda-issue/1", the format of
// resources/sample-issue-2026-01.json). Imports validate with it before anything is written, so a bad
// file is refused whole with the first problem's JSON path. Fields this app does not use (source line
// numbers, generator statistics) are allowed and ignored. Pure: zod only.

import { textWithinDepth } from './payload-limits';
import { removeUnsafeDeep, type RemovedCounts } from './unsafe-characters';
import { z } from 'zod';
import { QikanError } from './errors';
import { parseOrThrow } from './validate';

export const ISSUE_JSON_SCHEMA_ID = 'beijing-renda-issue/1';

export const SEED_BLOCK_TYPES = ['paragraph', 'heading', 'caption', 'note', 'banner', 'quote', 'list'] as const;

/**
 * The schemas, built on first use: only an import parses issue JSON, and building them cost every
 * process a few milliseconds at start.
 */
function buildSeedSchemas() {
  const text = z.string().max(1_000_000);
  const label = z.string().min(1).max(500);
  const lineNumbers = z.array(z.number().int()).optional();

  const seedCreditSchema = z.looseObject({
    kind: z.enum(['摄影', '图', '资料']),
    name: z.string().min(1).max(200),
    raw: z.string().max(500).optional(),
    scope: z.string().max(50).optional(),
  });


  const blockBase = { text, lines: lineNumbers };

  // The type is checked on its own first so that an unknown type reads `…type: expected one of "paragraph", …`
  // instead of a generic union failure.
  const seedBlockSchema = z.looseObject({ type: z.enum(SEED_BLOCK_TYPES) }).pipe(
    z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('paragraph'), ...blockBase }),
      z.looseObject({ type: z.literal('quote'), ...blockBase }),
      z.looseObject({ type: z.literal('heading'), ...blockBase, level: z.number().int().min(1).max(2) }),
      z.looseObject({
        type: z.literal('caption'),
        ...blockBase,
        credit: seedCreditSchema.nullable().optional(),
        originalPosition: z.string().max(100).optional(),
      }),
      z.looseObject({ type: z.literal('note'), ...blockBase }),
      z.looseObject({ type: z.literal('banner'), ...blockBase, label }),
      // A bulleted (default) or numbered list, one string per item; `start` is an ordered list's first
      // number. The stored list's text joins the items with "\n", so an item cannot hold one itself.
      z.looseObject({
        type: z.literal('list'),
        items: z.array(text.regex(/^[^\n]*$/, 'a list item without line breaks')).min(1).max(10_000),
        ordered: z.boolean().optional(),
        start: z.number().int().min(0).max(9999).optional(),
        lines: lineNumbers,
      }),
    ]),
  );

  const seedArticleSchema = z.looseObject({
    id: z.string().min(1).max(100),
    title: z.string().max(1000).optional(),
    titleLines: z.array(z.string().max(500)).min(1).max(6),
    titleSource: z.string().max(20).optional(),
    subtitle: z.string().max(500).nullable().optional(),
    byline: z.string().max(500).nullable().optional(),
    bylineRaw: z.string().max(2000).nullable().optional(),
    authorInfo: z.string().max(2000).nullable().optional(),
    bylineParts: z
      .looseObject({
        label: z.string().max(50).optional(),
        org: z.string().max(500).optional(),
        names: z.array(z.string().max(100)).optional(),
      })
      .nullable()
      .optional(),
    sectionLabel: z.string().max(200).nullable().optional(),
    printedStartPage: z.number().int().min(0).max(9999).nullable().optional(),
    tocIndex: z.number().int().min(0).nullable().optional(),
    endMark: z.boolean(),
    endMarkGlyph: z.string().max(10).nullable().optional(),
    /** Layout options: pages the article is planned to take, run on after the previous article (接排)
     *  with a rule or a space (absent or null: a new page), its column count (absent or null: the publication's). */
    pageBudget: z.number().int().min(1).max(999).nullable().optional(),
    runOn: z.enum(['rule', 'space']).nullable().optional(),
    columns: z.number().int().min(1).max(4).nullable().optional(),
    blocks: z.array(seedBlockSchema),
  });

  const seedSectionSchema = z.looseObject({
    name: label,
    articles: z.array(seedArticleSchema),
  });

  const keyValue = z.looseObject({ key: label, value: z.string().max(2000) });

  const seedColophonSchema = z.looseObject({
    organisation: z.array(keyValue),
    editorialBoard: z.looseObject({
      heading: z.string().max(200),
      chair: z.string().max(200),
      viceChair: z.string().max(200),
      members: z.array(z.string().min(1).max(100)),
      note: z.string().max(500),
      roles: z.looseObject({ chair: z.string().max(50), viceChair: z.string().max(50), members: z.string().max(50) }),
    }),
    chiefEditor: z.looseObject({ role: z.string().max(50), name: z.string().max(200) }),
    editorialOfficeHeading: z.string().max(200),
    editorialOffice: z.array(z.looseObject({ role: label, names: z.array(z.string().min(1).max(100)) })),
    contacts: z.array(keyValue),
    production: z.array(keyValue),
    price: z.looseObject({
      key: z.string().max(50),
      value: z.string().max(100),
      amount: z.number().min(0),
      currency: z.string().min(1).max(10),
    }),
  });

  const seedMastheadSchema = z.looseObject({
    title: label,
    englishTitle: z.string().max(500),
    year: z.number().int().min(1900).max(2999),
    issueNumber: z.number().int().min(1).max(99),
    totalNumber: z.number().int().min(1),
    issueLinePrinted: z.string().max(200).nullable().optional(),
    cn: label,
    cnLabel: z.string().max(200),
    publishDate: z.iso.date(),
    publishDatePrinted: z.string().max(100).nullable().optional(),
    sponsor: z.string().max(500).nullable().optional(),
    coverLines: z.array(z.string().max(500)),
    coverPhotoCredit: seedCreditSchema.nullable().optional(),
  });

  const seedTocEntrySchema = z.looseObject({
    pagePrinted: z.string().max(20),
    page: z.number().int().min(0).max(9999),
    style: z.string().max(50),
    section: z.string().max(200),
    titleLines: z.array(z.string().max(500)).min(1),
    subtitle: z.string().max(500).nullable().optional(),
  });

  const seedExtraSchema = z.looseObject({
    id: z.string().min(1).max(100),
    kind: z.string().min(1).max(50),
    placement: z.string().max(500),
    title: z.string().max(500).nullable().optional(),
    series: z.string().max(200).nullable().optional(),
    credit: seedCreditSchema.nullable().optional(),
    blocks: z.array(seedBlockSchema).optional(),
  });

  const seedIssueSchema = z
    .looseObject({
      schema: z.literal(ISSUE_JSON_SCHEMA_ID),
      masthead: seedMastheadSchema,
      colophon: seedColophonSchema,
      toc: z
        .looseObject({
          sections: z.array(z.looseObject({ name: z.string().max(200) })).optional(),
          entries: z.array(seedTocEntrySchema),
        })
        .optional(),
      sections: z.array(seedSectionSchema).min(1),
      extras: z.array(seedExtraSchema).optional(),
    })
    .superRefine((issue, ctx) => {
      const seen = new Map<string, string>();
      issue.sections.forEach((section, s) =>
        section.articles.forEach((article, a) => {
          const here = `sections[${s}].articles[${a}]`;
          const first = seen.get(article.id);
          if (first) {
            ctx.addIssue({
              code: 'custom',
              path: ['sections', s, 'articles', a, 'id'],
              message: `an article id not used before ("${article.id}" is already the id of ${first})`,
            });
          } else seen.set(article.id, here);
        }),
      );
      const extraIds = new Set<string>();
      (issue.extras ?? []).forEach((extra, e) => {
        if (extraIds.has(extra.id)) {
          ctx.addIssue({ code: 'custom', path: ['extras', e, 'id'], message: `an extra id not used before ("${extra.id}" is used twice)` });
        }
        extraIds.add(extra.id);
      });
    });
  return { credit: seedCreditSchema, block: seedBlockSchema, article: seedArticleSchema, extra: seedExtraSchema, issue: seedIssueSchema };
}

let built: ReturnType<typeof buildSeedSchemas> | undefined;
const seedSchemas = (): ReturnType<typeof buildSeedSchemas> => (built ??= buildSeedSchemas());

type SeedSchemas = ReturnType<typeof buildSeedSchemas>;
export type SeedIssue = z.infer<SeedSchemas['issue']>;
export type SeedArticle = z.infer<SeedSchemas['article']>;
export type SeedBlock = z.infer<SeedSchemas['block']>;
export type SeedCredit = z.infer<SeedSchemas['credit']>;
export type SeedExtra = z.infer<SeedSchemas['extra']>;

/** "line 3, column 7" for a character offset in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first JSON syntax error in `text` (JSON.parse does not always say where). Only called
 *  after JSON.parse failed, so it needs to find the place, not to build values. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          }
          i += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
  return Math.min(i, text.length);
}

/** Parses and validates issue JSON text; throws QikanError('import_invalid') naming the first problem. */
export function parseIssueJson(jsonText: string, removed?: RemovedCounts): SeedIssue {
  let raw: unknown;
  if (!textWithinDepth(jsonText, ISSUE_JSON_DEPTH)) {
    throw new QikanError('import_invalid', `(payload): expected JSON nested at most ${ISSUE_JSON_DEPTH} levels deep`, { path: '(payload)', expected: `at most ${ISSUE_JSON_DEPTH} levels of nesting` });
  }
  try {
    raw = JSON.parse(jsonText);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const where = lineAndColumn(jsonText, jsonErrorOffset(jsonText));
    const path = `(not JSON, line ${where.line} column ${where.column})`;
    throw new QikanError('import_invalid', `${path}: expected JSON text (${message})`, { path, expected: 'JSON text', reason: message });
  }
  // Controls, bidi overrides and zero-width characters are removed from every text, and counted.
  if (removed) raw = removeUnsafeDeep(raw, removed);
  return parseOrThrow(seedSchemas().issue, raw, 'import_invalid');
}

/** An issue is publication → sections → articles → blocks → credit: a few levels. */
const ISSUE_JSON_DEPTH = 32;
