// Unsafe characters (controls, bidi overrides, zero-width) are removed from imported text with a
// count of each kind, and shown escaped on the terminal; ordinary text, line breaks, tabs and the
// engine's word joiner pass untouched.
import { describe, expect, it } from 'vitest';
import { escapeUnsafe, noneRemoved, removeUnsafe, removeUnsafeDeep, totalRemoved } from '../../src/shared/unsafe-characters';

describe('unsafe characters', () => {
  it('removes controls, bidi overrides and zero-width characters and counts each kind', () => {
    const removed = noneRemoved();
    const text = '市人大\u0007常委会\u001b[31m会议\u202e反向\u2066隔离\u2069\u200b零宽\ufeff\u200d结束\u0085';
    expect(removeUnsafe(text, removed)).toBe('市人大常委会[31m会议反向隔离零宽结束');
    expect(removed).toEqual({ control: 3, bidi: 3, zeroWidth: 3 });
    expect(totalRemoved(removed)).toBe(9);
  });

  it('keeps ordinary text, line breaks, tabs and the word joiner', () => {
    const removed = noneRemoved();
    const text = '第一行\n第二行\t制表\r\n李\u2060秀领 “引号” 2026年';
    expect(removeUnsafe(text, removed)).toBe(text);
    expect(totalRemoved(removed)).toBe(0);
  });

  it('cleans every string and key of a deep document without recursion', () => {
    let doc: any = { text: 'a\u0000b' };
    for (let k = 0; k < 20_000; k++) doc = { children: [doc], label: '\u202d' };
    const removed = noneRemoved();
    let cleaned: any = removeUnsafeDeep(doc, removed);
    expect(removed.bidi).toBe(20_000);
    expect(removed.control).toBe(1);
    while (cleaned.children) cleaned = cleaned.children[0];
    expect(cleaned.text).toBe('ab');
    const keys = noneRemoved();
    expect(removeUnsafeDeep({ ['ti\u200btle']: 'x' }, keys)).toEqual({ title: 'x' });
    expect(keys.zeroWidth).toBe(1);
  });

  it('escapes for the terminal what it must not act on, carriage returns included', () => {
    expect(escapeUnsafe('标题\u001b]0;pwned\u0007\r覆盖')).toBe('标题\\u{001b}]0;pwned\\u{0007}\\u{000d}覆盖');
    expect(escapeUnsafe('普通的一行\t文字')).toBe('普通的一行\t文字');
  });
});
