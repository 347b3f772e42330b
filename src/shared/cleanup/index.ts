// Chinese copy cleanup: runs the rule table over an article's block texts and returns suggestions
// (original → proposed, with context). Nothing is ever changed here; the editor shows the list and
// applies what the editor accepts. Pure.

import { overlaps, protectedRanges } from './chars';
import * as rules from './rules';
import type { Finding, RuleId, TextRule } from './rules';

export type { Finding, RuleId, FixRuleId, HintRuleId } from './rules';

/** Fix rules in the order they claim text: longer patterns (ellipses, dashes) before single marks. */
export const FIX_RULES: readonly { id: RuleId; run: TextRule }[] = [
  { id: 'ellipsis', run: rules.ellipsis },
  { id: 'dash', run: rules.dash },
  { id: 'fullWidthAlnum', run: rules.fullWidthAlnum },
  { id: 'doubleQuotes', run: rules.doubleQuotes },
  { id: 'singleQuotes', run: rules.singleQuotes },
  { id: 'parentheses', run: rules.parentheses },
  { id: 'comma', run: rules.comma },
  { id: 'period', run: rules.period },
  { id: 'colonSemicolon', run: rules.colonSemicolon },
  { id: 'questionExclamation', run: rules.questionExclamation },
  { id: 'hanSpace', run: rules.hanSpace },
];

/** Hints that look at one text, and hints that compare the whole article's texts. */
export const TEXT_HINTS: readonly { id: RuleId; run: TextRule }[] = [{ id: 'numberRange', run: rules.numberRange }];
export const ARTICLE_HINTS: readonly { id: RuleId; run: (texts: readonly string[]) => Finding[][] }[] = [
  { id: 'mixedYearForms', run: rules.mixedYearForms },
  { id: 'mixedPercentForms', run: rules.mixedPercentForms },
];

/** Characters of context shown on each side of a suggestion. */
export const CONTEXT_CHARS = 8;

export interface Suggestion extends Finding {
  /** Index of the text (block) in the list given. */
  blockIndex: number;
  original: string;
  before: string;
  after: string;
}

/** The findings of one text: fixes that do not overlap each other or a URL/e-mail/code span. */
export function findInText(text: string): Finding[] {
  const guarded = protectedRanges(text);
  const taken: [number, number][] = [];
  const out: Finding[] = [];
  for (const rule of FIX_RULES) {
    for (const f of rule.run(text)) {
      if (overlaps(guarded, f.start, f.end) || overlaps(taken, f.start, Math.max(f.end, f.start + 1))) continue;
      taken.push([f.start, Math.max(f.end, f.start + 1)]);
      out.push(f);
    }
  }
  for (const rule of TEXT_HINTS) for (const f of rule.run(text)) if (!overlaps(guarded, f.start, f.end)) out.push(f);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function suggestionOf(texts: readonly string[], blockIndex: number, f: Finding): Suggestion {
  const text = texts[blockIndex]!;
  return {
    ...f,
    blockIndex,
    original: text.slice(f.start, f.end),
    before: text.slice(Math.max(0, f.start - CONTEXT_CHARS), f.start),
    after: text.slice(f.end, f.end + CONTEXT_CHARS),
  };
}

/** Every suggestion for an article's texts (one per block), in reading order. */
export function suggestForTexts(texts: readonly string[]): Suggestion[] {
  const perText = texts.map((t) => findInText(t));
  for (const hint of ARTICLE_HINTS) hint.run(texts).forEach((found, k) => perText[k]!.push(...found));
  return perText.flatMap((found, k) => found.sort((a, b) => a.start - b.start).map((f) => suggestionOf(texts, k, f)));
}

/** A text with the given fixes of it applied (hints and overlapping fixes are skipped). */
export function applyFindings(text: string, findings: readonly Finding[]): string {
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const f of [...findings].filter((f) => f.applicable).sort((a, b) => b.start - a.start)) {
    if (f.end > lastStart) continue;
    out = out.slice(0, f.start) + f.proposed + out.slice(f.end);
    lastStart = f.start;
  }
  return out;
}

/** A stable name for a suggestion that survives edits elsewhere in the text (for "dismissed"). */
export function suggestionKey(s: Pick<Suggestion, 'rule' | 'before' | 'original' | 'after'>): string {
  return `${s.rule}\u0000${s.before}\u0000${s.original}\u0000${s.after}`;
}
