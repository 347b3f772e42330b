// PDF-write figure for `npm run bench`: the sample issue's text (≈69,000 Han characters) set on a
// plain two-column grid by cmap lookup, then written by src/pdf. The grid stands in for the
// engine's layout so the figure measures the writer alone: font parse, subsetting, content
// streams and save. A second figure writes the same pages as the print PDF (PDF/X-1a with marks,
// the ICC output intent, XMP). Run alone with `npx tsx bench/pdf.bench.ts`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { create, type FontkitFont } from 'fontkit';
import { BLACK, type DisplayDocument, type DisplayPage, type GlyphRun } from '../src/engine/display-list';
import { writePdf, writePdfWithReport, type PdfWriteReport } from '../src/pdf/write-pdf';

const ROOT = join(__dirname, '..');
const SERIF = 'NotoSerifSC-Regular';
const SANS = 'NotoSansSC-Regular';
const FONT_FILES: Record<string, string> = {
  [SERIF]: 'node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  [SANS]: 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
};

const MM = 72 / 25.4;
const TRIM_W = 210 * MM;
const TRIM_H = 285 * MM;
const MARGIN = 18 * MM;
const GUTTER = 6 * MM;
const BODY_SIZE = 10.5;
const HEADING_SIZE = 14;
const LEADING = 18;

interface SampleBlock {
  type: string;
  text: string;
}
interface SampleIssue {
  sections: Array<{ articles: Array<{ title: string; blocks: SampleBlock[] }> }>;
}

/** Sets paragraphs on a two-column grid, one glyph per character, breaking at the column edge. */
function gridDocument(issue: SampleIssue, fonts: Map<string, FontkitFont>): DisplayDocument {
  const columnWidth = (TRIM_W - 2 * MARGIN - GUTTER) / 2;
  const linesPerColumn = Math.floor((TRIM_H - 2 * MARGIN) / LEADING);
  const pages: DisplayPage[] = [];
  let items: GlyphRun[] = [];
  let column = 0;
  let line = 0;
  const newPage = (): void => {
    if (items.length > 0) {
      pages.push({
        index: pages.length,
        folio: String(pages.length + 1),
        kind: 'body',
        boxes: { trimW: TRIM_W, trimH: TRIM_H, bleed: 3 * MM },
        items,
        lines: [],
      });
    }
    items = [];
    column = 0;
    line = 0;
  };
  const nextLine = (): void => {
    line++;
    if (line < linesPerColumn) return;
    line = 0;
    column++;
    if (column === 2) newPage();
  };
  const setParagraph = (text: string, fontKey: string, size: number, overprint: boolean): void => {
    const font = fonts.get(fontKey)!;
    const scale = size / font.unitsPerEm;
    let run: GlyphRun | null = null;
    for (const char of text) {
      const glyph = font.glyphForCodePoint(char.codePointAt(0) ?? 0);
      const width = glyph.advanceWidth * scale;
      if (run && run.glyphs.length > 0) {
        const last = run.glyphs[run.glyphs.length - 1]!;
        if (last.dx + (last.advance * scale) + width > columnWidth) {
          run = null;
          nextLine();
        }
      }
      if (!run) {
        run = {
          kind: 'glyphs',
          font: fontKey,
          sizePt: size,
          color: BLACK,
          overprint,
          x: MARGIN + column * (columnWidth + GUTTER),
          y: MARGIN + (line + 1) * LEADING,
          glyphs: [],
        };
        items.push(run);
      }
      const last = run.glyphs[run.glyphs.length - 1];
      const dx = last ? last.dx + last.advance * scale : 0;
      run.glyphs.push({ gid: glyph.id, dx, advance: glyph.advanceWidth, text: char });
    }
    nextLine();
  };
  for (const section of issue.sections) {
    for (const article of section.articles) {
      setParagraph(article.title, SANS, HEADING_SIZE, false);
      for (const block of article.blocks) {
        const heading = block.type === 'heading' || block.type === 'banner';
        setParagraph(block.text, heading ? SANS : SERIF, BODY_SIZE, !heading);
      }
    }
  }
  newPage();
  return { pages, fonts: [SERIF, SANS] };
}

export interface PdfBenchFigures {
  pages: number;
  hanCharacters: number;
  fileBytes: number;
  totalMs: number;
  report: PdfWriteReport;
  print: { fileBytes: number; totalMs: number };
}

export async function benchPdfWrite(): Promise<PdfBenchFigures> {
  const issue = JSON.parse(readFileSync(join(ROOT, 'resources/sample-issue-2026-01.json'), 'utf8')) as SampleIssue;
  const fontBytes = new Map(Object.entries(FONT_FILES).map(([key, file]) => [key, new Uint8Array(readFileSync(join(ROOT, file)))]));
  // The grid needs its own parse for cmap lookups; the writer's own parse is inside the timed part.
  const layoutFonts = new Map([...fontBytes].map(([key, bytes]) => [key, create(bytes) as FontkitFont]));
  const doc = gridDocument(issue, layoutFonts);
  let hanCharacters = 0;
  for (const p of doc.pages) {
    for (const item of p.items) {
      if (item.kind === 'glyphs') for (const glyph of item.glyphs) if (/\p{Script=Han}/u.test(glyph.text)) hanCharacters++;
    }
  }
  const started = performance.now();
  const { bytes, report } = await writePdfWithReport(doc, fontBytes, { deflate: (data) => deflateSync(data) });
  const totalMs = performance.now() - started;
  const icc = new Uint8Array(readFileSync(join(ROOT, 'resources/icc/ISOcoated_v2_300_bas.icc')));
  const printStarted = performance.now();
  const printBytes = await writePdf(doc, fontBytes, {
    mode: 'print',
    standard: 'x1a',
    outputIntent: { icc, identifier: 'FOGRA39', condition: 'ISO Coated v2 300% (basICColor)' },
    metadata: { cnSerial: 'CN 11-4553/D', issue: { publicationName: '北京人大', year: 2026, number: 1, totalNumber: 313, coverDate: '2026-01-26' } },
    deflate: (data) => deflateSync(data),
  });
  const print = { fileBytes: printBytes.length, totalMs: performance.now() - printStarted };
  return { pages: report.pages, hanCharacters, fileBytes: bytes.length, totalMs, report, print };
}

export function formatPdfBench(figures: PdfBenchFigures): string[] {
  const { timings, fonts } = figures.report;
  return [
    `PDF write (${figures.pages} pages, ${figures.hanCharacters} Han characters, ${(figures.fileBytes / 1024).toFixed(0)} KiB): ${figures.totalMs.toFixed(0)} ms`,
    `  fonts parse+subset+embed ${timings.fontsMs.toFixed(0)} ms, content streams ${timings.pagesMs.toFixed(0)} ms, save ${timings.saveMs.toFixed(0)} ms`,
    ...fonts.map((font) => `  ${font.baseFontName}: ${font.glyphs} glyphs, subset ${(font.fontFileBytes / 1024).toFixed(0)} KiB`),
    `PDF write, print (PDF/X-1a, marks, output intent; ${(figures.print.fileBytes / 1024).toFixed(0)} KiB): ${figures.print.totalMs.toFixed(0)} ms`,
  ];
}

if (require.main === module) {
  benchPdfWrite().then(
    (figures) => {
      for (const line of formatPdfBench(figures)) console.log(line);
      console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
