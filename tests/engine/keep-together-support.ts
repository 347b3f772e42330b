// Checks on a laid-out document for the keep-together rules: names split across lines, numbers
// separated from their units, lines set past their column. Text-based (each pair of consecutive
// lines of one paragraph is looked at where they join), so it checks what a reader sees.
import type { DisplayDocument, LineBox } from '../../src/engine/display-list';
import type { FontRegistry } from '../../src/engine/fonts/registry';

export interface LineJoin {
  page: number;
  before: string;
  after: string;
}

/** Consecutive lines of one paragraph (same owner, part and block, the second starting where the first ends). */
export function lineJoins(doc: DisplayDocument): LineJoin[] {
  const last = new Map<string, { line: LineBox; page: number }>();
  const out: LineJoin[] = [];
  doc.pages.forEach((p, page) => {
    for (const l of p.lines) {
      const key = `${l.source.owner}|${l.source.part ?? ''}|${l.source.blockIndex}`;
      const prev = last.get(key);
      if (prev && prev.line.source.end === l.source.start && l.source.start > prev.line.source.start) out.push({ page: prev.page, before: prev.line.text, after: l.text });
      last.set(key, { line: l, page });
    }
  });
  return out;
}

/** Joins that fall inside one of the names. */
export function splitNames(joins: readonly LineJoin[], names: readonly string[]): (LineJoin & { name: string })[] {
  const out: (LineJoin & { name: string })[] = [];
  for (const j of joins) {
    const before = j.before.replace(/\s+$/u, '');
    const around = before.slice(-12) + j.after.slice(0, 12);
    const cut = before.slice(-12).length;
    for (const name of names) {
      let at = around.indexOf(name);
      while (at >= 0) {
        if (at < cut && at + name.length > cut) {
          out.push({ ...j, name });
          break;
        }
        at = around.indexOf(name, at + 1);
      }
    }
  }
  return out;
}

const UNIT_START = /^(?:[余多]?[十百千万亿]*[余多]?(?:平方公里|平方米|立方米|公里|千米|厘米|毫米|千克|公斤|小时|分钟|千瓦|周年|个月|[年月日时分秒元角个次名件项位人条天岁米届期份家户倍场所台辆座部篇本页批轮周度克吨亩%％‰℃°]|[十百千万亿余多]))/u;
const NUMBER_END = /[0-9０-９]$/u;

/** Joins between a digit run and its unit, or between 第 and its number. */
export function splitNumbers(joins: readonly LineJoin[]): LineJoin[] {
  return joins.filter((j) => {
    const before = j.before.replace(/\s+$/u, '');
    if (NUMBER_END.test(before) && UNIT_START.test(j.after)) return true;
    return before.endsWith('第') && /^[0-9０-９]/u.test(j.after);
  });
}

const END_HALF = new Set(['。', '，', '、', '；', '：', '？', '！', '”', '’', '）', '》', '」', '』', '】', '〕', '〉']);

/** Lines whose last glyph (its box as set: a line-end mark keeps its left half) runs past the line's box. */
export function overlongLines(doc: DisplayDocument, fonts: FontRegistry, tolerancePt = 0.05): { page: number; text: string; overPt: number }[] {
  const out: { page: number; text: string; overPt: number }[] = [];
  doc.pages.forEach((p, page) => {
    const right = new Map<string, number>();
    for (const item of p.items) {
      if (item.kind !== 'glyphs' || !item.lineId) continue;
      const upm = fonts.get(item.font)?.unitsPerEm ?? 1000;
      for (const g of item.glyphs) {
        const w = (g.advance / upm) * item.sizePt * (END_HALF.has(g.text) ? 0.5 : 1);
        const r = item.x + g.dx + w;
        if (r > (right.get(item.lineId) ?? -Infinity)) right.set(item.lineId, r);
      }
    }
    for (const l of p.lines) {
      const r = right.get(l.lineId);
      if (r !== undefined && r > l.x + l.w + tolerancePt) out.push({ page, text: l.text, overPt: r - (l.x + l.w) });
    }
  });
  return out;
}
