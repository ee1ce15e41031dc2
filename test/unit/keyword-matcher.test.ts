import { describe, expect, it } from 'vitest';
import { KeywordMatcher, type KeywordEntry } from '../../src/modules/keywords/keyword-matcher.js';

let nextId = 1;
const entries = (...words: string[]): KeywordEntry[] => words.map((keyword) => ({ id: nextId++, keyword, operatorId: 1 }));
const found = (m: KeywordMatcher, text: string) =>
  m
    .match(text)
    .map((e) => e.keyword)
    .sort();

describe('KeywordMatcher', () => {
  it('finds each keyword once, however often it occurs', () => {
    const m = new KeywordMatcher(entries('红包', '广告'));
    expect(found(m, '红包红包红包，还有广告和红包')).toEqual(['广告', '红包']);
    expect(m.match('红包红包')).toHaveLength(1);
  });

  it('finds overlapping and nested keywords', () => {
    const m = new KeywordMatcher(entries('红包', '红包群', '包'));
    expect(found(m, '进红包群')).toEqual(['包', '红包', '红包群']);
    expect(found(m, '抢红包')).toEqual(['包', '红包']);
    expect(found(m, '包子')).toEqual(['包']);
    expect(found(m, '红色')).toEqual([]);
    const latin = new KeywordMatcher(entries('abc', 'bcd', 'cd'));
    expect(found(latin, 'xabcdx')).toEqual(['abc', 'bcd', 'cd']);
  });

  it('ignores Latin case in keywords and text', () => {
    const m = new KeywordMatcher(entries('VIP', 'wechat', 'Ab'));
    expect(found(m, '加vip送WeChat红包')).toEqual(['VIP', 'wechat']);
    expect(found(m, 'aB')).toEqual(['Ab']);
    expect(found(m, 'ＶＩＰ')).toEqual([]); // full-width letters are other characters
  });

  it('keeps entries of the same keyword apart (one per operator)', () => {
    const list: KeywordEntry[] = [
      { id: 901, keyword: '红包', operatorId: 1 },
      { id: 902, keyword: '红包', operatorId: 2 },
      { id: 903, keyword: 'Vip', operatorId: 3 },
      { id: 904, keyword: 'vip', operatorId: 4 },
    ];
    const m = new KeywordMatcher(list);
    expect(
      m
        .match('领红包 VIP')
        .map((e) => e.id)
        .sort((a, b) => a - b),
    ).toEqual([901, 902, 903, 904]);
  });

  it('matches nothing with no keywords, empty keywords or empty text', () => {
    expect(new KeywordMatcher([]).match('任何内容')).toEqual([]);
    expect(new KeywordMatcher(entries('')).match('任何内容')).toEqual([]);
    expect(new KeywordMatcher(entries('红包')).match('')).toEqual([]);
  });

  it('handles a thousand keywords', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `词${i.toString(36)}号${i}`);
    const m = new KeywordMatcher(entries(...words));
    const picked = [0, 7, 99, 100, 512, 998, 999];
    const text = picked.map((i) => `……${words[i]}……`).join('');
    expect(found(m, text)).toEqual(picked.map((i) => words[i]!).sort());
    expect(m.match('没有任何一个')).toEqual([]);
  });
});
