// Each copy-cleanup rule on its own (what it changes and what it leaves), then the rule table over an article.
import { describe, expect, it } from 'vitest';
import { applyFindings, findInText, suggestForTexts, suggestionKey } from '../../src/shared/cleanup';
import * as rules from '../../src/shared/cleanup/rules';
import type { TextRule } from '../../src/shared/cleanup/rules';

const fixed = (rule: TextRule, text: string) => applyFindings(text, rule(text));

describe('comma', () => {
  it('turns a comma in Chinese text full-width and drops the space after it', () => {
    expect(fixed(rules.comma, '今年,我们')).toBe('今年，我们');
    expect(fixed(rules.comma, '今年, 我们')).toBe('今年，我们');
    expect(fixed(rules.comma, 'Tom,你好')).toBe('Tom，你好');
  });
  it('leaves Latin text and numbers alone', () => {
    expect(rules.comma('Hello, world')).toEqual([]);
    expect(rules.comma('共1,000元')).toEqual([]);
  });
});

describe('period', () => {
  it('ends a Chinese sentence with 。', () => {
    expect(fixed(rules.period, '会议召开.')).toBe('会议召开。');
    expect(fixed(rules.period, '会议召开. 代表发言.')).toBe('会议召开。代表发言。');
    expect(fixed(rules.period, '他说“好”.')).toBe('他说“好”。');
  });
  it('leaves decimals, abbreviations, file names and dot runs', () => {
    expect(rules.period('圆周率3.14')).toEqual([]);
    expect(rules.period('see Fig. 3')).toEqual([]);
    expect(rules.period('文件report.docx')).toEqual([]);
    expect(rules.period('等等...')).toEqual([]);
  });
});

describe('colon, semicolon, question and exclamation marks', () => {
  it('are full-width next to Chinese text', () => {
    expect(fixed(rules.colonSemicolon, '地址:北京;电话')).toBe('地址：北京；电话');
    expect(fixed(rules.questionExclamation, '为什么?太好了!')).toBe('为什么？太好了！');
  });
  it('stay in times, ratios and Latin text', () => {
    expect(rules.colonSemicolon('上午10:30开会')).toEqual([]);
    expect(rules.colonSemicolon('note: see below; done')).toEqual([]);
    expect(rules.questionExclamation('Really? Yes!')).toEqual([]);
  });
});

describe('parentheses', () => {
  it('pairs half-width parentheses around or beside Chinese text', () => {
    expect(fixed(rules.parentheses, '人大常委会(草案)')).toBe('人大常委会（草案）');
    expect(fixed(rules.parentheses, '北京(Beijing)市')).toBe('北京（Beijing）市');
  });
  it('leaves formulas and Latin asides', () => {
    expect(rules.parentheses('f(x) = 2x')).toEqual([]);
    expect(rules.parentheses('the law (draft) passed')).toEqual([]);
  });
});

describe('quotes', () => {
  it('pairs straight double and single quotes in Chinese text', () => {
    expect(fixed(rules.doubleQuotes, '所谓"全过程人民民主"是')).toBe('所谓“全过程人民民主”是');
    expect(fixed(rules.doubleQuotes, '"一"和"二"')).toBe('“一”和“二”');
    expect(fixed(rules.singleQuotes, "他说'好'")).toBe('他说‘好’');
  });
  it('leaves English quotations and apostrophes', () => {
    expect(rules.doubleQuotes('He said "yes" twice')).toEqual([]);
    expect(rules.singleQuotes("don't and O'Brien")).toEqual([]);
  });
});

describe('ellipsis', () => {
  it('turns ... and 。。。 and a lone … into ……', () => {
    expect(fixed(rules.ellipsis, '等等...')).toBe('等等……');
    expect(fixed(rules.ellipsis, '等等......')).toBe('等等……');
    expect(fixed(rules.ellipsis, '等等。。。')).toBe('等等……');
    expect(fixed(rules.ellipsis, '等等…')).toBe('等等……');
    expect(fixed(rules.ellipsis, '他说"好"...')).toBe('他说"好"……');
  });
  it('leaves a correct ellipsis and English text', () => {
    expect(rules.ellipsis('等等……')).toEqual([]);
    expect(rules.ellipsis('wait... what')).toEqual([]);
  });
});

describe('dash', () => {
  it('turns --, ――, ── and a lone — in Chinese text into ——', () => {
    expect(fixed(rules.dash, '人大--人民')).toBe('人大——人民');
    expect(fixed(rules.dash, '人大――人民')).toBe('人大——人民');
    expect(fixed(rules.dash, '人大──人民')).toBe('人大——人民');
    expect(fixed(rules.dash, '人大 — 人民')).toBe('人大——人民');
  });
  it('leaves command-line flags, ranges and a correct dash', () => {
    expect(rules.dash('run --force now')).toEqual([]);
    expect(rules.dash('第3--5页')).toEqual([]);
    expect(rules.dash('人大——人民')).toEqual([]);
  });
});

describe('stray spaces', () => {
  it('removes spaces between Chinese characters', () => {
    expect(fixed(rules.hanSpace, '北京 人大')).toBe('北京人大');
    expect(fixed(rules.hanSpace, '北京\u3000\u3000人大，  代表')).toBe('北京人大，代表');
  });
  it('keeps spaces around Latin words and numbers, and leading indents', () => {
    expect(rules.hanSpace('使用 Word 文件')).toEqual([]);
    expect(rules.hanSpace('共 30 人')).toEqual([]);
    expect(rules.hanSpace('\u3000\u3000正文')).toEqual([]);
  });
});

describe('full-width digits and letters', () => {
  it('become half-width, one run at a time', () => {
    const found = rules.fullWidthAlnum('第１２３期ＡＢＣ版');
    expect(found.map((f) => f.proposed)).toEqual(['123', 'ABC']);
    expect(applyFindings('第１２３期ＡＢＣ版', found)).toBe('第123期ABC版');
  });
  it('leave half-width text and full-width punctuation', () => {
    expect(rules.fullWidthAlnum('第123期，好！')).toEqual([]);
  });
});

describe('number usage hints (never applied)', () => {
  it('flags 二〇二六年 only when the article also writes 2026年', () => {
    const mixed = rules.mixedYearForms(['二〇二六年一月', '2025年底']);
    expect(mixed[0]!.map((f) => [f.proposed, f.applicable])).toEqual([['2026', false]]);
    expect(rules.mixedYearForms(['二〇二六年一月', '去年底']).flat()).toEqual([]);
  });
  it('flags 百分之三十 beside 30%', () => {
    const found = rules.mixedPercentForms(['增长百分之三十五', '下降12%']).flat();
    expect(found.map((f) => f.proposed)).toEqual(['35%']);
    expect(rules.mixedPercentForms(['增长百分之三十五']).flat()).toEqual([]);
  });
  it('reads small Chinese numbers', () => {
    expect([rules.smallHanNumber('三十'), rules.smallHanNumber('十五'), rules.smallHanNumber('九'), rules.smallHanNumber('百')]).toEqual([30, 15, 9, 100]);
    expect(rules.smallHanNumber('三百二')).toBeNull();
  });
  it('suggests the wave dash for ranges, not for dates or phone numbers', () => {
    expect(rules.numberRange('3—5年').map((f) => f.proposed)).toEqual(['3～5']);
    expect(rules.numberRange('增长3-5%').map((f) => f.proposed)).toEqual(['3～5']);
    expect(rules.numberRange('2026-01-15')).toEqual([]);
    expect(rules.numberRange('电话010-12345678')).toEqual([]);
  });
  it('are not applied with the fixes', () => {
    expect(applyFindings('3—5年', rules.numberRange('3—5年'))).toBe('3—5年');
  });
});

describe('the rule table', () => {
  it('cleans a pasted paragraph and leaves its URL, e-mail and code alone', () => {
    const text = '会议指出,要"加强监督"...详见 http://www.example.com/a,b.html 或 mail@bjrd.gov.cn, 运行 `a,b`.';
    const result = applyFindings(text, findInText(text));
    expect(result).toBe('会议指出，要“加强监督”……详见 http://www.example.com/a,b.html 或 mail@bjrd.gov.cn，运行 `a,b`.');
  });
  it('never lets two fixes claim the same characters', () => {
    const found = findInText('好...');
    expect(found.map((f) => f.rule)).toEqual(['ellipsis']);
  });
  it('gives suggestions with block index, original and context', () => {
    const [s] = suggestForTexts(['正文没有问题', '第二段,有逗号']);
    expect(s).toMatchObject({ blockIndex: 1, original: ',', proposed: '，', before: '第二段', after: '有逗号', applicable: true });
    const moved: typeof s = { ...s!, blockIndex: 5 };
    expect(suggestionKey(s!)).toBe(suggestionKey(moved!));
  });
  it('has nothing to say about clean Chinese or plain English', () => {
    expect(suggestForTexts(['北京市人大常委会召开会议，审议了条例草案。', 'The committee met on 3.14, at 10:30 (draft).'])).toEqual([]);
  });
});
