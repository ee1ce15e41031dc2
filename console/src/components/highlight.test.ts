import { describe, expect, it } from 'vitest';
import { hasKeyword, splitByKeywords } from './highlight';

describe('splitByKeywords', () => {
  it('marks every match, case-insensitive, keeping the original text', () => {
    expect(splitByKeywords('加我VX领红包, vx号发你', ['vx'])).toEqual([
      { text: '加我', hit: false },
      { text: 'VX', hit: true },
      { text: '领红包, ', hit: false },
      { text: 'vx', hit: true },
      { text: '号发你', hit: false },
    ]);
  });

  it('prefers the longest keyword at a position', () => {
    expect(splitByKeywords('请看退款流程', ['退款', '退款流程'])).toEqual([
      { text: '请看', hit: false },
      { text: '退款流程', hit: true },
    ]);
  });

  it('leaves text alone without keywords or matches', () => {
    expect(splitByKeywords('你好', [])).toEqual([{ text: '你好', hit: false }]);
    expect(splitByKeywords('你好', ['  '])).toEqual([{ text: '你好', hit: false }]);
    expect(hasKeyword('你好', ['退款'])).toBe(false);
    expect(hasKeyword('申请退款', ['退款'])).toBe(true);
    expect(splitByKeywords('', ['a'])).toEqual([]);
  });
});
