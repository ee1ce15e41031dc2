import { invalidParam } from '../../core/errors.js';

/**
 * roomNickName as a JSON array of {userName,nickName}, a single object, or the seed's
 * comma-joined objects (`{…},{…}`), which become valid JSON once wrapped in brackets.
 */
export function parseRoomNickNames(raw: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const text = raw?.trim();
  if (!text) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('[') ? text : `[${text}]`);
  } catch {
    throw invalidParam('roomNickName', '应为 {userName,nickName} 对象的 JSON 数组');
  }
  for (const item of (Array.isArray(parsed) ? parsed : [parsed]).flat()) {
    const o = item as { userName?: unknown; nickName?: unknown } | null;
    if (!o || typeof o.userName !== 'string' || typeof o.nickName !== 'string')
      throw invalidParam('roomNickName', '每一项都需要 userName 和 nickName 字符串');
    // oxlint-disable-next-line typescript/no-misused-spread -- cuts at 64 code points on purpose (never inside a surrogate pair), as the limit is counted
    out.set(o.userName, [...o.nickName].slice(0, 64).join(''));
  }
  return out;
}
