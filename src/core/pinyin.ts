import { pinyin } from 'pinyin-pro';

export interface PinyinKeys {
  /** Initials, lowercase: 正宗测试群 → zzcsq. Non-Chinese characters are kept, lowercased. */
  initials: string;
  /** Full pinyin without tones or spaces: 正宗测试群 → zhengzongceshiqun. */
  full: string;
}

export function pinyinKeys(text: string | null | undefined): PinyinKeys {
  if (!text) return { initials: '', full: '' };
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return {
    initials: initials.join('').replace(/\s+/g, '').toLowerCase(),
    full: syllables.join('').replace(/\s+/g, '').toLowerCase(),
  };
}
